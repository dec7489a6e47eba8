/**
 * Watch mode for an open lab: grade once, then again shortly after each engine event that can
 * change the verdicts (debounced, never two grades at once), and again when the engine comes back.
 */
import type { RawEvent } from '../engine/port.js';
import type { EngineStatus, LabGradeView, LabWatchState, ProblemView, SetupActivity, Unsubscribe } from './api.js';
import type { EventWatcher } from './engine-monitor.js';

/** Actions that reading the engine causes (checks exec into containers, read files) or that repeat on their own. */
const NOISE = new Set(['exec_create', 'exec_start', 'exec_die', 'exec_detach', 'archive-path', 'extract-to-dir', 'top', 'resize', 'export']);

/** Whether an engine event can change a lab's verdicts. */
export function isRelevantEvent(event: Pick<RawEvent, 'Type' | 'Action'>): boolean {
  const action = event.Action ?? '';
  if (NOISE.has(action) || action.startsWith('exec_') || action.startsWith('health_status')) return false;
  return ['container', 'image', 'volume', 'network', 'service', 'node', 'plugin', 'config', 'secret', 'daemon'].includes(event.Type);
}

export interface LabWatchDeps {
  /** Grades the lab; `explicit` when the learner asked. Progress recording is the grader's business. */
  grade(explicit: boolean, onActivity: (activity: SetupActivity | undefined) => void): Promise<LabGradeView>;
  watchEvents(watcher: EventWatcher): Unsubscribe;
  engineStatus(): EngineStatus;
  subscribeEngine(listener: (status: EngineStatus) => void): Unsubscribe;
  toProblem(error: unknown): ProblemView;
  debounceMs?: number;
}

export class LabWatch {
  private state: LabWatchState;
  private grading = false;
  private pending: { explicit: boolean } | undefined;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly unsubscribes: Unsubscribe[] = [];
  private readonly waiters: Array<() => void> = [];
  private readonly debounceMs: number;

  constructor(
    private readonly deps: LabWatchDeps,
    private readonly onChange: (state: LabWatchState) => void,
  ) {
    this.debounceMs = deps.debounceMs ?? 150;
    this.state = { phase: 'starting', engine: deps.engineStatus() };
  }

  start(): void {
    this.unsubscribes.push(
      this.deps.subscribeEngine((engine) => this.update({ engine })),
      this.deps.watchEvents({
        onEvent: (event) => {
          if (isRelevantEvent(event)) this.schedule();
        },
        onReconnected: () => this.check(false),
      }),
    );
    this.emit();
    void this.check(false);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribes.splice(0).forEach((u) => u());
    this.waiters.splice(0).forEach((w) => w());
  }

  current(): LabWatchState {
    return this.state;
  }

  /** Grades now, or right after the grade in flight; resolves when that grade has finished. */
  check(explicit: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const finished = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.grading) this.pending = { explicit: explicit || (this.pending?.explicit ?? false) };
    else void this.run(explicit);
    return finished;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check(false);
    }, this.debounceMs);
  }

  private async run(explicit: boolean): Promise<void> {
    this.grading = true;
    const waiters = this.waiters.splice(0);
    this.update({ phase: this.state.grade ? 'checking' : 'starting' });
    try {
      const graded = await this.deps.grade(explicit, (activity) => this.update({ activity: activity?.note, pull: activity?.pull }));
      if (this.stopped) return;
      // "The lab started now" stays said while the lab is open, even after later grades.
      const grade = this.state.grade?.fresh && !graded.fresh && graded.attempts >= (this.state.grade.attempts ?? 0) ? { ...graded, fresh: true } : graded;
      this.state = { phase: 'idle', grade, engine: this.state.engine };
      this.emit();
    } catch (error) {
      if (this.stopped) return;
      const { activity: _, pull: __, ...rest } = this.state;
      this.state = { ...rest, phase: 'idle', problem: this.deps.toProblem(error) };
      this.emit();
    } finally {
      this.grading = false;
      waiters.forEach((w) => w());
      const next = this.pending;
      this.pending = undefined;
      if (next && !this.stopped) void this.run(next.explicit);
    }
  }

  private update(change: Partial<LabWatchState>): void {
    if (this.stopped) return;
    this.state = { ...this.state, ...change };
    this.emit();
  }

  private emit(): void {
    if (!this.stopped) this.onChange(this.state);
  }
}
