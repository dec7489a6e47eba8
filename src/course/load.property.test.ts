/**
 * Properties of the loader, over inputs no one would write by hand: whatever is in a course file,
 * `readCourse` answers with issues that name a file and say something, and never throws (except
 * the documented CourseError when the course folder itself is missing). And a valid lab, however
 * odd its values, loads back exactly as it was written.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CourseError } from '../errors.js';
import { readCourse } from './load.js';
import { LabFrontMatter } from './schema.js';
import { BASE_COURSE, LESSON, writeCourse } from './testing/course-files.js';

const BASE = BASE_COURSE;
const TARGETS = Object.keys(BASE);

async function inCourse<T>(files: Record<string, string | Uint8Array | null>, run: (dir: string) => Promise<T>): Promise<T> {
  const dir = writeCourse(files);
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every issue names a file of the course and says, on one line, what is wrong. */
async function expectWellFormedIssues(dir: string): Promise<void> {
  const { issues } = await readCourse(dir);
  for (const issue of issues) {
    expect(typeof issue.file).toBe('string');
    expect(issue.file.length).toBeGreaterThan(0);
    expect(issue.message.trim().length).toBeGreaterThan(0);
    expect(issue.message).not.toContain('\n');
    expect(issue.message).not.toMatch(/\[object Object\]/);
    if (issue.line !== undefined) expect(Number.isInteger(issue.line) && issue.line >= 1).toBe(true);
    if (issue.field !== undefined) expect(issue.field.length).toBeGreaterThan(0);
  }
}

/** Overwrites one file of a fresh base course and checks the loader's answer. */
const property = (content: fc.Arbitrary<string | Uint8Array>, runs = 150) =>
  fc.assert(
    fc.asyncProperty(fc.constantFrom(...TARGETS), content, async (target, text) => {
      await inCourse({ [target]: text }, expectWellFormedIssues);
    }),
    { numRuns: runs },
  );

const anyText = fc.string({ unit: 'grapheme', maxLength: 400 });
/** Characters that matter to YAML, so the generator reaches the parser's corners quickly. */
const yamlish = fc
  .array(fc.constantFrom(...'-:[]{},&*!|>\'"%@`#? \t\n\r\\'.split(''), 'id', 'kind', 'checks', '---', '  ', '- ', '\ufeff', '\u0000', '\u00e9', '🐳'), { maxLength: 120 })
  .map((parts) => parts.join(''));
const frontMatter = (body: fc.Arbitrary<string>) => fc.tuple(body, anyText).map(([front, rest]) => `---\n${front}\n---\n${rest}`);

/** A valid file with a few random edits: the near misses authors actually make. */
const mutated = fc
  .tuple(fc.constantFrom(...Object.values(BASE)), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.constantFrom('', ' ', '\t', '\n', ':', '-', '"', '[', '{', '---\n', '  ', '&a', '*a')), { minLength: 1, maxLength: 4 }))
  .map(([text, edits]) =>
    edits.reduce((t, [at, remove, insert]) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + insert + t.slice(i + remove);
    }, text),
  );

const labKeys = ['id', 'title', 'lesson', 'points', 'checks', 'hints', 'solution', 'setup', 'cleanup', 'starter', 'quiz', 'other'];
/** Structurally YAML, with any value in any field. */
const anyFields = fc
  .dictionary(fc.constantFrom(...labKeys), fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.array(fc.record({ kind: fc.constantFrom('container-running', 'http', 'nope'), container: fc.jsonValue({ maxDepth: 1 }) }), { maxLength: 3 })))
  .map((fields) => stringify(fields));

describe('readCourse on arbitrary input', () => {
  it('a folder that does not exist is the one documented throw', async () => {
    await expect(readCourse(path.join(tmpdir(), 'dojo-no-such-course-folder'))).rejects.toBeInstanceOf(CourseError);
  });

  it('any text in any course file gives issues with a file and a message', { timeout: 120_000 }, () => property(anyText));
  it('any bytes in any course file', { timeout: 120_000 }, () => property(fc.uint8Array({ maxLength: 400 })));
  it('YAML-shaped noise as front matter or as a whole file', { timeout: 120_000 }, () => property(fc.oneof(yamlish, frontMatter(yamlish))));
  it('valid files with a few random edits', { timeout: 120_000 }, () => property(mutated, 250));
  it('any values in the fields of a lab, a quiz or a course', { timeout: 120_000 }, () =>
    property(fc.oneof(anyFields, frontMatter(anyFields), fc.jsonValue({ maxDepth: 5 }).map((v) => stringify(v)))),
  );
});

// ---------------------------------------------------------------------------------------------
// Round trip: a valid lab written out as front matter loads back equal.

