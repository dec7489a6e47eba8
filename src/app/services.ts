/**
 * The interactive app's service layer: everything the screens need, as plain async functions and
 * subscriptions over the course, the progress store, the engine and child processes. Created by the
 * command that starts the app and handed to the views through a React context.
 */
import { mkdirSync } from 'node:fs';
import createDebug from 'debug';
import type { Course, Lab } from '../course/model.js';
import type { PullProgress } from '../engine/port.js';
import type { Connection } from '../engine/connect.js';
import { UsageError, describeError, problemOf } from '../errors.js';
import { builderName, builderOf, imageStoreOf } from '../engine/world.js';
import { setTimeout as delay } from 'node:timers/promises';
import type { ResetPlan } from '../lab/reset.js';
import { labWorkspace, workspaceRoot } from '../lab/workspace.js';
import { Learner, blockerFailureText, resetFailureText, type LabGrade } from '../learner/learner.js';
import type { ProgressStore } from '../progress/store.js';
import { earnsCredit } from '../progress/score.js';
import { nextAfter, summarize } from '../progress/summary.js';
import type {
  CommandPlan,
  DojoServices,
  EngineStatus,
  ImageStack,
  ItemRef,
  LabDoc,
  LabGradeView,
  LessonDoc,
  LabWatchState,
  PullView,
  QuizDoc,
  ResetPlanView,
  RunHandle,
  SetupActivity,
} from './api.js';
import { planCommand } from './commands.js';
import { EngineMonitor } from './engine-monitor.js';
import { LabWatch } from './lab-watch.js';
import { buildEngineMap, buildImageStack, buildsImage, sharedLayers } from './pictures.js';
import { foldPull, startPull } from './pull-progress.js';

const debug = createDebug('docker-dojo:app');
const ENGINE_START_DELAY_MS = 30;

export interface ServiceDeps {
  course: Course;
  store: ProgressStore;
  env: NodeJS.ProcessEnv;
  /** A fresh attempt to find and connect to the engine. */
  connect: () => Promise<Connection>;
  /** Wait after an engine event before re-grading (default 150 ms). */
  debounceMs?: number;
  /** Reconnect waits (default 0.5 s doubling to 8 s). */
  backoffMs?: number[];
  /** Least time between two pull progress updates (default 100 ms). */
  pullUpdateMs?: number;
}

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


