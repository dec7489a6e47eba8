/**
 * Reads a course directory into a validated model, collecting every problem with its file,
 * line and field instead of stopping at the first.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { parseMarkdown, parseYaml, type ParsedYaml } from './front-matter.js';
import { CHECK_KINDS, CourseFile, LIVE_FACTS, LabFrontMatter, LessonFrontMatter, QuizFile, SETUP_KINDS, checkSpecProblem } from './schema.js';
import type { Course, CourseIssue, Lab, Lesson, Module, Quiz } from './model.js';
import { CourseError } from '../errors.js';
import { formatIssue } from './model.js';
import { suggest } from './suggest.js';
import { MAX_COURSE_FILE_BYTES, isCourseFile } from './files.js';

// zod's mini build has no messages of its own; the few issues shown with zod's wording get English.
z.config(en());

export interface ReadCourseResult {
  course: Course;
  issues: CourseIssue[];
}

export async function readCourse(dir: string, options: { bundled?: boolean } = {}): Promise<ReadCourseResult> {
  const root = path.resolve(dir);
  const issues: CourseIssue[] = [];
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    throw new CourseError(`No course directory at ${root}.`, 'Pass --course with a folder that has course.yaml, lessons/ and labs/.');
  }

  const courseText = await readText(root, 'course.yaml', issues);
  const meta = courseText === undefined ? undefined : validate(CourseFile, parseYaml(courseText), 'course.yaml', issues);

  // Ids of files that exist but did not load. Their own problems are reported; files that refer
  // to them are not also told that they "do not exist".
  const broken = new Set<string>();
  const noteBroken = (parsed: ParsedYaml | undefined, idFromName?: string) => {
    const id = (parsed?.data as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') broken.add(id);
    if (idFromName) broken.add(idFromName);
  };

  const lessons: Lesson[] = [];
  for (const file of await listFiles(root, 'lessons', '.md', issues)) {
    const text = await readText(root, file, issues);
    if (text === undefined) continue;
    const parsed = parseMarkdown(text);
    const front = validate(LessonFrontMatter, parsed, file, issues);
    if (!front) {
      noteBroken(parsed);
      continue;
    }
    const expectedName = /^\d{2,3}-[a-z0-9-]+\.md$/;
    if (!expectedName.test(path.basename(file))) {
      issues.push({ file, message: 'lesson files are named NN-slug.md, e.g. 04-images.md' });
    }
    lessons.push({ ...front, file, body: parsed.body, bodyLine: parsed.bodyLine });
  }

  const labs: Lab[] = [];
  for (const file of await listFiles(root, 'labs', '.md', issues)) {
    const text = await readText(root, file, issues);
    const parsed = text === undefined ? undefined : parseMarkdown(text);
    const front = parsed && validate(LabFrontMatter, parsed, file, issues);
    if (!parsed || !front) {
      noteBroken(parsed, path.basename(file, '.md'));
      continue;
    }
    front.checks.forEach((spec, index) => {
      const problem = checkSpecProblem(spec);
      if (problem) issues.push({ file, line: parsed.lineOf(['checks', index]), field: `checks[${index}]`, message: `${spec.kind} ${problem}` });
    });
    if (path.basename(file, '.md') !== front.id) {
      issues.push({ file, line: parsed.lineOf(['id']), field: 'id', message: `the id "${front.id}" must match the file name (labs/${front.id}.md)` });
    }
    let starterDir: string | undefined;
    if (front.starter) {
      starterDir = path.join(root, 'labs', 'starters', front.starter);
      const starterStat = await stat(starterDir).catch(() => undefined);
      if (!starterStat?.isDirectory()) {
        issues.push({ file, line: parsed.lineOf(['starter']), field: 'starter', message: `no folder labs/starters/${front.starter}/` });
        starterDir = undefined;
      }
    }
    labs.push({ ...front, file, body: parsed.body, bodyLine: parsed.bodyLine, starterDir });
  }

  const quizzes: Quiz[] = [];
  for (const file of await listFiles(root, 'quizzes', '.yaml', issues, { optional: true })) {
    const text = await readText(root, file, issues);
    const parsed = text === undefined ? undefined : parseYaml(text);
    const quiz = parsed && validate(QuizFile, parsed, file, issues);
    if (!parsed || !quiz) {
      noteBroken(parsed, path.basename(file, '.yaml'));
      continue;
    }
    quiz.questions.forEach((q, index) => {
      if ('choices' in q && q.answer >= q.choices.length) {
        issues.push({ file, line: parsed.lineOf(['questions', index, 'answer']), field: `questions[${index}].answer`, message: `answer ${q.answer} is out of range (there are ${q.choices.length} choices, counted from 0)` });
      }
    });
    quizzes.push({ ...quiz, file });
  }

  const safeMeta = meta ?? { id: 'invalid-course', title: 'Invalid course', version: '0.0.0', modules: [], renamed: {} };
  const modules: Module[] = safeMeta.modules.map((m) => ({
    ...m,
    lessons: lessons.filter((l) => l.module === m.id).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)),
  }));
  const course: Course = {
    dir: root,
    bundled: options.bundled ?? false,
    meta: safeMeta,
    modules,
    // A Set: a module id listed twice (reported below) must not list its lessons twice.
    lessons: [...new Set(modules.flatMap((m) => m.lessons).concat(lessons.filter((l) => !safeMeta.modules.some((m) => m.id === l.module))))],
    labs,
    quizzes,
  };
  issues.push(...crossReferenceIssues(course, broken));
  return { course, issues };
}

/** Loads a course for use; any problem stops with a message that lists the first few. */
export async function loadCourse(dir: string, options: { bundled?: boolean } = {}): Promise<Course> {
  const { course, issues } = await readCourse(dir, options);
  if (issues.length > 0) {
    const shown = issues.slice(0, 5).map(formatIssue).join('\n  ');
    const more = issues.length > 5 ? `\n  … and ${issues.length - 5} more` : '';
    throw new CourseError(
      `The course in ${course.dir} has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n  ${shown}${more}`,
      `Run \`docker-dojo lint ${course.dir}\` to see them all.`,
    );
  }
  return course;
}

