/**
 * What the interactive app's screens may ask for. The screens see only this interface (through a
 * React context); the implementation in services.ts is the only part that touches the course,
 * the progress store, the engine and child processes. Tests give the screens a fake.
 */
import type { Verdict } from '../checks/verdict.js';
import type { ProblemView } from '../errors.js';
import type { AnswerResult } from '../learner/learner.js';
import type { CourseSummary, ItemState, QuizSummary } from '../progress/summary.js';

import type { ItemKind, ItemRef } from '../learner/find.js';

/** A graded answer and whether it earns the question's share (the first answer decides). */
export type AnswerVerdict = AnswerResult;
export type { Verdict, CourseSummary, ItemState, ItemKind, ItemRef, QuizSummary };

export type Unsubscribe = () => void;

export type { ProblemView } from '../errors.js';

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
  /** The lab's own quiz (it comes next once the lab has passed). */
  quiz?: string;
}

export interface LabGradeView {
  verdicts: Verdict[];
  passed: boolean;
  points: number;
  /** Score earned (kept once the lab passed). */
  score: number;
  attempts: number;
  /** The lab has been passed, now or earlier (its score is kept whatever the engine holds now). */
  everPassed: boolean;
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
  /** A short note about set-up work, e.g. "pulling alpine:3.20". */
  activity?: string;
  /** While a set-up pull runs: how far each layer is. */
  pull?: PullView;
  engine: EngineStatus;
}

/** What lab set-up is doing right now (while it runs). */
export interface SetupActivity {
  note: string;
  pull?: PullView;
}

/** One layer of an image being pulled, folded from the engine's progress messages. */
export interface LayerPull {
  /** The short id the engine reports (of the compressed layer). */
  id: string;
  /** The engine's last word about it: "Waiting", "Downloading", "Extracting", "Pull complete", "Already exists"… */
  status: string;
  /** Bytes of the current step (download or extraction), when the engine says. */
  current?: number;
  total?: number;
  /** Pulled, or already on the engine. */
  done: boolean;
  /** The engine had it already (a layer shared with another image). */
  existed: boolean;
}

export interface PullView {
  image: string;
  /** In the order the engine first mentioned them. */
  layers: LayerPull[];
  /** The last message not about one layer, e.g. "Digest: sha256:…". */
  message?: string;
}

/** The learner's engine as the chain of programs the lessons teach, with what each one reports. */
export interface EngineMap {
  /** Where the client reaches the API, e.g. "unix:///var/run/docker.sock". */
  endpoint: string;
  server: { version: string; apiVersion: string; os: string; arch: string; kernel: string; operatingSystem: string };
  /** Versions from the engine's component list; "unknown" when it does not say. */
  containerd: string;
  runc: string;
  dockerInit: string;
  /** The runtime containers get unless they ask for another, and the shim containerd starts for it. */
  defaultRuntime: string;
  shim: string;
  runtimes: string[];
  storageDriver: string;
  cgroupDriver: string;
  containers: { running: number; paused: number; stopped: number };
  images: number;
  /** The running containers (by creation, newest first). */
  running: Array<{ id: string; name: string; image: string; status: string }>;
}

/** One filesystem layer of an image, bottom first. */
export interface ImageLayer {
  /** The layer's content digest (RootFS.Layers). */
  diffId: string;
  /** Size and the build step that made it, when the image's history can be matched to its layers. */
  size?: number;
  createdBy?: string;
}

export type ImageStack =
  | {
      ref: string;
      present: true;
      id: string;
      /** The image's total size in bytes. */
      size: number;
      /** Bottom (oldest) first, as RootFS.Layers lists them. */
      layers: ImageLayer[];
      /** The default command: configuration, not a layer. */
      cmd?: string[];
    }
  | {
      ref: string;
      present: false;
      /** A lab of the course whose solution builds this image (then building, not pulling, makes it). */
      builtBy?: { labId: string; title: string };
    };

export interface ImageLayersView {
  image: ImageStack;
  compare?: ImageStack;
  /** How many bottom layers the two images have in common: the same content in the same order, stored once. */
  shared: number;
}

export interface ResetPlanView {
  labId: string;
  items: Array<{ kind: string; name: string; why: string }>;
  kept: string[];
  /** Sentences to read before saying yes (a swarm left alone, the learner's own files kept). */
  notes?: string[];
  /** Objects from before the lab in its way, each with what reset can do about it if asked. */
  blockers?: Array<{ name: string; text: string; offer: string }>;
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
  answers: Record<string, { answer: string; correct: boolean; credit: boolean }>;
}

export interface RunRequest {
  /** The code block's text. */
  command: string;
  /** The block said `shell`: run it with /bin/sh -c (bash -c for a `bash` block). */
  shell: boolean;
  /** The block's language (```bash run shell``` runs under bash, whose `time` and `[[` it may use). */
  language?: string;
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
  /** The folder of the course that offers the command, when it is not the one docker-dojo ships. */
  fromCourse?: string;
}

export interface RunResult {
  exitCode?: number;
  signal?: string;
  /** The learner stopped it. */
  stopped: boolean;
  /** It could not start (e.g. the program is not installed). */
  error?: string;
  /** After a stop: what the engine may still finish, since stopping the CLI does not stop it. */
  stopNote?: string;
  /** A handed-over `docker attach` or `docker run -it` that the learner left with Ctrl-P Ctrl-Q. */
  detached?: boolean;
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
  /** Read from memory and the progress file, so the first screen can draw it at once. */
  summary(): CourseSummary;
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
  /** Applies the remedy of one object in the lab's way (plan.blockers[index]), after the learner said yes. */
  clearBlocker(plan: ResetPlanView, index: number): Promise<ResetOutcome>;

  quiz(id: string): Promise<QuizDoc>;
  /** Grades an answer; live questions read the right answer from the engine now. */
  answer(quizId: string, questionId: string, answer: string): Promise<AnswerVerdict>;

  engineStatus(): EngineStatus;
  subscribeEngine(listener: (status: EngineStatus) => void): Unsubscribe;

  /** The engine, its components and running containers, for the "your engine, drawn" picture. */
  engineMap(): Promise<EngineMap>;
  /** An image's layers (and another image's, to see which they share); an image not on the engine comes back not present. */
  imageLayers(ref: string, compareWith?: string): Promise<ImageLayersView>;

  planCommand(request: RunRequest): CommandPlan;
  /** Runs a planned command with its output piped to onOutput. */
  runCommand(plan: CommandPlan, onOutput: (text: string, stream: OutputStream) => void): RunHandle;
  /** Runs a planned command on the terminal itself; the caller has stepped aside first. */
  runInTerminal(plan: CommandPlan): Promise<RunResult>;

  /** Stops watchers and running commands and writes what is pending. */
  close(): Promise<void>;
}
