/**
 * A corpus of broken courses. Each case starts from a valid course (fixtures/malformed/base),
 * adds one defect, and must be reported — by the loader and by the real `lint` — with the file,
 * the line and field where they apply, and the problem in words: never a crash, a stack trace
 * or a hang. A few cases are not defects at all (CRLF, a BOM, comments) and must simply work.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { readCourse } from '../src/course/load.js';
import { formatIssue, type CourseIssue } from '../src/course/model.js';
import { dojo, fixture, tempHome } from './support/cli.js';

const CORPUS = fixture('malformed');
const BASE = path.join(CORPUS, 'base');
const CASES = path.join(CORPUS, 'cases');
const LAB = 'labs/first.md';
const LESSON = 'lessons/01-intro.md';
const QUIZ = 'quizzes/first-quiz.yaml';
const COURSE = 'course.yaml';

interface Expected {
  file: string;
  line?: number;
  field?: string;
  message: RegExp;
  /** A consequence that must not be reported too (e.g. "does not exist" for a file that is only broken). */
  absent?: RegExp;
}

interface Case {
  name: string;
  /** Files written over the base course (null deletes one). */
  files: Record<string, string | Buffer | null>;
  /** For defects that are not file contents: a folder or a pipe where a file belongs. */
  prepare?: (dir: string) => void;
  /** 'works': loads with no issue; 'same': loads exactly like the base course. */
  expect: Expected | 'works' | 'same';
  source: 'fixture' | 'generated';
}

const usedFixtures = new Set<string>();
const fx = (name: string): Buffer => {
  usedFixtures.add(name);
  return readFileSync(path.join(CASES, name));
};
/** A defect kept as a small file in fixtures/malformed/cases, placed at `at` in the course. */
const placed = (name: string, at: string, expected: Omit<Expected, 'file'> & { file?: string }): Case => ({
  name,
  files: { [at]: fx(name) },
  expect: { file: at, ...expected },
  source: 'fixture',
});
const works = (name: string, at: string, like: 'works' | 'same' = 'same'): Case => ({ name, files: { [at]: fx(name) }, expect: like, source: 'fixture' });
/** A defect made at test time (too big, too deep or too binary to commit). */
const generated = (name: string, files: Case['files'], expected: Case['expect'], prepare?: Case['prepare']): Case => ({ name, files, expect: expected, prepare, source: 'generated' });

const base = (file: string) => readFileSync(path.join(BASE, file), 'utf8');
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const KINDS = /the known check kinds are: engine-reachable, image-present/;

