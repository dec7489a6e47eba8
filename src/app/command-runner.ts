/** The app's command runner: plans a command from a lesson, runs it piped or on the terminal, and stops what still runs on close. */
import { mkdirSync } from 'node:fs';
import createDebug from 'debug';
import { describeError } from '../errors.js';
import type { CommandPlan, OutputStream, RunHandle, RunRequest } from './api.js';
import { planCommand } from './commands.js';

const debug = createDebug('docker-dojo:app');

/**
 * A run whose runner is still loading: stopping it meanwhile stops it as soon as it starts, and a
 * runner that cannot load ends the run with that error, like a command that cannot start.
 */
export function whenLoaded(loading: Promise<RunHandle>): RunHandle {
  let stopped = false;
  return {
    done: loading.then(
      (handle) => {
        if (stopped) handle.stop();
        return handle.done;
      },
      (error: unknown) => ({ stopped, error: describeError(error), durationMs: 0 }),
    ),
    stop() {
      stopped = true;
      void loading.then((handle) => handle.stop(), () => {});
    },
  };
}

export class CommandRunner {
  private readonly running = new Set<RunHandle>();

  /** `fromCourse`: the folder of a course not shipped with docker-dojo, whose commands are its author's. */
  constructor(private readonly deps: { env: NodeJS.ProcessEnv; fromCourse?: string | undefined }) {}

  plan(request: RunRequest): CommandPlan {
    return { ...planCommand(request, this.deps.env), ...(this.deps.fromCourse ? { fromCourse: this.deps.fromCourse } : {}) };
  }

  run(plan: CommandPlan, onOutput: (text: string, stream: OutputStream) => void): RunHandle {
    ensureDir(plan.request.cwd);
    const handle = whenLoaded(import('./run.js').then((run) => run.runPiped(plan, onOutput, this.deps.env)));
    this.running.add(handle);
    void handle.done.finally(() => this.running.delete(handle));
    return handle;
  }

  async runInTerminal(plan: CommandPlan) {
    ensureDir(plan.request.cwd);
    return (await import('./run.js')).runOnTerminal(plan, this.deps.env);
  }

  /** Stops every run still going and waits for them to end. */
  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.running].map((h) => {
        h.stop();
        return h.done.catch(() => undefined);
      }),
    );
  }
}

function ensureDir(dir: string) {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    debug('could not create %s: %s', dir, describeError(error));
  }
}
