/**
 * A prebuilt course index: the validated model of a course, written at build time, so that
 * starting the tutor does not parse and validate every YAML front matter again. It is used
 * only while the course files are the ones it was made from (the same file-system stamps, or
 * else byte for byte); any edit, added or removed file makes the loader read the course itself.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CourseError } from '../errors.js';
import { MAX_COURSE_FILE_BYTES, bodyFrom, isCourseFile, textLines } from './files.js';
import type { Course, Lab, Lesson, Module, Quiz } from './model.js';
import type { CourseFile } from './schema.js';

declare const __DOJO_BUILD__: string;
/** The index format and the build that wrote it: a new build may read courses differently. */
const WRITER = `1/${typeof __DOJO_BUILD__ === 'string' ? __DOJO_BUILD__ : 'dev'}`;

interface CourseIndex {
  writer: string;
  fingerprint: string;
  /** courseStamp() of the files it was made from, when they were stamped before being read. */
  stamp?: string;
  meta: CourseFile;
  modules: Array<Omit<Module, 'lessons'> & { lessons: string[] }>;
  /** Without their bodies (half the index): a lesson's body is read from its file when opened. */
  lessons: Array<Omit<Lesson, 'body'>>;
  /** starterDir relative to the course directory. */
  labs: Lab[];
  quizzes: Quiz[];
}

/** Where the package keeps the index of the course it ships. */
export function bundledIndexPath(courseDir: string): string {
  return path.join(courseDir, 'dist', 'course-index.json');
}

/**
 * Every file the loader reads, in a fixed order, and the starter folders it checks for. What
 * the loader refuses unread (too large, a FIFO behind a link) is refused here too; the caller
 * then reads the course and reports it.
 */
function courseFiles(root: string): { files: Array<{ file: string; full: string; size: number; stamp: string }>; starters: string[] } {
  const files: Array<{ file: string; full: string; size: number; stamp: string }> = [];
  const add = (file: string) => {
    const full = path.join(root, file);
    const info = statSync(full);
    if (!info.isFile() || info.size > MAX_COURSE_FILE_BYTES) throw new Error(`${file} is not a course file`);
    files.push({ file, full, size: info.size, stamp: `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}` });
  };
  add('course.yaml');
  for (const [sub, ext] of [['lessons', '.md'], ['labs', '.md'], ['quizzes', '.yaml']] as const) {
    const dir = path.join(root, sub);
    if (!existsSync(dir)) continue;
    const names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.name.endsWith(ext) && isCourseFile(dir, e)).map((e) => e.name).sort();
    for (const name of names) add(`${sub}/${name}`);
  }
  const startersDir = path.join(root, 'labs', 'starters');
  const starters = existsSync(startersDir) ? readdirSync(startersDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];
  return { files, starters };
}

/**
 * A hash of every file the loader reads (and of the starter folders it checks for), in a fixed
 * order. Reading ~180 small files this way takes ~10 ms of every start.
 */
export function courseFingerprint(root: string): string {
  const hash = createHash('sha256');
  const { files, starters } = courseFiles(root);
  for (const { file, full } of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(full));
    hash.update('\0');
  }
  if (existsSync(path.join(root, 'labs', 'starters'))) hash.update(`starters\0${starters.join('\0')}`);
  return hash.digest('hex');
}

/**
 * The same files by their file-system stamps (inode, size, modification and change times) and
 * the starter folders, without reading them: an index whose stamp still matches was made from
 * these very files, so start-up need not read and hash them. Any edit, copy, checkout or
 * extraction changes a stamp, and then the fingerprint decides.
 */
export function courseStamp(root: string): string {
  const { files, starters } = courseFiles(root);
  return createHash('sha256').update(files.map((f) => `${f.file}\0${f.stamp}`).join('\0')).update(`\0starters\0${starters.join('\0')}`).digest('hex');
}

export function courseIndexJson(course: Course, fingerprint: string, stamp?: string): string {
  const index: CourseIndex = {
    writer: WRITER,
    fingerprint,
    ...(stamp ? { stamp } : {}),
    meta: course.meta,
    modules: course.modules.map(({ lessons, ...m }) => ({ ...m, lessons: lessons.map((l) => l.id) })),
    lessons: course.lessons.map(({ body: _body, ...lesson }) => lesson),
    labs: course.labs.map((lab) => ({ ...lab, starterDir: lab.starterDir && path.relative(course.dir, lab.starterDir) })),
    quizzes: course.quizzes,
  };
  return JSON.stringify(index);
}