export function createDojoServices(deps: ServiceDeps): DojoServices {
  const { course, store, env } = deps;
  // The pictures show where the client reaches the engine: remember the endpoint of each connection.
  let endpoint: string | undefined;
  const monitor = new EngineMonitor({
    connect: async () => {
      const connection = await deps.connect();
      endpoint = connection.found.endpoint.host;
      return connection;
    },
    describe: (connection) => describeEngine(connection, env),
    ...(deps.backoffMs ? { backoffMs: deps.backoffMs } : {}),
  });
  // The engine is found (and dockerode loaded) once the first screen asks for its status, a
  // moment later, so that finding it never delays the first frame.
  let startTimer: NodeJS.Timeout | undefined;
  const startSoon = () => void (startTimer ??= setTimeout(() => monitor.start(), ENGINE_START_DELAY_MS));
  const subscribeEngine = (listener: (status: EngineStatus) => void) => {
    startSoon();
    return monitor.subscribe(listener);
  };
  const learner = new Learner({ course, store, env, engine: () => monitor.client() });
  const watches = new Map<string, Set<LabWatch>>();
  const plans = new Map<string, ResetPlan>();
  const blockers = new Map<string, ResetPlan['blockers']>();
  const running = new Set<RunHandle>();
  const positionTimers = new Map<string, { timer: NodeJS.Timeout; position: number }>();
  const writes = new Set<Promise<unknown>>();

  const track = <T>(promise: Promise<T>): Promise<T> => {
    writes.add(promise);
    void promise.catch(() => {}).finally(() => writes.delete(promise));
    return promise;
  };

  const remember = (kind: ItemRef['kind'], id: string) =>
    track(learner.opened(kind, id)).catch((error) => debug('could not record lastOpened: %s', describeError(error)));

  const labCwd = (lab: Lab) => (lab.starter ? labWorkspace(lab.id, env) : workspaceRoot(env));

  const labDoc = (lab: Lab): LabDoc => {
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
      cwd: labCwd(lab),
    };
  };

  const grade = async (lab: Lab, explicit: boolean, onActivity: (activity: SetupActivity | undefined) => void): Promise<LabGradeView> => {
    const pulls = pullReporter(onActivity, deps.pullUpdateMs ?? 100);
    const started = () => {
      pulls.end();
      onActivity(undefined);
    };
    let result: LabGrade;
    try {
      result = await track(learner.grade(lab, { explicit, onPull: pulls.progress, onStarted: started }));
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
  };

  const services: DojoServices = {
    courseTitle: () => course.meta.title,
    notices: () => [...(course.bundled ? [] : [`This course comes from ${course.dir}, not with docker-dojo: the commands it offers to run are its author's.`]), ...store.warnings],

    summary() {
      return summarize(course, store.read());
    },

    resolve: (id) => learner.lookup(id),

    async next(after) {
      const summary = summarize(course, store.read());
      return after ? nextAfter(summary, after) : summary.next;
    },

    async lesson(id) {
      const lesson = learner.lesson(id);
      void remember('lesson', lesson.id);
      const progress = store.read();
      const summary = summarize(course, progress);
      const entry = summary.modules.flatMap((m) => m.lessons.map((l) => ({ module: m, lesson: l }))).find((e) => e.lesson.id === lesson.id);
      const practice: LessonDocPractice = [
        ...(entry?.lesson.labs ?? []).flatMap((l) => [
          { kind: 'lab' as const, id: l.id, title: l.title, state: l.state },
          ...(l.quiz ? [{ kind: 'quiz' as const, id: l.quiz.id, title: l.quiz.title, state: l.quiz.state }] : []),
        ]),
        ...(entry?.lesson.quiz ? [{ kind: 'quiz' as const, id: entry.lesson.quiz.id, title: entry.lesson.quiz.title, state: entry.lesson.quiz.state }] : []),
      ];
      const pending = positionTimers.get(lesson.id)?.position;
      return {
        id: lesson.id,
        title: lesson.title,
        ...(entry ? { moduleTitle: entry.module.title } : {}),
        summary: lesson.summary,
        markdown: lesson.body,
        position: pending ?? progress.lessons[lesson.id]?.position ?? 0,
        read: progress.lessons[lesson.id]?.read ?? false,
        practice,
        cwd: workspaceRoot(env),
      };
    },

    saveLessonPosition(id, position) {
      const existing = positionTimers.get(id);
      if (existing) clearTimeout(existing.timer);
      const timer = setTimeout(() => flushPosition(id), 400);
      positionTimers.set(id, { timer, position });
    },

    async markLessonRead(id) {
      await track(learner.markRead(learner.lesson(id)));
    },

    async lab(id) {
      const lab = learner.lab(id);
      void remember('lab', lab.id);
      return labDoc(lab);
    },

    watchLab(id, onChange) {
      const lab = learner.lab(id);
      const watch = new LabWatch(
        {
          grade: (explicit, onActivity) => grade(lab, explicit, onActivity),
          watchEvents: (watcher) => monitor.watchEvents(watcher),
          engineStatus: () => monitor.current(),
          subscribeEngine,
          toProblem: problemOf,
          ...(deps.debounceMs !== undefined ? { debounceMs: deps.debounceMs } : {}),
        },
        (state: LabWatchState) => onChange(state),
      );
      const set = watches.get(lab.id) ?? new Set<LabWatch>();
      watches.set(lab.id, set);
      set.add(watch);
      watch.start();
      return () => {
        watch.stop();
        set.delete(watch);
      };
    },

    async checkLab(id) {
      const lab = learner.lab(id);
      const active = [...(watches.get(lab.id) ?? [])];
      if (active.length > 0) await Promise.all(active.map((w) => w.check(true)));
      else await grade(lab, true, () => {});
    },

    async revealHint(id) {
      const lab = learner.lab(id);
      await track(learner.revealHint(lab));
      return labDoc(lab);
    },

    async revealSolution(id) {
      const lab = learner.lab(id);
      await track(learner.revealSolution(lab));
      return labDoc(lab);
    },

    async planReset(id) {
      const lab = learner.lab(id);
      const plan = await learner.planReset(lab);
      plans.set(lab.id, plan);
      return resetView(plan);
    },

    async applyReset(view: ResetPlanView) {
      const plan = plans.get(view.labId);
      if (!plan) throw new UsageError('That reset plan is out of date.', 'Press r again to see what reset would remove now.');
      plans.delete(view.labId);
      const failures = await track(learner.applyReset([plan]));
      blockers.set(plan.lab.id, plan.blockers);
      for (const w of watches.get(plan.lab.id) ?? []) void w.check(false);
      return { failures: failures.map((f) => resetFailureText(f)) };
    },

    async clearBlocker(view: ResetPlanView, index: number) {
      const blocker = blockers.get(view.labId)?.[index];
      if (!blocker) return { failures: [] };
      try {
        await track(learner.clearBlocker(blocker));
      } catch (error) {
        return { failures: [blockerFailureText(blocker.name, describeError(error))] };
      }
      for (const w of watches.get(view.labId) ?? []) void w.check(false);
      return { failures: [] };
    },

    async quiz(id) {
      const quiz = learner.quiz(id);
      void remember('quiz', quiz.id);
      const answers = store.read().quizzes[quiz.id]?.answers ?? {};
      const doc: QuizDoc = {
        id: quiz.id,
        title: quiz.title,
        lessonId: quiz.lesson,
        points: quiz.points,
        questions: quiz.questions.map((q) =>
          'choices' in q
            ? { id: q.id, prompt: q.prompt, kind: 'choice' as const, choices: q.choices }
            : 'live' in q
              ? { id: q.id, prompt: q.prompt, kind: 'live' as const }
              : { id: q.id, prompt: q.prompt, kind: 'typed' as const },
        ),
        answers: Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, { answer: a.answer, correct: a.correct, credit: earnsCredit(a) }])),
      };
      return doc;
    },

    async answer(quizId, questionId, answer) {
      return track(learner.answer(learner.quiz(quizId), questionId, answer));
    },

    async engineMap() {
      const client = await monitor.client();
      const [version, info, containers] = await Promise.all([client.version(), client.info(), client.listContainers()]);
      return buildEngineMap({ endpoint: endpoint ?? 'unknown', version, info, containers });
    },

    async imageLayers(ref, compareWith) {
      const client = await monitor.client();
      const stack = async (r: string): Promise<ImageStack> => {
        const image = await client.inspectImage(r);
        // Without its history the stack is still right; only the build steps are missing.
        const history = image
          ? await client.imageHistory(r).catch((error: unknown) => {
              debug('no history for %s: %s', r, describeError(error));
              return undefined;
            })
          : undefined;
        const built = buildImageStack(r, image, history ?? []);
        if (built.present) return built;
        // An image a lab builds cannot be pulled: say which lab makes it.
        const lab = course.labs.find((l) => l.solution.some((line) => buildsImage(line, r)));
        return lab ? { ...built, builtBy: { labId: lab.id, title: lab.title } } : built;
      };
      const [image, compare] = await Promise.all([stack(ref), compareWith ? stack(compareWith) : undefined]);
      return { image, ...(compare ? { compare } : {}), shared: sharedLayers(image, compare) };
    },

    engineStatus: (): EngineStatus => monitor.current(),
    subscribeEngine,

    planCommand: (request) => ({ ...planCommand(request, env), ...(course.bundled ? {} : { fromCourse: course.dir }) }),

    runCommand(plan: CommandPlan, onOutput) {
      ensureDir(plan.request.cwd);
      const handle = whenLoaded(import('./run.js').then((run) => run.runPiped(plan, onOutput, env)));
      running.add(handle);
      void handle.done.finally(() => running.delete(handle));
      return handle;
    },

    async runInTerminal(plan) {
      ensureDir(plan.request.cwd);
      return (await import('./run.js')).runOnTerminal(plan, env);
    },

    async close() {
      for (const set of watches.values()) for (const w of set) w.stop();
      watches.clear();
      clearTimeout(startTimer);
      monitor.close();
      const stopping = [...running].map((h) => {
        h.stop();
        return h.done.catch(() => undefined);
      });
      for (const id of [...positionTimers.keys()]) flushPosition(id);
      await Promise.all([...stopping, ...[...writes].map((w) => w.catch(() => undefined))]);
    },
  };

  function flushPosition(id: string) {
    const pending = positionTimers.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    positionTimers.delete(id);
    void track(learner.savePosition(id, pending.position)).catch((error) => debug('could not save the reading position: %s', describeError(error)));
  }

  return services;
}