const ident = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/).filter((id) => !['intro', 'first', 'first-quiz'].includes(id));
const objectName = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,30}$/);
const imageRef = fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,20}(:[a-zA-Z0-9._-]{1,10})?$/);
const text = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }).filter((s) => s.length <= max);
const port = fc.integer({ min: 1, max: 65535 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const sinceStart = maybe(fc.boolean());

const checkSpec = fc.oneof(
  fc.record({ kind: fc.constant('container-running'), container: objectName, sinceStart }, { requiredKeys: ['kind', 'container'] }),
  fc.record({ kind: fc.constant('container-exited'), image: imageRef, exitCode: maybe(fc.integer({ min: -1, max: 255 })), sinceStart }, { requiredKeys: ['kind', 'image'] }),
  fc.record({ kind: fc.constant('image-present'), image: imageRef, pulled: maybe(fc.boolean()), sinceStart }, { requiredKeys: ['kind', 'image'] }),
  fc.record({ kind: fc.constant('image-command'), image: imageRef, cmd: fc.array(text(20), { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('container-port'), container: objectName, port: fc.oneof(port, port.map((p) => `${p}/udp`)), hostPort: maybe(port) }, { requiredKeys: ['kind', 'container', 'port'] }),
  fc.record({ kind: fc.constant('container-env'), container: objectName, name: text(30), value: maybe(fc.string({ unit: 'grapheme', maxLength: 30 })) }, { requiredKeys: ['kind', 'container', 'name'] }),
  fc.record(
    { kind: fc.constant('http'), port, path: fc.string({ maxLength: 20 }).map((p) => `/${p}`), status: fc.integer({ min: 100, max: 599 }), contains: text(40), attempts: fc.integer({ min: 1, max: 30 }) },
    { requiredKeys: ['kind', 'port'] },
  ),
  fc.record({ kind: fc.constant('network-has-containers'), network: objectName, containers: fc.array(objectName, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('event-since-start'), type: fc.constantFrom('container', 'image', 'volume', 'network', 'service'), action: text(20), name: maybe(text(20)) }, { requiredKeys: ['kind', 'type', 'action'] }),
);
const setupSpec = fc.oneof(
  fc.record({ kind: fc.constant('pull'), image: imageRef }),
  fc.record({ kind: fc.constant('volume'), name: objectName }),
  fc.record({ kind: fc.constant('container'), name: objectName, image: imageRef, command: maybe(fc.array(text(20), { maxLength: 3 })), ports: maybe(fc.dictionary(port.map((p) => `${p}/tcp`), port, { maxKeys: 2 })) }, { requiredKeys: ['kind', 'name', 'image'] }),
);
/** Drops undefined so the YAML has no `key: null` for an absent optional field. */
const defined = <T extends object>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

const validLab = fc
  .record(
    {
      id: ident,
      title: text(120),
      points: fc.integer({ min: 0, max: 1000 }),
      checks: fc.array(checkSpec, { minLength: 1, maxLength: 4 }),
      hints: fc.array(text(200), { maxLength: 4 }),
      solution: fc.array(text(200), { minLength: 1, maxLength: 4 }),
      setup: fc.array(setupSpec, { maxLength: 3 }),
      cleanup: fc.record({ containers: fc.array(objectName, { maxLength: 3 }), images: fc.array(imageRef, { maxLength: 3 }), volumes: fc.array(objectName, { maxLength: 2 }), leaveSwarm: fc.boolean() }, { requiredKeys: [] }),
    },
    { requiredKeys: ['id', 'title', 'checks', 'solution'] },
  )
  .map((lab) => defined({ ...lab, lesson: 'intro' }));
const body = fc.string({ unit: 'grapheme', maxLength: 300 }).filter((b) => !b.includes('\r'));

describe('a valid lab loads back as it was written', () => {
  it('for any valid field values and body', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(validLab, body, async (front, text) => {
        const files = {
          'lessons/01-intro.md': LESSON.replace('labs: [first]\nquiz: first-quiz\n', ''),
          'labs/first.md': null,
          'quizzes/first-quiz.yaml': null,
          [`labs/${front.id}.md`]: `---\n${stringify(front)}---\n${text}`,
        };
        const { course, issues } = await inCourse(files, (dir) => readCourse(dir));
        expect(issues).toEqual([]);
        const { file, body: loadedBody, bodyLine: _bodyLine, starterDir, ...loaded } = course.labs[0]!;
        expect(file).toBe(`labs/${front.id}.md`);
        expect(starterDir).toBeUndefined();
        expect(loadedBody).toBe(text);
        expect(loaded).toEqual(LabFrontMatter.parse(front));
      }),
      { numRuns: 150 },
    );
  });
});