/**
 * The course from its index, or undefined when there is none or the files have changed since:
 * their stamp matches the index's, or else their fingerprint does. `stamp` and `fingerprint`
 * are the course's, when the caller has them already.
 */
export function readCourseIndex(indexFile: string, root: string, bundled: boolean, current: { stamp?: string; fingerprint?: () => string } = {}): Course | undefined {
  let index: CourseIndex;
  try {
    index = JSON.parse(readFileSync(indexFile, 'utf8')) as CourseIndex;
    if (index.writer !== WRITER) return undefined;
    const stamped = index.stamp !== undefined && index.stamp === (current.stamp ?? courseStamp(root));
    if (!stamped && index.fingerprint !== (current.fingerprint ?? (() => courseFingerprint(root)))()) return undefined;
  } catch {
    return undefined;
  }
  const lessons = index.lessons.map((lesson) => withBodyFromFile(lesson, root));
  const lessonsById = new Map(lessons.map((l) => [l.id, l]));
  return {
    dir: root,
    bundled,
    meta: index.meta,
    modules: index.modules.map((m) => ({ ...m, lessons: m.lessons.map((id) => lessonsById.get(id)!) })),
    lessons,
    labs: index.labs.map((lab) => ({ ...lab, starterDir: lab.starterDir && path.join(root, lab.starterDir) })),
    quizzes: index.quizzes,
  };
}

/**
 * The lesson with its body read from its file on first use, as the loader cuts it (everything
 * after the front matter, from `bodyLine`). The index is used only while the file is the one it
 * was made from.
 */
function withBodyFromFile(lesson: Omit<Lesson, 'body'>, root: string): Lesson {
  let body: string | undefined;
  return Object.defineProperty({ ...lesson } as Lesson, 'body', {
    enumerable: true,
    get: () => {
      if (body !== undefined) return body;
      const file = path.join(root, lesson.file);
      try {
        body = bodyFrom(textLines(readFileSync(file, 'utf8')), lesson.bodyLine);
      } catch (error) {
        throw new CourseError(`The lesson file ${file} could not be read (${(error as Error).message}).`, 'Check that the course folder is still there, then open the lesson again.');
      }
      return body;
    },
  });
}

/**
 * The course for use: from its index when one is given and still matches the files, otherwise
 * read and validated (the parser and schemas load only then). A course read that way is
 * indexed into `cacheFile` when given, so the next start of the same files is fast too.
 */
export async function openCourse(dir: string, options: { bundled?: boolean; index?: string; cacheFile?: string } = {}): Promise<Course> {
  const root = path.resolve(dir);
  // Both taken before reading, so that a file edited meanwhile makes a cache stale, never wrong.
  // The stamp costs a stat per file; the fingerprint, which reads them all, only when needed.
  const stamp = options.index || options.cacheFile ? orNothing(() => courseStamp(root)) : undefined;
  let fingerprint: string | undefined;
  const currentFingerprint = () => (fingerprint ??= orNothing(() => courseFingerprint(root)) ?? '');
  for (const file of stamp ? [options.index, options.cacheFile] : []) {
    const indexed = file ? readCourseIndex(file, root, options.bundled ?? false, { stamp, fingerprint: currentFingerprint }) : undefined;
    if (indexed) return indexed;
  }
  if (options.cacheFile && stamp) currentFingerprint();
  const { loadCourse } = await import('./load.js');
  const course = await loadCourse(root, options);
  if (options.cacheFile && stamp && fingerprint) writeCacheQuietly(options.cacheFile, course, fingerprint, stamp);
  return course;
}

/** A course that cannot be read whole is not cached; the loader says what is wrong with it. */
function orNothing(make: () => string): string | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}

/** Where to cache the index of a course outside the package, inside the tutor's own folder. */
export function courseCacheFile(stateDir: string, courseDir: string): string {
  const key = createHash('sha256').update(path.resolve(courseDir)).digest('hex').slice(0, 16);
  return path.join(stateDir, 'course-cache', `${key}.json`);
}

/** A cache is only a speed-up: failing to write it changes nothing else. */
function writeCacheQuietly(file: string, course: Course, fingerprint: string, stamp: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, courseIndexJson(course, fingerprint, stamp));
    renameSync(temporary, file);
  } catch {
    // read-only folder, full disk: the course still loads from its files next time
  }
}
