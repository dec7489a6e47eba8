/**
 * A scripted stand-in for the app's services, for view tests: data is given up front, actions are
 * recorded, and the test drives what the engine "does" (watch updates, command output).
 */
import { EngineError, UsageError } from '../../errors.js';
import type {
  AnswerVerdict,
  CommandPlan,
  CourseSummary,
  DojoServices,
  EngineMap,
  EngineStatus,
  ImageLayersView,
  ImageStack,
  ItemRef,
  LabDoc,
  LabWatchState,
  LessonDoc,
  OutputStream,
  QuizDoc,
  ResetOutcome,
  ResetPlanView,
  RunHandle,
  RunRequest,
  RunResult,
} from '../../app/api.js';
import { sharedLayers } from '../../app/pictures.js';

export interface FakeRun {
  plan: CommandPlan;
  output(text: string, stream?: OutputStream): void;
  finish(result: Partial<RunResult>): void;
  stopped: boolean;
}

export interface FakeData {
  summary?: CourseSummary;
  lessons?: Record<string, LessonDoc>;
  labs?: Record<string, LabDoc>;
  quizzes?: Record<string, QuizDoc>;
  /** Right answers by "quiz/question" (anything else is wrong). */
  answers?: Record<string, string>;
  resetPlan?: ResetPlanView;
  /** What the engine picture shows. */
  engineMap?: EngineMap;
  /** Images on the "engine" by reference (any other is not present). */
  images?: Record<string, ImageStack>;
  /** The course's folder when it is not the one docker-dojo ships. */
  fromCourse?: string;
}

export class FakeServices implements DojoServices {
  readonly calls: string[] = [];
  readonly runs: FakeRun[] = [];
  readonly terminalRuns: CommandPlan[] = [];
  readonly positions: Array<{ id: string; position: number }> = [];
  readonly read = new Set<string>();
  private engine: EngineStatus = { state: 'connected', line: 'Docker 27.0.0 · unix:///var/run/docker.sock' };
  private readonly engineListeners = new Set<(s: EngineStatus) => void>();
  private readonly watchers = new Map<string, Set<(s: LabWatchState) => void>>();
  private readonly lastWatch = new Map<string, LabWatchState>();

  constructor(readonly data: FakeData = {}) {}

