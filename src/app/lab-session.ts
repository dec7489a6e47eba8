/**
 * The app's labs: a lab's page with the help revealed, a watch that re-grades it as the engine
 * changes, hints and the solution, and a reset planned, shown and then applied.
 */
import type { Lab } from '../course/model.js';
import type { PullProgress } from '../engine/port.js';
import { UsageError, describeError, problemOf } from '../errors.js';
import type { ResetPlan } from '../lab/reset.js';
import { labWorkspace, workspaceRoot } from '../lab/workspace.js';
import { blockerFailureText, resetFailureText, type LabGrade, type Learner } from '../learner/learner.js';
import type { ProgressStore } from '../progress/store.js';
import type { EngineStatus, ItemRef, LabDoc, LabGradeView, LabWatchState, PullView, ResetOutcome, ResetPlanView, SetupActivity, Unsubscribe } from './api.js';
import type { EngineMonitor } from './engine-monitor.js';
import { LabWatch } from './lab-watch.js';
import type { Track } from './pending-writes.js';
import { foldPull, startPull } from './pull-progress.js';

export interface LabSessionDeps {
  learner: Learner;
  store: ProgressStore;
  env: NodeJS.ProcessEnv;
  track: Track;
  monitor: Pick<EngineMonitor, 'watchEvents' | 'current'>;
  subscribeEngine(listener: (status: EngineStatus) => void): Unsubscribe;
  remember(kind: ItemRef['kind'], id: string): void;
  /** Wait after an engine event before re-grading. */
  debounceMs?: number | undefined;
  /** Least time between two pull progress updates (default 100 ms). */
  pullUpdateMs?: number | undefined;
}

export class LabSession {
  private readonly watches = new Map<string, Set<LabWatch>>();
  /** The reset plan last shown for each lab: applying it removes exactly what the learner saw. */
  private readonly plans = new Map<string, ResetPlan>();
  /** Objects in each lab's way after its reset, offered one by one. */
  private readonly blockers = new Map<string, ResetPlan['blockers']>();

  constructor(private readonly deps: LabSessionDeps) {}

  async lab(id: string): Promise<LabDoc> {
    const lab = this.deps.learner.lab(id);
    this.deps.remember('lab', lab.id);
    return this.doc(lab);
  }

  watch(id: string, onChange: (state: LabWatchState) => void): Unsubscribe {
    const lab = this.deps.learner.lab(id);
    const { monitor } = this.deps;
    const watch = new LabWatch(
      {
        grade: (explicit, onActivity) => this.grade(lab, explicit, onActivity),
        watchEvents: (watcher) => monitor.watchEvents(watcher),
        engineStatus: () => monitor.current(),
        subscribeEngine: (listener) => this.deps.subscribeEngine(listener),
        toProblem: problemOf,
        ...(this.deps.debounceMs !== undefined ? { debounceMs: this.deps.debounceMs } : {}),
      },
      onChange,
    );
    const set = this.watches.get(lab.id) ?? new Set<LabWatch>();
    this.watches.set(lab.id, set);
    set.add(watch);
    watch.start();
    return () => {
      watch.stop();
      set.delete(watch);
    };
  }

  async check(id: string): Promise<void> {
    const lab = this.deps.learner.lab(id);
    const active = [...(this.watches.get(lab.id) ?? [])];
    if (active.length > 0) await Promise.all(active.map((w) => w.check(true)));
    else await this.grade(lab, true, () => {});
  }

  async revealHint(id: string): Promise<LabDoc> {
    const lab = this.deps.learner.lab(id);
    await this.deps.track(this.deps.learner.revealHint(lab));
    return this.doc(lab);
  }

  async revealSolution(id: string): Promise<LabDoc> {
    const lab = this.deps.learner.lab(id);
    await this.deps.track(this.deps.learner.revealSolution(lab));
    return this.doc(lab);
  }

  async planReset(id: string): Promise<ResetPlanView> {
    const lab = this.deps.learner.lab(id);
    const plan = await this.deps.learner.planReset(lab);
    this.plans.set(lab.id, plan);
    return resetView(plan);
  }

