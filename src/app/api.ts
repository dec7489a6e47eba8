/**
 * What the interactive app's screens may ask for. The screens see only this interface (through a
 * React context); the implementation in services.ts is the only part that touches the course,
 * the progress store, the engine and child processes. Tests give the screens a fake.
 */
import type { Verdict } from '../checks/verdict.js';
import type { AnswerVerdict } from '../course/answers.js';
import type { CourseSummary, ItemState } from '../progress/summary.js';

export type { Verdict, AnswerVerdict, CourseSummary, ItemState };

export type ItemKind = 'lesson' | 'lab' | 'quiz';

export interface ItemRef {
  kind: ItemKind;
  id: string;
  title: string;
}

export type Unsubscribe = () => void;

/** An error as the learner reads it: one sentence, what to do next, a stack only for bugs. */
export interface ProblemView {
  message: string;
  tryThis?: string;
  /** Set for unexpected errors (bugs): the stack to report. */
  stack?: string;
}

export type EngineStatus =
  | { state: 'connecting'; line: string }
  | { state: 'connected'; line: string }
  | { state: 'lost'; line: string; fix?: string; attempt: number; retryInMs: number }
  | { state: 'reconnecting'; line: string; attempt: number };

export interface LessonDoc {
  id: string;
  title: string;
  moduleTitle?: string;
  summary: string;
  markdown: string;
  /** Where the learner stopped reading: a line of the Markdown source (0 = the top). */
  position: number;
  read: boolean;
  /** The lesson's labs and quiz, in order, with the learner's state. */
  practice: Array<ItemRef & { state: ItemState }>;
  /** Folder runnable blocks run in. */
  cwd: string;
}

export interface LabDoc {
  id: string;
  title: string;
  lessonId: string;
  points: number;
  markdown: string;
  /** The hints revealed so far. */
  hints: string[];
  hintsTotal: number;
  solutionRevealed: boolean;
  /** Only once revealed. */
  solution?: string[];
  /** The lab's folder, when it ships starter files. */
  workspace?: string;
  cwd: string;
}

export interface LabGradeView {
  verdicts: Verdict[];
  passed: boolean;
  points: number;
  /** Score earned (kept once the lab passed). */
  score: number;
  attempts: number;
  /** True when this check started the lab (the baseline was taken now). */
  fresh: boolean;
  conflicts: string[];
  workspace?: string;
  copiedFiles: string[];
  checkedAt: number;
}

/** What the lab screen shows about its live checklist. */
export interface LabWatchState {
  /** 'starting' while the lab's setup runs (it may pull images), 'checking' while grading. */
  phase: 'starting' | 'checking' | 'idle';
  grade?: LabGradeView;
  problem?: ProblemView;
  /** A short note about set-up work, e.g. "pulling alpine:3.20 (12 MB of 40 MB)". */
  activity?: string;
  engine: EngineStatus;
}

export interface ResetPlanView {
  labId: string;
  items: Array<{ kind: string; name: string; why: string }>;
  kept: string[];
}

export interface ResetOutcome {
  failures: string[];
}

export type QuizQuestionView =
  | { id: string; prompt: string; kind: 'choice'; choices: string[] }
  | { id: string; prompt: string; kind: 'typed' }
  | { id: string; prompt: string; kind: 'live' };

export interface QuizDoc {
  id: string;
  title: string;
  lessonId: string;
  points: number;
  questions: QuizQuestionView[];
  /** Earlier answers by question id. */
  answers: Record<string, { answer: string; correct: boolean }>;
}

export interface RunRequest {
  /** The code block's text. */
  command: string;
  /** The block said `shell`: run it with /bin/sh -c. */
  shell: boolean;
  cwd: string;
}

/** A command as it will run, shown to the learner before they confirm. */
export interface CommandPlan {
  request: RunRequest;
  /** Exactly what will run, as one line to show. */
  display: string;
  /** The program and its arguments (without a shell: nothing is expanded later). */
  argv: string[];
  /** It wants the keyboard and a terminal (e.g. `docker run -it`): the app steps aside while it runs. */
  needsTerminal: boolean;
  /** Why it cannot run as written; then nothing runs. */
  problem?: string;
}

export interface RunResult {
  exitCode?: number;
  signal?: string;
  /** The learner stopped it. */
  stopped: boolean;
  /** It could not start (e.g. the program is not installed). */
  error?: string;
  durationMs: number;
}

export interface RunHandle {
  done: Promise<RunResult>;
  stop(): void;
}

export type OutputStream = 'stdout' | 'stderr';

export interface DojoServices {
  courseTitle(): string;
  /** Things the learner should know once, e.g. that an unreadable progress file was moved aside. */
  notices(): string[];
  summary(): Promise<CourseSummary>;
  /** A lesson, lab or quiz by id (lesson file names work too). */
  resolve(id: string): ItemRef | undefined;
  /** Where "continue" goes now; after an item, the next unfinished one following it. */
  next(after?: { kind: ItemKind; id: string }): Promise<ItemRef | undefined>;

  lesson(id: string): Promise<LessonDoc>;
  /** Remembers where the learner is in a lesson; written soon after and on close. */
  saveLessonPosition(id: string, position: number): void;
  markLessonRead(id: string): Promise<void>;

  lab(id: string): Promise<LabDoc>;
  /** Grades now and again ~150 ms after each relevant engine event, until unsubscribed. */
  watchLab(id: string, onChange: (state: LabWatchState) => void): Unsubscribe;
  /** An explicit re-check (the learner pressed c); the result arrives through watchLab. */
  checkLab(id: string): Promise<void>;
  revealHint(id: string): Promise<LabDoc>;
  revealSolution(id: string): Promise<LabDoc>;
  planReset(id: string): Promise<ResetPlanView>;
  applyReset(plan: ResetPlanView): Promise<ResetOutcome>;

  quiz(id: string): Promise<QuizDoc>;
  /** Grades an answer; live questions read the right answer from the engine now. */
  answer(quizId: string, questionId: string, answer: string): Promise<AnswerVerdict>;

  engineStatus(): EngineStatus;
  subscribeEngine(listener: (status: EngineStatus) => void): Unsubscribe;

  planCommand(request: RunRequest): CommandPlan;
  /** Runs a planned command with its output piped to onOutput. */
  runCommand(plan: CommandPlan, onOutput: (text: string, stream: OutputStream) => void): RunHandle;
  /** Runs a planned command on the terminal itself; the caller has stepped aside first. */
  runInTerminal(plan: CommandPlan): Promise<RunResult>;

  /** Stops watchers and running commands and writes what is pending. */
  close(): Promise<void>;
}