function crossReferenceIssues(course: Course, broken: ReadonlySet<string>): CourseIssue[] {
  const issues: CourseIssue[] = [];
  const seen = new Map<string, string>();
  const claim = (id: string, file: string) => {
    const other = seen.get(id);
    if (other) issues.push({ file, field: 'id', message: `duplicate id "${id}" (also used by ${other})` });
    else seen.set(id, file);
  };
  const moduleIds = new Set<string>();
  for (const m of course.meta.modules) {
    if (moduleIds.has(m.id)) issues.push({ file: 'course.yaml', field: 'modules', message: `duplicate module id "${m.id}"` });
    moduleIds.add(m.id);
  }
  course.lessons.forEach((l) => claim(l.id, l.file));
  course.labs.forEach((l) => claim(l.id, l.file));
  course.quizzes.forEach((q) => claim(q.id, q.file));

  const lessonIds = new Set(course.lessons.map((l) => l.id));
  const labIds = new Set(course.labs.map((l) => l.id));
  const quizIds = new Set(course.quizzes.map((q) => q.id));
  const dangling = (file: string, field: string, kind: string, id: string, known: Set<string>) =>
    broken.has(id) || issues.push({ file, field, message: `${kind} "${id}" does not exist${suggest(id, known)}` });

  for (const lesson of course.lessons) {
    if (moduleIds.size > 0 && !moduleIds.has(lesson.module)) dangling(lesson.file, 'module', 'module', lesson.module, moduleIds);
    lesson.labs.forEach((id, i) => labIds.has(id) || dangling(lesson.file, `labs[${i}]`, 'lab', id, labIds));
    if (lesson.quiz && !quizIds.has(lesson.quiz)) dangling(lesson.file, 'quiz', 'quiz', lesson.quiz, quizIds);
  }
  for (const lab of course.labs) {
    if (!lessonIds.has(lab.lesson)) dangling(lab.file, 'lesson', 'lesson', lab.lesson, lessonIds);
    if (lab.quiz && !quizIds.has(lab.quiz)) dangling(lab.file, 'quiz', 'quiz', lab.quiz, quizIds);
  }
  for (const quiz of course.quizzes) {
    if (!lessonIds.has(quiz.lesson)) dangling(quiz.file, 'lesson', 'lesson', quiz.lesson, lessonIds);
  }
  return issues;
}