  async applyReset(view: ResetPlanView): Promise<ResetOutcome> {
    const plan = this.plans.get(view.labId);
    if (!plan) throw new UsageError('That reset plan is out of date.', 'Press r again to see what reset would remove now.');
    this.plans.delete(view.labId);
    const failures = await this.deps.track(this.deps.learner.applyReset([plan]));
    this.blockers.set(plan.lab.id, plan.blockers);
    this.recheck(plan.lab.id);
    return { failures: failures.map((f) => resetFailureText(f)) };
  }

  async clearBlocker(view: ResetPlanView, index: number): Promise<ResetOutcome> {
    const blocker = this.blockers.get(view.labId)?.[index];
    if (!blocker) return { failures: [] };
    try {
      await this.deps.track(this.deps.learner.clearBlocker(blocker));
    } catch (error) {
      return { failures: [blockerFailureText(blocker.name, describeError(error))] };
    }
    this.recheck(view.labId);
    return { failures: [] };
  }

  stopAll(): void {
    for (const set of this.watches.values()) for (const w of set) w.stop();
    this.watches.clear();
  }

  private recheck(labId: string): void {
    for (const w of this.watches.get(labId) ?? []) void w.check(false);
  }

  private doc(lab: Lab): LabDoc {
    const { store, env } = this.deps;
    const p = store.lab(lab.id);
    return {
      id: lab.id,
      title: lab.title,
      lessonId: lab.lesson,
      points: lab.points,
      markdown: lab.body,
      hints: lab.hints.slice(0, p.hintsRevealed),
      hintsTotal: lab.hints.length,
      solutionRevealed: p.solutionRevealed,
      ...(p.solutionRevealed ? { solution: lab.solution } : {}),
      ...(lab.starter ? { workspace: labWorkspace(lab.id, env) } : {}),
      cwd: lab.starter ? labWorkspace(lab.id, env) : workspaceRoot(env),
      ...(lab.quiz ? { quiz: lab.quiz } : {}),
    };
  }

  private async grade(lab: Lab, explicit: boolean, onActivity: (activity: SetupActivity | undefined) => void): Promise<LabGradeView> {
    const pulls = pullReporter(onActivity, this.deps.pullUpdateMs ?? 100);
    const started = () => {
      pulls.end();
      onActivity(undefined);
    };
    let result: LabGrade;
    try {
      result = await this.deps.track(this.deps.learner.grade(lab, { explicit, onPull: pulls.progress, onStarted: started }));
    } finally {
      pulls.end();
    }
    const { start, progress } = result;
    return {
      verdicts: result.verdicts,
      passed: result.passed,
      points: lab.points,
      score: result.score,
      attempts: progress.attempts,
      everPassed: progress.status === 'passed',
      fresh: start.fresh,
      conflicts: start.conflicts,
      ...(start.workspace ? { workspace: start.workspace } : {}),
      copiedFiles: start.copiedFiles,
      checkedAt: Date.now(),
    };
  }
}

function resetView(plan: ResetPlan): ResetPlanView {
  return {
    labId: plan.lab.id,
    items: plan.items.map((i) => ({ kind: i.kind, name: i.name, why: i.why })),
    kept: plan.kept,
    notes: plan.notes,
    blockers: plan.blockers.map((b) => ({ name: b.name, text: b.text, offer: b.remedy?.describe ?? '' })),
  };
}

/**
 * Folds a set-up pull's progress into per-layer state and reports it at most every `everyMs`
 * (the engine sends many messages a second per layer), always with the latest state.
 */
function pullReporter(report: (activity: SetupActivity) => void, everyMs: number) {
  let state: PullView | undefined;
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const flush = () => {
    timer = undefined;
    last = Date.now();
    if (state) report({ note: `pulling ${state.image}`, pull: state });
  };
  return {
    progress(ref: string, p: PullProgress) {
      state = foldPull(state?.image === ref ? state : startPull(ref), p);
      if (timer) return;
      const wait = everyMs - (Date.now() - last);
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    end() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
