/**
 * The learner's progress, in one small JSON file in the per-user config folder
 * (or $DOCKER_DOJO_HOME). Writes are atomic (a temp file, fsynced, then renamed over it) and
 * read-modify-write cycles hold a lock, so two docker-dojo processes never lose each other's work.
 * A file that cannot be read is moved aside, never deleted, and the learner is told where.
 *
 * A process killed while it held the lock leaves `progress.json.lock` behind. A live holder
 * refreshes the lock every second and holds it for a few milliseconds, so a lock untouched for
 * LOCK_STALE_MS belongs to a dead process and is taken over: the next run waits at most that long.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import createDebug from 'debug';
import { DojoError } from '../errors.js';
import type { core } from 'zod/mini';
import { ProgressFile, emptyLab, emptyProgress, type LabProgress } from './schema.js';

type ProgressIssue = core.$ZodIssue;

const debug = createDebug('docker-dojo:progress');

/** proper-lockfile's smallest stale time; see the note above. */
export const LOCK_STALE_MS = 2_000;
/** Retries add up to about 6 s: longer than a dead holder's lock takes to go stale. */
const LOCK_RETRIES = { retries: 45, minTimeout: 20, maxTimeout: 150, factor: 1.3 };

export interface ProgressStoreOptions {
  /** Folder for progress.json; defaults to $DOCKER_DOJO_HOME, then the OS config folder. */
  dir?: string;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Told when a file had to be moved aside, as it happens. */
  onWarning?: (message: string) => void;
}

export class ProgressStore {
  readonly path: string;
  /** Messages for the learner about files moved aside. */
  readonly warnings: string[] = [];
  readonly now: () => Date;
  private conf: Conf<ProgressFile>;
  private onWarning?: (message: string) => void;

  constructor(options: ProgressStoreOptions = {}) {
    const env = options.env ?? process.env;
    const dir = options.dir ?? env.DOCKER_DOJO_HOME;
    this.now = options.now ?? (() => new Date());
    this.onWarning = options.onWarning;
    this.conf = this.openConf(dir);
    this.path = this.conf.path;
  }

  private openConf(dir: string | undefined): Conf<ProgressFile> {
    const make = () =>
      new Conf<ProgressFile>({ projectName: 'docker-dojo', projectSuffix: '', configName: 'progress', ...(dir ? { cwd: dir } : {}), accessPropertiesByDotNotation: false });
    try {
      return make();
    } catch (error) {
      const file = dir ? path.join(dir, 'progress.json') : undefined;
      if (file && existsSync(file)) {
        this.moveAside(file, error);
        return make();
      }
      throw error;
    }
  }

  /** The current progress as on disk; an unreadable file is moved aside and an empty record returned. */
  read(): ProgressFile {
    let raw: unknown;
    try {
      raw = this.conf.store;
    } catch (error) {
      this.moveAside(this.path, error);
      return emptyProgress();
    }
    const parsed = ProgressFile.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.moveAside(this.path, new Error(describeIssue(parsed.error.issues[0])));
    return emptyProgress();
  }

  lab(id: string): LabProgress {
    return this.read().labs[id] ?? emptyLab();
  }

  /** Applies a change under the lock, re-reading first so concurrent writers merge instead of overwrite. */
  async update(change: (progress: ProgressFile) => void): Promise<ProgressFile> {
    mkdirSync(path.dirname(this.path), { recursive: true });
    // The lock library (and graceful-fs, which it patches fs with) loads only when a command writes.
    const { default: lockfile } = await import('proper-lockfile');
    const release = await lockfile
      .lock(this.path, {
        realpath: false,
        stale: LOCK_STALE_MS,
        retries: LOCK_RETRIES,
        // The default throws from a timer (a crash). Our write is one atomic rename, so a lock
        // taken over by another process costs at most an update, never a broken file.
        onCompromised: (error) => debug('progress lock compromised: %s', error.message),
      })
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ELOCKED') throw error;
        throw new DojoError(`Another docker-dojo is still saving your progress (${this.path}.lock is held).`, {
          tryThis: `Wait a moment and try again; if no other docker-dojo is running, delete ${this.path}.lock.`,
          cause: error,
        });
      });
    try {
      this.removeOrphanTempFiles();
      const progress = this.read();
      change(progress);
      writeAtomic(this.path, `${JSON.stringify(progress, undefined, '\t')}\n`);
      return progress;
    } finally {
      await release().catch((error: Error) => debug('releasing the progress lock: %s', error.message));
    }
  }

  /**
   * Every write happens under the lock, so a temp file found while holding it was left by a
   * writer that was killed before its rename.
   */
  private removeOrphanTempFiles(): void {
    const base = path.basename(this.path);
    const orphan = new RegExp(`^${base.replace(/\./g, '\\.')}\\.tmp-[0-9a-f-]+$`);
    try {
      for (const name of readdirSync(path.dirname(this.path))) {
        if (orphan.test(name)) rmSync(path.join(path.dirname(this.path), name), { force: true });
      }
    } catch (error) {
      debug('cleaning temp files: %s', (error as Error).message);
    }
  }

  async updateLab(id: string, change: (lab: LabProgress) => void): Promise<LabProgress> {
    const progress = await this.update((p) => {
      const lab = p.labs[id] ?? emptyLab();
      change(lab);
      p.labs[id] = lab;
    });
    return progress.labs[id]!;
  }

  private moveAside(file: string, error: unknown): void {
    if (!existsSync(file)) return;
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    const backup = `${file}.corrupt-${stamp}`;
    renameSync(file, backup);
    const message = `Your progress file could not be read (${(error as Error).message.split('\n')[0]}). It was moved to ${backup} and a new one started; nothing was deleted.`;
    this.warnings.push(message);
    this.onWarning?.(message);
  }
}

/**
 * Writes a temp file, flushes it to disk and renames it over the target, so a reader (or a crash)
 * sees the old file or the new one. conf does this too, except when $SNAP is set (Node installed
 * as a snap), where it writes in place; progress must not depend on how Node was installed.
 */
function writeAtomic(file: string, text: string): void {
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The first thing wrong with the file, where it is and what was expected there. */
function describeIssue(issue: ProgressIssue | undefined): string {
  if (!issue) return 'unexpected content';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  if (issue.code === 'invalid_type') return `${where}expected ${issue.expected}`;
  if (issue.code === 'invalid_value') return `${where}expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'too_small') return `${where}expected at least ${issue.minimum}`;
  return `${where}${issue.message}`;
}