function validate<T extends z.ZodMiniType>(
  schema: T,
  parsed: ParsedYaml,
  file: string,
  issues: CourseIssue[],
): z.infer<T> | undefined {
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors) issues.push({ file, line: e.line, message: e.structural ? e.message : `invalid YAML: ${e.message}` });
    return undefined;
  }
  if (parsed.data === null || parsed.data === undefined || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    issues.push({ file, line: 1, message: 'expected a YAML mapping of fields (key: value)' });
    return undefined;
  }
  const result = schema.safeParse(parsed.data);
  if (result.success) return result.data;
  const found = result.error.issues.flatMap((issue) => expandUnion(issue, parsed.data));
  for (const issue of found) {
    // Once a value has the wrong type, checks of its length or size only repeat the problem;
    // and `int()` adds its own "at most 9007199254740991" next to the schema's real maximum.
    const sameField = found.filter((o) => o !== issue && samePath(o.path, issue.path));
    if (issue.code !== 'invalid_type' && sameField.some((o) => o.code === 'invalid_type')) continue;
    if (issue.code === 'too_big' && issue.maximum === Number.MAX_SAFE_INTEGER && sameField.length > 0) continue;
    issues.push({ file, line: parsed.lineOf(issue.path), field: fieldName(issue.path), message: describeIssue(issue, parsed.data) });
  }
  return undefined;
}

const samePath = (a: ReadonlyArray<PropertyKey>, b: ReadonlyArray<PropertyKey>) => a.length === b.length && a.every((k, i) => k === b[i]);

const valueAt = (data: unknown, at: ReadonlyArray<PropertyKey>): unknown =>
  at.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), data);

/**
 * A plain union (quiz questions) reports only "Invalid input". The member the author meant is
 * the one whose fields are all there and none extra; its own issues are the useful ones.
 */
function expandUnion(issue: z.core.$ZodIssue, data: unknown): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const absolute = (inner: z.core.$ZodIssue) => ({ ...inner, path: [...issue.path, ...inner.path] }) as z.core.$ZodIssue;
  const misfit = (branch: z.core.$ZodIssue[]) =>
    branch.filter((inner) => inner.code === 'unrecognized_keys' || (inner.code === 'invalid_type' && valueAt(data, absolute(inner).path) === undefined)).length;
  const scores = issue.errors.map((branch) => misfit(branch) * 1000 + branch.length);
  const best = Math.min(...scores);
  if (scores.filter((score) => score === best).length > 1) return [issue];
  return issue.errors[scores.indexOf(best)]!.flatMap((inner) => expandUnion(absolute(inner), data));
}

/** Values as an author would recognise them in their file, never more than a line. */
function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value instanceof Uint8Array) return 'binary data';
  if (value === undefined) return 'nothing';
  return (JSON.stringify(value) ?? String(value)).slice(0, 60);
}

