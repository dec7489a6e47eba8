/** What every verb needs: the course, the progress store, the engine (connected on demand), and output. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledIndexPath, courseCacheFile, openCourse } from '../course/course-index.js';
import { suggest } from '../course/suggest.js';
import type { Course, Lab, Lesson, Quiz } from '../course/model.js';
import { UsageError } from '../errors.js';
import { ProgressStore } from '../progress/store.js';
import { migrateProgress } from '../progress/migrate.js';
import type { Connection } from '../engine/connect.js';
import { createOutput, type Output } from './output.js';

export interface GlobalOptions {
  course?: string;
  json?: boolean;
}

export interface Context {
  env: NodeJS.ProcessEnv;
  out: Output;
  course(): Promise<Course>;
  store(): ProgressStore;
  /**
   * The engine, found once per run. `timeoutMs` bounds each call when an engine is only nice to
   * have (hints): a hung daemon then costs seconds, not the default deadline.
   */
  engine(options?: { timeoutMs?: number }): Promise<Connection>;
  /** True when stdin is a terminal we may ask questions on. */
  interactive: boolean;
}

/** The course shipped in the package: the nearest folder above this module holding course.yaml. */
export function bundledCourseDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 5; dir = path.dirname(dir), i++) {
    if (existsSync(path.join(dir, 'course.yaml'))) return dir;
  }
  return path.resolve(here, '..');
}

export function courseDir(options: GlobalOptions, env: NodeJS.ProcessEnv): { dir: string; bundled: boolean } {
  const custom = options.course ?? env.DOCKER_DOJO_COURSE;
  return custom ? { dir: path.resolve(custom), bundled: false } : { dir: bundledCourseDir(), bundled: true };
}

export function createContext(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Context {
  let course: Promise<Course> | undefined;
  let store: ProgressStore | undefined;
  let engine: Promise<Connection> | undefined;
  const out = createOutput(process.stdout, process.stderr, env);
  const getStore = () => (store ??= new ProgressStore({ env, onWarning: (message) => out.error(message) }));
  return {
    env,
    out,
    interactive: Boolean(process.stdin.isTTY) && env.CI !== 'true',
    course: () => (course ??= (async () => {
      const { dir, bundled } = courseDir(options, env);
      const loaded = await openCourse(dir, bundled ? { bundled, index: bundledIndexPath(dir) } : { cacheFile: courseCacheFile(path.dirname(getStore().path), dir) });
      await followCourseVersion(loaded, getStore());
      return loaded;
    })()),
    store: getStore,
    engine: (options = {}) => (engine ??= import('../engine/connect.js').then((m) => m.connectEngine({ env, ...options }))),
  };
}

/** Records the course version with the progress, migrating renamed items when it changed. */
async function followCourseVersion(course: Course, store: ProgressStore): Promise<void> {
  const recorded = store.read().course;
  if (recorded?.id === course.meta.id && recorded.version === course.meta.version) return;
  await store.update((p) => void migrateProgress(p, course.meta));
}

export function findLab(course: Course, id: string): Lab {
  const lab = course.labs.find((l) => l.id === id);
  if (!lab) throw new UsageError(`There is no lab "${id}"${suggest(id, course.labs.map((l) => l.id))}.`, 'Run `docker-dojo list` to see every lab.');
  return lab;
}

export function findLesson(course: Course, id: string): Lesson {
  const lesson = course.lessons.find((l) => l.id === id || path.basename(l.file, '.md') === id);
  if (!lesson) throw new UsageError(`There is no lesson "${id}"${suggest(id, course.lessons.map((l) => l.id))}.`, 'Run `docker-dojo list` to see every lesson.');
  return lesson;
}

export function findQuiz(course: Course, id: string): Quiz {
  const quiz = course.quizzes.find((q) => q.id === id);
  if (!quiz) throw new UsageError(`There is no quiz "${id}"${suggest(id, course.quizzes.map((q) => q.id))}.`, 'Run `docker-dojo list` to see every quiz.');
  return quiz;
}

/** Asks a yes/no question on the terminal; false when there is no terminal to ask on. */
export async function confirm(ctx: Context, question: string): Promise<boolean> {
  if (!ctx.interactive) return false;
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