  courseTitle() {
    return this.data.summary?.course.title ?? 'Test course';
  }
  notices() {
    return [];
  }
  summary(): CourseSummary {
    this.calls.push('summary');
    if (!this.data.summary) throw new Error('no summary in the fake');
    return this.data.summary;
  }
  resolve(id: string): ItemRef | undefined {
    if (this.data.lessons?.[id]) return { kind: 'lesson', id, title: this.data.lessons[id]!.title };
    if (this.data.labs?.[id]) return { kind: 'lab', id, title: this.data.labs[id]!.title };
    if (this.data.quizzes?.[id]) return { kind: 'quiz', id, title: this.data.quizzes[id]!.title };
    return undefined;
  }
  async next(): Promise<ItemRef | undefined> {
    return this.data.summary?.next;
  }
  async lesson(id: string): Promise<LessonDoc> {
    const doc = this.data.lessons?.[id];
    if (!doc) throw new UsageError(`There is no lesson "${id}".`, 'Run `docker-dojo list`.');
    return doc;
  }
  saveLessonPosition(id: string, position: number) {
    this.positions.push({ id, position });
  }
  async markLessonRead(id: string) {
    this.calls.push(`read ${id}`);
    this.read.add(id);
  }
  async lab(id: string): Promise<LabDoc> {
    const doc = this.data.labs?.[id];
    if (!doc) throw new Error(`no lab ${id}`);
    return doc;
  }
  watchLab(id: string, onChange: (state: LabWatchState) => void) {
    this.calls.push(`watch ${id}`);
    const set = this.watchers.get(id) ?? new Set();
    this.watchers.set(id, set);
    set.add(onChange);
    const last = this.lastWatch.get(id);
    if (last) onChange(last);
    return () => {
      set.delete(onChange);
      this.calls.push(`unwatch ${id}`);
    };
  }
  /** What the engine watch reports for a lab (as after a re-grade). */
  emitWatch(id: string, state: Omit<LabWatchState, 'engine'> & { engine?: EngineStatus }) {
    const full: LabWatchState = { engine: this.engine, ...state };
    this.lastWatch.set(id, full);
    for (const l of this.watchers.get(id) ?? []) l(full);
  }
  watching(id: string): boolean {
    return (this.watchers.get(id)?.size ?? 0) > 0;
  }
  async checkLab(id: string) {
    this.calls.push(`check ${id}`);
  }
  async revealHint(id: string): Promise<LabDoc> {
    this.calls.push(`hint ${id}`);
    const lab = this.data.labs![id]!;
    const all = this.allHints[id] ?? [];
    lab.hints = all.slice(0, lab.hints.length + 1);
    return { ...lab };
  }
  /** The hints a lab has (the doc holds only the revealed ones). */
  allHints: Record<string, string[]> = {};
  solutions: Record<string, string[]> = {};
  async revealSolution(id: string): Promise<LabDoc> {
    this.calls.push(`solution ${id}`);
    const lab = this.data.labs![id]!;
    lab.solutionRevealed = true;
    lab.solution = this.solutions[id] ?? ['docker run hello-world'];
    return { ...lab };
  }
  async planReset(id: string): Promise<ResetPlanView> {
    this.calls.push(`plan-reset ${id}`);
    return this.data.resetPlan ?? { labId: id, items: [], kept: [] };
  }
  async applyReset(plan: ResetPlanView): Promise<ResetOutcome> {
    this.calls.push(`reset ${plan.labId}`);
    return { failures: [] };
  }
  async clearBlocker(plan: ResetPlanView, index: number): Promise<ResetOutcome> {
    this.calls.push(`clear ${plan.labId} ${index}`);
    return { failures: [] };
  }
  async quiz(id: string): Promise<QuizDoc> {
    const doc = this.data.quizzes?.[id];
    if (!doc) throw new Error(`no quiz ${id}`);
    return doc;
  }
  async answer(quizId: string, questionId: string, answer: string): Promise<AnswerVerdict> {
    this.calls.push(`answer ${quizId}/${questionId}=${answer}`);
    const right = this.data.answers?.[`${quizId}/${questionId}`] ?? '';
    const correct = right.toLowerCase() === answer.trim().toLowerCase();
    return { correct, credit: correct, expected: right, explanation: `Because ${right}.` };
  }
  async engineMap(): Promise<EngineMap> {
    this.calls.push('engine-map');
    if (!this.data.engineMap) throw new EngineError('not-running', 'The Docker engine is not running.', 'Start the Docker daemon, then try again.');
    return this.data.engineMap;
  }
  async imageLayers(ref: string, compareWith?: string): Promise<ImageLayersView> {
    this.calls.push(`image-layers ${[ref, compareWith].filter(Boolean).join(' ')}`);
    const stack = (r: string): ImageStack => this.data.images?.[r] ?? { ref: r, present: false };
    const image = stack(ref);
    const compare = compareWith ? stack(compareWith) : undefined;
    return { image, ...(compare ? { compare } : {}), shared: sharedLayers(image, compare) };
  }
  engineStatus() {
    return this.engine;
  }
  subscribeEngine(listener: (s: EngineStatus) => void) {
    this.engineListeners.add(listener);
    return () => this.engineListeners.delete(listener);
  }
  setEngine(status: EngineStatus) {
    this.engine = status;
    for (const l of [...this.engineListeners]) l(status);
  }
  planCommand(request: RunRequest): CommandPlan {
    const display = request.command.trim();
    const needsTerminal = /\s-(it|ti)\b/.test(display);
    return { request, display, argv: display.split(/\s+/), needsTerminal, ...(this.data.fromCourse ? { fromCourse: this.data.fromCourse } : {}) };
  }
  runCommand(plan: CommandPlan, onOutput: (text: string, stream: OutputStream) => void): RunHandle {
    let finish!: (r: RunResult) => void;
    const done = new Promise<RunResult>((resolve) => (finish = resolve));
    const run: FakeRun = {
      plan,
      stopped: false,
      output: (text, stream = 'stdout') => onOutput(text, stream),
      finish: (r) => finish({ stopped: run.stopped, durationMs: 5, ...r }),
    };
    this.runs.push(run);
    return {
      done,
      stop: () => {
        run.stopped = true;
        this.calls.push('stop');
        finish({ stopped: true, signal: 'SIGTERM', durationMs: 5 });
      },
    };
  }
  async runInTerminal(plan: CommandPlan): Promise<RunResult> {
    this.terminalRuns.push(plan);
    return { exitCode: 0, stopped: false, durationMs: 1 };
  }
  async close() {
    this.calls.push('close');
  }
}