const cases: Case[] = [
  // Invalid YAML of many kinds.
  placed('yaml-unclosed-flow-sequence.md', LAB, { line: 15, message: /invalid YAML: the list opened with "\[" on this line must end with "\]"/ }),
  placed('yaml-unclosed-flow-mapping.md', LAB, { line: 3, message: /invalid YAML: the mapping opened with "\{" on this line must end with "\}"/ }),
  placed('yaml-unclosed-double-quote.md', LAB, { line: 3, message: /invalid YAML: the " quote opened on this line is never closed/ }),
  placed('yaml-unclosed-single-quote.md', LAB, { line: 3, message: /invalid YAML: the ' quote opened on this line is never closed/ }),
  placed('yaml-bad-indentation.md', LAB, { line: 7, message: /invalid YAML: a "key: value" pair cannot start in the middle of this line \(is the next line indented too far\?\)/ }),
  placed('yaml-tab-indentation.md', LAB, { line: 8, message: /invalid YAML: Tabs are not allowed as indentation/ }),
  placed('yaml-duplicate-key.md', LAB, { line: 6, message: /invalid YAML: the key "title" appears twice in the same mapping/ }),
  placed('yaml-unresolved-alias.md', LAB, { line: 3, message: /invalid YAML: Unresolved alias .*lab-title/ }),
  placed('yaml-unknown-tag.md', LAB, { line: 3, message: /invalid YAML: Unresolved tag: !shout \(course files use plain YAML values, without "!" tags\)/ }),
  placed('yaml-bad-escape.md', LAB, { line: 3, message: /invalid YAML: .*escape/i }),
  placed('yaml-collection-as-key.md', LAB, { line: 6, message: /invalid YAML: a key must be a plain word, not a list or a mapping/ }),
  placed('yaml-two-anchors.md', LAB, { line: 3, message: /invalid YAML: A node can have at most one anchor/ }),
  placed('yaml-scalar-front-matter.md', LAB, { line: 1, message: /expected a YAML mapping of fields \(key: value\)/ }),
  placed('yaml-list-front-matter.md', LAB, { line: 1, message: /expected a YAML mapping of fields/ }),
  placed('yaml-empty-front-matter.md', LAB, { line: 1, message: /expected a YAML mapping of fields/ }),
  placed('yaml-alias-bomb.md', LAB, { message: /invalid YAML: the file repeats aliases \(\*name\) so often that it would expand enormously \(an alias bomb\)/ }),
  placed('yaml-multiple-documents.yaml', QUIZ, { line: 14, message: /invalid YAML: the file holds more than one YAML document \(remove the extra "---" line\)/ }),
  placed('yaml-invalid-course.yaml', COURSE, { line: 6, message: /invalid YAML: / }),

  // Front matter missing, unclosed, or no file content at all.
  placed('lab-no-front-matter.md', LAB, { line: 1, message: /the file must start with YAML front matter between two "---" lines/ }),
  placed('lab-unclosed-front-matter.md', LAB, { line: 1, message: /the front matter is not closed by a "---" line/ }),
  placed('lesson-no-front-matter.md', LESSON, { line: 1, message: /the file must start with YAML front matter/ }),
  placed('lab-empty.md', LAB, { line: 1, message: /the file is empty/, absent: /lab "first" does not exist/ }),
  placed('quiz-empty.yaml', QUIZ, { line: 1, message: /the file is empty/, absent: /quiz "first-quiz" does not exist/ }),

  // Wrong types, every field of a lab.
  placed('lab-id-number.md', LAB, { line: 2, field: 'id', message: /expected a string, found 42/ }),
  placed('lab-title-list.md', LAB, { line: 3, field: 'title', message: /expected a string, found \["First","lab"\]/ }),
  placed('lab-title-too-long.md', LAB, { line: 3, field: 'title', message: /must be at most 120 characters long/ }),
  placed('lab-lesson-mapping.md', LAB, { line: 4, field: 'lesson', message: /expected a string, found \{"id":"intro"\}/ }),
  placed('lab-points-string.md', LAB, { line: 5, field: 'points', message: /expected a number, found "ten"/ }),
  placed('lab-points-negative.md', LAB, { line: 5, field: 'points', message: /must be at least 0, found -5/ }),
  placed('lab-points-fraction.md', LAB, { line: 5, field: 'points', message: /expected a whole number, found 7.5/ }),
  placed('lab-points-infinite.md', LAB, { line: 5, field: 'points', message: /expected a number, found Infinity/ }),
  placed('lab-checks-mapping.md', LAB, { line: 7, field: 'checks', message: /expected a list, found \{"kind":"container-running"/ }),
  placed('lab-checks-empty.md', LAB, { line: 6, field: 'checks', message: /must list at least one item/ }),
  placed('lab-hints-string.md', LAB, { line: 10, field: 'hints', message: /expected a list, found "Use docker run -d\."/ }),
  placed('lab-solution-string.md', LAB, { line: 12, field: 'solution', message: /expected a list, found "docker run/ }),
  placed('lab-solution-missing.md', LAB, { field: 'solution', message: /is required \(a list\)/ }),
  placed('lab-setup-mapping.md', LAB, { line: 17, field: 'setup', message: /expected a list, found \{"kind":"pull"/ }),
  placed('lab-setup-unknown-kind.md', LAB, { line: 18, field: 'setup[0].kind', message: /unknown setup kind "download"; the known setup kinds are: pull, container, volume, network/ }),
  placed('lab-cleanup-list.md', LAB, { line: 14, field: 'cleanup', message: /expected a mapping \(key: value\), found \["web"\]/ }),
  placed('lab-cleanup-containers-string.md', LAB, { line: 15, field: 'cleanup.containers', message: /expected a list, found "web"/ }),
  placed('lab-starter-number.md', LAB, { line: 16, field: 'starter', message: /expected a string, found 7/ }),
  placed('lab-quiz-bool.md', LAB, { line: 17, field: 'quiz', message: /expected a string, found true/ }),
  placed('lab-sincestart-string.md', LAB, { line: 9, field: 'checks[0].sinceStart', message: /expected true or false, found "yes"/ }),

  // Checks: unknown kinds, missing and unknown fields, rules across fields.
  placed('check-unknown-kind.md', LAB, { line: 7, field: 'checks[0].kind', message: /^unknown check kind "container-runing" \(did you mean "container-running"\?\)$/ }),
  placed('check-unknown-kind-far.md', LAB, { line: 7, field: 'checks[0].kind', message: new RegExp(`^unknown check kind "teleport"; ${KINDS.source}`) }),
  placed('check-kind-missing.md', LAB, { line: 7, field: 'checks[0].kind', message: new RegExp(`\`kind\` is required; ${KINDS.source}`) }),
  placed('check-missing-field.md', LAB, { line: 7, field: 'checks[0].port', message: /^is required/ }),
  placed('check-unknown-field.md', LAB, { line: 7, field: 'checks[0]', message: /unknown field "timeout"/ }),
  placed('check-no-target.md', LAB, { line: 7, field: 'checks[0]', message: /container-running needs `container` \(a name\) or `image`/ }),
  placed('check-mount-no-source.md', LAB, { line: 7, field: 'checks[0]', message: /container-mount needs `volume` or `bind`/ }),
  placed('check-port-out-of-range.md', LAB, { line: 8, field: 'checks[0].port', message: /must be at most 65535, found 70000/ }),
  placed('check-bad-restart-policy.md', LAB, { line: 9, field: 'checks[0].policy', message: /must be one of "no", "always", "unless-stopped", "on-failure"; found "sometimes"/ }),
  placed('check-not-a-mapping.md', LAB, { line: 7, field: 'checks[0]', message: /expected a mapping \(key: value\), found "container-running web"/ }),

  // Unknown fields in every kind of file.
  placed('lab-unknown-field.md', LAB, { line: 2, message: /unknown field "hint"/ }),
  placed('lesson-unknown-field.md', LESSON, { line: 2, message: /unknown field "lab"/ }),
  placed('quiz-unknown-field.yaml', QUIZ, { line: 1, message: /unknown field "duration"/ }),
  placed('course-unknown-field.yaml', COURSE, { line: 1, message: /unknown field "author"/ }),

  // Wrong types in lessons and quizzes.
  placed('lesson-order-string.md', LESSON, { line: 5, field: 'order', message: /expected a number, found "first"/, absent: /lesson "intro" does not exist/ }),
  placed('lesson-summary-list.md', LESSON, { line: 6, field: 'summary', message: /expected a string, found \["one","two"\]/ }),
  placed('lesson-labs-string.md', LESSON, { line: 7, field: 'labs', message: /expected a list, found "first"/ }),
  placed('lesson-quiz-number.md', LESSON, { line: 8, field: 'quiz', message: /expected a string, found 3/ }),
  placed('lesson-module-missing.md', LESSON, { field: 'module', message: /is required \(a string\)/ }),
  placed('quiz-points-string.yaml', QUIZ, { line: 4, field: 'points', message: /expected a number, found "five"/ }),
  placed('quiz-questions-mapping.yaml', QUIZ, { line: 5, field: 'questions', message: /expected a list, found \{"verb":"run"\}/ }),
  placed('quiz-questions-empty.yaml', QUIZ, { line: 4, field: 'questions', message: /must list at least one item/ }),
  placed('quiz-choices-string.yaml', QUIZ, { line: 11, field: 'questions[1].choices', message: /expected a list, found "Deletes the container, Runs it in the background"/ }),
  placed('quiz-answer-string.yaml', QUIZ, { line: 12, field: 'questions[1].answer', message: /expected a number, found "second"/ }),
  placed('quiz-answer-out-of-range.yaml', QUIZ, { line: 12, field: 'questions[1].answer', message: /answer 2 is out of range \(there are 2 choices, counted from 0\)/ }),
  placed('quiz-answer-negative.yaml', QUIZ, { line: 12, field: 'questions[1].answer', message: /must be at least 0, found -1/ }),
  placed('quiz-one-choice.yaml', QUIZ, { line: 11, field: 'questions[1].choices', message: /must list at least 2 items/ }),
  placed('quiz-question-incomplete.yaml', QUIZ, { line: 5, field: 'questions[0]', message: /is not a complete question: give `prompt`, `explanation` and one of `choices` with `answer`/ }),
  placed('quiz-unknown-live-fact.yaml', QUIZ, { line: 7, field: 'questions[0].live.fact', message: /unknown live fact "kernel-versoin" \(did you mean "kernel-version"\?\)/ }),

  // course.yaml broken or missing.
  placed('course-id-number.yaml', COURSE, { line: 1, field: 'id', message: /expected a string, found 12/ }),
  placed('course-title-missing.yaml', COURSE, { field: 'title', message: /is required \(a string\)/ }),
  placed('course-bad-version.yaml', COURSE, { line: 3, field: 'version', message: /must be a version like "1\.0\.0"/ }),
  placed('course-modules-mapping.yaml', COURSE, { line: 5, field: 'modules', message: /expected a list, found \{"basics":"Basics"\}/ }),
  placed('course-modules-empty.yaml', COURSE, { line: 4, field: 'modules', message: /must list at least one item/ }),
  placed('course-duplicate-module.yaml', COURSE, { field: 'modules', message: /duplicate module id "basics"/, absent: /duplicate id "intro"/ }),
  placed('course-renamed-bad-key.yaml', COURSE, { line: 8, field: 'renamed.Old-Lab', message: /the key "Old-Lab" must be lowercase letters, digits and dashes/ }),
  placed('course-scalar.yaml', COURSE, { line: 1, message: /expected a YAML mapping of fields/ }),
  generated('course-missing', { [COURSE]: null }, { file: COURSE, message: /^the file is missing$/ }),
  generated('course-empty', { [COURSE]: '' }, { file: COURSE, line: 1, message: /the file is empty/ }),
  generated('course-is-a-folder', { [COURSE]: null }, { file: COURSE, message: /this is a folder; a file was expected/ }, (dir) => mkdirSync(path.join(dir, COURSE))),
  // A named pipe would block a plain read forever.
  generated('course-is-a-pipe', { [COURSE]: null }, { file: COURSE, message: /this is not a regular file/ }, (dir) => execFileSync('mkfifo', [path.join(dir, COURSE)])),
  generated('labs-folder-missing', {}, { file: 'labs/', message: /the course has no labs\/ folder/ }, (dir) => rmSync(path.join(dir, 'labs'), { recursive: true })),

  // The same id twice: lesson vs lab vs quiz.
  placed('dup-lab-as-lesson.md', 'labs/intro.md', { field: 'id', message: /duplicate id "intro" \(also used by lessons\/01-intro\.md\)/ }),
  placed('dup-quiz-as-lab.yaml', 'quizzes/second.yaml', { field: 'id', message: /duplicate id "first" \(also used by labs\/first\.md\)/ }),
  placed('dup-quiz-as-lesson.yaml', 'quizzes/third.yaml', { field: 'id', message: /duplicate id "intro" \(also used by lessons\/01-intro\.md\)/ }),
  placed('dup-lesson-as-lesson.md', 'lessons/02-again.md', { field: 'id', message: /duplicate id "intro" \(also used by lessons\/01-intro\.md\)/ }),

  // References to things that do not exist.
  placed('ref-lab-missing-lesson.md', 'labs/orphan.md', { field: 'lesson', message: /lesson "intor" does not exist \(did you mean "intro"\?\)/ }),
  placed('ref-lesson-missing-lab.md', 'lessons/02-more.md', { field: 'labs[1]', message: /lab "second-lab" does not exist/ }),
  placed('ref-lesson-missing-quiz.md', 'lessons/02-more.md', { field: 'quiz', message: /quiz "frist-quiz" does not exist \(did you mean "first-quiz"\?\)/ }),
  placed('ref-lesson-missing-module.md', 'lessons/02-more.md', { field: 'module', message: /module "advanced" does not exist/ }),
  placed('ref-quiz-missing-lesson.yaml', 'quizzes/other-quiz.yaml', { field: 'lesson', message: /lesson "outro" does not exist \(did you mean "intro"\?\)/ }),
  placed('ref-lab-missing-quiz.md', LAB, { field: 'quiz', message: /quiz "no-such-quiz" does not exist/ }),
  placed('ref-starter-missing.md', LAB, { line: 16, field: 'starter', message: /no folder labs\/starters\/web-starter\// }),

  // Ids that could escape a folder or break a label.
  placed('id-path-separator.md', LAB, { line: 2, field: 'id', message: /must be lowercase letters, digits and dashes/ }),
  placed('id-dot-dot.md', LAB, { line: 2, field: 'id', message: /must be lowercase letters, digits and dashes/ }),
  placed('id-parent-path.md', LAB, { line: 2, field: 'id', message: /must be lowercase letters, digits and dashes/ }),
  placed('id-uppercase.md', LAB, { line: 2, field: 'id', message: /must be lowercase letters, digits and dashes/ }),
  placed('id-spaces.md', LAB, { line: 2, field: 'id', message: /must be lowercase letters, digits and dashes/ }),
  placed('id-leading-dash.md', LAB, { line: 2, field: 'id', message: /must be lowercase letters, digits and dashes/ }),
  placed('id-too-long.md', LAB, { line: 2, field: 'id', message: /must be lowercase letters, digits and dashes/ }),
  placed('id-not-file-name.md', LAB, { line: 2, field: 'id', message: /the id "second" must match the file name \(labs\/second\.md\)/ }),
  placed('lesson-file-name.md', 'lessons/intro-two.md', { message: /lesson files are named NN-slug\.md, e\.g\. 04-images\.md/ }),
  placed('starter-path-escape.md', LAB, { line: 16, field: 'starter', message: /must be a folder name of lowercase letters, digits and dashes/ }),

  // Too big, too deep, not text.
  generated('lab-enormous', { [LAB]: `${base(LAB)}\n${'A very long lab. '.repeat(40_000)}` }, { file: LAB, message: /the file is \d+ KiB; course files may be at most 512 KiB/ }),
  generated('course-enormous', { [COURSE]: `${base(COURSE)}# ${'x'.repeat(600 * 1024)}\n` }, { file: COURSE, message: /the file is \d+ KiB; course files may be at most 512 KiB/ }),
  generated('deep-nested-lists', { [LAB]: `---\nid: first\nchecks: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n---\n` }, { file: LAB, line: 3, message: /invalid YAML: the YAML is nested more than 64 levels deep/ }),
  generated('deep-nested-maps', { [LAB]: `---\nid: first\nchecks: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n---\n` }, { file: LAB, line: 3, message: /invalid YAML: the YAML is nested more than 64 levels deep/ }),
  generated('deep-block-indentation', { [LAB]: `---\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} end\n---\n` }, { file: LAB, message: /invalid YAML: the YAML is nested more than 64 levels deep/ }),
  // Comparing every key with every other took ~30 s on a file like this (just under 512 KiB).
  generated('thirty-five-thousand-keys', { [QUIZ]: Array.from({ length: 35_000 }, (_, i) => `k${i}: ${i}`).join('\n') }, { file: QUIZ, line: 1, message: /^unknown fields "k0", "k1", "k2", "k3", "k4" and 34995 more$/ }),
  generated('non-utf8-bytes', { [LAB]: Buffer.concat([Buffer.from('---\nid: first\ntitle: '), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('\n---\n')]) }, { file: LAB, message: /the file is not valid UTF-8 text/ }),
  generated('utf16-file', { [QUIZ]: Buffer.from(`\ufeff${base(QUIZ)}`, 'utf16le') }, { file: QUIZ, message: /the file is not valid UTF-8 text/ }),

  // Not defects: these must load exactly like the base course.
  works('works-comments-and-flow-style.md', LAB),
  works('works-quoted-values.md', LAB),
  works('works-fence-trailing-space.md', LAB),
  works('works-unicode.md', LAB, 'works'),
  generated('works-crlf-everywhere', { [COURSE]: crlf(base(COURSE)), [LESSON]: crlf(base(LESSON)), [LAB]: crlf(base(LAB)), [QUIZ]: crlf(base(QUIZ)) }, 'same'),
  generated('works-mixed-line-endings', { [LAB]: base(LAB).split('\n').map((line, i) => line + (i % 2 ? '\r' : '')).join('\n') }, 'same'),
  generated('works-byte-order-mark', { [COURSE]: `\ufeff${base(COURSE)}`, [LAB]: `\ufeff${base(LAB)}`, [QUIZ]: `\ufeff${base(QUIZ)}` }, 'same'),
];

function buildCourse(c: Case): string {
  const dir = mkdtempSync(path.join(tmpdir(), `dojo-malformed-${c.name}-`));
  cpSync(BASE, dir, { recursive: true });
  for (const [file, content] of Object.entries(c.files)) {
    const full = path.join(dir, file);
    if (content === null) rmSync(full, { force: true });
    else {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }
  c.prepare?.(dir);
  return dir;
}

/** The part of a lab, lesson or quiz that must not depend on line endings or byte order marks. */
const comparable = (course: Awaited<ReturnType<typeof readCourse>>['course']) => ({
  meta: course.meta,
  lessons: course.lessons.map(({ body, bodyLine, ...rest }) => ({ ...rest, body: body.trim() })),
  labs: course.labs.map(({ body, bodyLine, starterDir, ...rest }) => ({ ...rest, body: body.trim(), starter: starterDir ? path.basename(starterDir) : undefined })),
  quizzes: course.quizzes,
});

const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
const tally = { cases: 0, reported: 0, works: 0, fixtureFiles: 0, generated: 0, slowest: { name: '', ms: 0 }, started: performance.now() };

describe('a malformed course is reported, never crashes', () => {
  afterAll(() => {
    const seconds = ((performance.now() - tally.started) / 1000).toFixed(1);
    console.log(
      `\nmalformed-course corpus: ${tally.cases} cases (${tally.reported} defects reported with file and words, ${tally.works} must-work cases loaded), ` +
        `${tally.fixtureFiles} fixture files + ${tally.generated} generated at test time; slowest ${tally.slowest.name} ${tally.slowest.ms} ms; ${seconds} s in all.\n` +
        '  reproduce: npx vitest run test/malformed-course.test.ts',
    );
  });

  it('the base course is valid, and every fixture file in the corpus is used by a case', async () => {
    expect((await readCourse(BASE)).issues).toEqual([]);
    expect(readdirSync(CASES).filter((f) => !usedFixtures.has(f))).toEqual([]);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  describe.concurrent.each(cases)('$name', (c) => {
    it('is reported by the loader and by `lint` with its file and in words', { timeout: 60_000 }, async () => {
      const dir = buildCourse(c);
      const started = performance.now();
      const { course, issues } = await readCourse(dir);
      for (const issue of issues) {
        expect(issue.file).toBeTruthy();
        expect(issue.message.trim().length).toBeGreaterThan(5);
      }

      const lint = await dojo(['lint', dir], tempHome(), { timeout: 30_000 });
      const ms = Math.round(performance.now() - started);
      expect(lint.timedOut, 'lint must not hang').toBe(false);
      expect(`${lint.stdout}\n${lint.stderr}`).not.toMatch(STACK_TRACE);
      expect(lint.stderr).not.toContain('hit a bug');

      if (c.expect === 'works' || c.expect === 'same') {
        expect(issues.map(formatIssue)).toEqual([]);
        if (c.expect === 'same') expect(comparable(course)).toEqual(comparable((await readCourse(BASE)).course));
        expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0);
        expect(lint.stdout).toContain('no problems');
      } else {
        const want = c.expect;
        const match = issues.find(
          (i: CourseIssue) => i.file === want.file && want.message.test(i.message) && (want.line === undefined || i.line === want.line) && (want.field === undefined || i.field === want.field),
        );
        expect(match, `no issue like ${JSON.stringify({ ...want, message: want.message.source })} in:\n${issues.map(formatIssue).join('\n')}`).toBeDefined();
        if (want.absent) expect(issues.map(formatIssue).filter((i) => want.absent!.test(i))).toEqual([]);
        expect(lint.exitCode, lint.stdout + lint.stderr).toBe(1);
        expect(lint.stdout).toContain(formatIssue(match!));
      }

      tally.cases++;
      if (typeof c.expect === 'string') tally.works++;
      else tally.reported++;
      if (c.source === 'fixture') tally.fixtureFiles++;
      else tally.generated++;
      if (ms > tally.slowest.ms) tally.slowest = { name: c.name, ms };
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    });
  });
});
