/** What every verb needs: the course, the progress store, the engine (connected on demand), and output. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledIndexPath, courseCacheFile, openCourse } from '../course/course-index.js';
import type { Course } from '../course/model.js';
import type { Learner } from '../learner/learner.js';
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
  /** The learner's operations over this run's course, progress and engine. */
  learner(): Promise<Learner>;
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
  let learner: Promise<Learner> | undefined;
  const out = createOutput(process.stdout, process.stderr, env);
  const getStore = () => (store ??= new ProgressStore({ env, onWarning: (message) => out.error(message) }));
  const ctx: Context = {
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
    learner: () => (learner ??= (async () => {
      const [{ Learner }, loaded] = await Promise.all([import('../learner/learner.js'), ctx.course()]);
      return new Learner({
        course: loaded,
        store: getStore(),
        env,
        engine: async (o) => (await ctx.engine(o?.optional ? { timeoutMs: OPTIONAL_ENGINE_TIMEOUT_MS } : {})).client,
      });
    })()),
  };
  return ctx;
}

/** Engine calls a hint may wait for: a healthy engine answers in milliseconds. */
const OPTIONAL_ENGINE_TIMEOUT_MS = 1500;

/** Records the course version with the progress, migrating renamed items when it changed. */
async function followCourseVersion(course: Course, store: ProgressStore): Promise<void> {
  // No progress yet: nothing to migrate, and a read-only verb must not create the file.
  if (!existsSync(store.path)) return;
  const recorded = store.read().course;
  if (recorded?.id === course.meta.id && recorded.version === course.meta.version) return;
  await store.update((p) => void migrateProgress(p, course.meta));
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
