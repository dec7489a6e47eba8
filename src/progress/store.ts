/**
 * The learner's progress, in one small JSON file in the per-user config folder
 * (or $DOCKER_DOJO_HOME). Writes are atomic (conf writes a temp file and renames it) and
 * read-modify-write cycles hold a lock, so two docker-dojo processes never lose each other's work.
 * A file that cannot be read is moved aside, never deleted, and the learner is told where.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import lockfile from 'proper-lockfile';
import { ProgressFile, emptyLab, emptyProgress, type LabProgress } from './schema.js';

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
    this.moveAside(this.path, new Error(parsed.error.issues[0]?.message ?? 'unexpected content'));
    return emptyProgress();
  }

  lab(id: string): LabProgress {
    return this.read().labs[id] ?? emptyLab();
  }

  /** Applies a change under the lock, re-reading first so concurrent writers merge instead of overwrite. */
  async update(change: (progress: ProgressFile) => void): Promise<ProgressFile> {
    mkdirSync(path.dirname(this.path), { recursive: true });
    const release = await lockfile.lock(this.path, {
      realpath: false,
      stale: 10_000,
      retries: { retries: 100, minTimeout: 10, maxTimeout: 100, factor: 1.3 },
    });
    try {
      const progress = this.read();
      change(progress);
      this.conf.store = progress;
      return progress;
    } finally {
      await release();
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