const EXPECTED_WORDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping (key: value)',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  record: 'a mapping (key: value)',
};

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const value = valueAt(data, issue.path);
  const last = issue.path.at(-1);
  if (issue.code === 'invalid_union' && (last === 'kind' || last === 'fact')) {
    const [what, known] = last === 'fact' ? ['live fact', LIVE_FACTS] : issue.path.includes('setup') ? ['setup kind', SETUP_KINDS] : ['check kind', CHECK_KINDS];
    if (value === undefined) return `\`${String(last)}\` is required; the known ${what}s are: ${known.join(', ')}`;
    const close = suggest(String(value), known);
    return `unknown ${what} ${show(value)}${close || `; the known ${what}s are: ${known.join(', ')}`}`;
  }
  if (issue.code === 'invalid_union' && issue.path.includes('questions')) {
    return 'is not a complete question: give `prompt`, `explanation` and one of `choices` with `answer` (multiple choice), `accept` (typed answers) or `live` (read from the engine)';
  }
  if (issue.code === 'invalid_union' && value && typeof value === 'object' && 'kind' in value) {
    return `unknown kind ${show((value as { kind: unknown }).kind)}`;
  }
  if (issue.code === 'unrecognized_keys') {
    const named = issue.keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ');
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${named}${issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : ''}`;
  }
  if (issue.code === 'invalid_type') {
    const expected = EXPECTED_WORDS[issue.expected] ?? issue.expected;
    return value === undefined ? `is required (${expected})` : `expected ${expected}, found ${show(value)}`;
  }
  if (value === undefined) return 'is required';
  if (issue.code === 'invalid_key') return `the key ${show(last)} ${issue.issues[0]?.message ?? 'is not allowed'}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; found ${show(value)}`;
  if (issue.code === 'too_big' || issue.code === 'too_small') {
    const limit = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
    const bound = issue.code === 'too_big' ? (issue.inclusive === false ? 'less than' : 'at most') : issue.inclusive === false ? 'more than' : 'at least';
    if (issue.origin === 'string') return issue.code === 'too_small' && limit === 1 ? 'must not be empty' : `must be ${bound} ${limit} characters long`;
    if (issue.origin === 'array') return issue.code === 'too_small' && limit === 1 ? 'must list at least one item' : `must list ${bound} ${limit} items`;
    if (issue.origin === 'number') return `must be ${bound} ${limit}, found ${show(value)}`;
  }
  return issue.message;
}

function fieldName(fieldPath: ReadonlyArray<PropertyKey>): string | undefined {
  if (fieldPath.length === 0) return undefined;
  return fieldPath.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

async function listFiles(root: string, sub: string, ext: string, issues: CourseIssue[], options: { optional?: boolean } = {}): Promise<string[]> {
  try {
    const entries = await readdir(path.join(root, sub), { withFileTypes: true });
    return entries
      .filter((e) => e.name.endsWith(ext) && isCourseFile(path.join(root, sub), e))
      .map((e) => `${sub}/${e.name}`)
      .sort();
  } catch {
    if (!options.optional) issues.push({ file: `${sub}/`, message: `the course has no ${sub}/ folder` });
    return [];
  }
}

async function readText(root: string, file: string, issues: CourseIssue[]): Promise<string | undefined> {
  const full = path.join(root, file);
  try {
    const info = await stat(full);
    if (info.isDirectory()) {
      issues.push({ file, message: 'this is a folder; a file was expected' });
      return undefined;
    }
    // A FIFO or device would block the read (or never end); course files are plain files.
    if (!info.isFile()) {
      issues.push({ file, message: 'this is not a regular file' });
      return undefined;
    }
    if (info.size > MAX_COURSE_FILE_BYTES) {
      issues.push({ file, message: `the file is ${Math.round(info.size / 1024)} KiB; course files may be at most ${MAX_COURSE_FILE_BYTES / 1024} KiB` });
      return undefined;
    }
    const bytes = await readFile(full);
    if (bytes.length === 0) {
      issues.push({ file, line: 1, message: 'the file is empty' });
      return undefined;
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') issues.push({ file, message: 'the file is missing' });
    else if (error instanceof TypeError) issues.push({ file, message: 'the file is not valid UTF-8 text' });
    else issues.push({ file, message: `cannot read the file (${code ?? (error as Error).message})` });
    return undefined;
  }
}

/** The Dockerfiles and Compose files of the labs' starter folders, for lint to read their images. */
export async function readStarterFiles(course: Pick<Course, 'dir' | 'labs'>): Promise<Array<{ file: string; text: string }>> {
  const files: Array<{ file: string; text: string }> = [];
  const dirs = [...new Set(course.labs.map((l) => l.starterDir).filter((d): d is string => d !== undefined))];
  for (const dir of dirs) {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !/dockerfile|\.ya?ml$/i.test(entry.name)) continue;
      // parentPath came in Node 20.12; `path` is its older name.
      const full = path.join(entry.parentPath ?? (entry as { path?: string }).path ?? dir, entry.name);
      const text = await readFile(full, 'utf8').catch(() => undefined);
      if (text !== undefined) files.push({ file: path.relative(course.dir, full), text });
    }
  }
  return files.sort((a, b) => a.file.localeCompare(b.file));
}