type LessonDocPractice = LessonDoc['practice'];

function resetView(plan: ResetPlan): ResetPlanView {
  return {
    labId: plan.lab.id,
    items: plan.items.map((i) => ({ kind: i.kind, name: i.name, why: i.why })),
    kept: plan.kept,
    notes: plan.notes,
    blockers: plan.blockers.map((b) => ({ name: b.name, text: b.text, offer: b.remedy?.describe ?? '' })),
  };
}

function ensureDir(dir: string) {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    debug('could not create %s: %s', dir, describeError(error));
  }
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

/**
 * The status line: version, image store, builder, endpoint. The engine's /info can take a while
 * to answer, so the line goes without the store rather than wait for it.
 */
export async function describeEngine(connection: Connection, env: NodeJS.ProcessEnv, infoWaitMs = 1500): Promise<string> {
  const { client, found } = connection;
  const info = Promise.race([client.info().catch(() => undefined), delay(infoWaitMs, undefined, { ref: false })]);
  const [version, details] = await Promise.all([client.version(), info]);
  const store = details ? `${imageStoreOf(details)} store` : undefined;
  const builder = builderName(builderOf({ env, osType: details?.OSType }));
  return [`Docker ${version.Version}`, store, builder, found.endpoint.host].filter(Boolean).join(' · ');
}
