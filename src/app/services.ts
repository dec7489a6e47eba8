/**
 * The interactive app's service layer: everything the screens need, as plain async functions and
 * subscriptions over the course, the progress store, the engine and child processes. Created by the
 * command that starts the app and handed to the views through a React context. It composes small
 * units, each with its own state: the engine monitor, lessons (LessonReader), labs (LabSession),
 * quizzes (QuizSession), pictures (EnginePictures) and commands (CommandRunner).
 */
import createDebug from 'debug';
import type { Course } from '../course/model.js';
import type { Connection } from '../engine/connect.js';
import { describeError } from '../errors.js';
import { builderName, builderOf, imageStoreOf } from '../engine/world.js';
import { setTimeout as delay } from 'node:timers/promises';
import { Learner } from '../learner/learner.js';
import type { ProgressStore } from '../progress/store.js';
import { nextAfter, summarize } from '../progress/summary.js';
import type { DojoServices, EngineStatus, ItemRef } from './api.js';
import { CommandRunner } from './command-runner.js';
import { EngineMonitor } from './engine-monitor.js';
import { EnginePictures } from './engine-pictures.js';
import { LabSession } from './lab-session.js';
import { LessonReader } from './lesson-reader.js';
import { PendingWrites } from './pending-writes.js';
import { QuizSession } from './quiz-session.js';

export { whenLoaded } from './command-runner.js';

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

export function createDojoServices(deps: ServiceDeps): DojoServices {
  const { course, store, env } = deps;
  const writes = new PendingWrites();
  const { track } = writes;
  const monitor: EngineMonitor = new EngineMonitor({
    connect: async () => {
      const connection = await deps.connect();
      // The pictures show where the client reaches the engine.
      pictures.connectedAt(connection.found.endpoint.host);
      return connection;
    },
    describe: (connection) => describeEngine(connection, env),
    ...(deps.backoffMs ? { backoffMs: deps.backoffMs } : {}),
  });
  const pictures = new EnginePictures({ course, client: () => monitor.client() });
  // The engine is found (and dockerode loaded) once the first screen asks for its status, a
  // moment later, so that finding it never delays the first frame.
  let startTimer: NodeJS.Timeout | undefined;
  const startSoon = () => void (startTimer ??= setTimeout(() => monitor.start(), ENGINE_START_DELAY_MS));
  const subscribeEngine = (listener: (status: EngineStatus) => void) => {
    startSoon();
    return monitor.subscribe(listener);
  };
  const learner = new Learner({ course, store, env, engine: () => monitor.client() });
  const remember = (kind: ItemRef['kind'], id: string) =>
    void track(learner.opened(kind, id)).catch((error) => debug('could not record lastOpened: %s', describeError(error)));

  const lessons = new LessonReader({ course, store, env, learner, track, remember });
  const labs = new LabSession({ learner, store, env, track, monitor, subscribeEngine, remember, debounceMs: deps.debounceMs, pullUpdateMs: deps.pullUpdateMs });
  const quizzes = new QuizSession({ learner, store, track, remember });
  const commands = new CommandRunner({ env, fromCourse: course.bundled ? undefined : course.dir });

  return {
    courseTitle: () => course.meta.title,
    notices: () => [...(course.bundled ? [] : [`This course comes from ${course.dir}, not with docker-dojo: the commands it offers to run are its author's.`]), ...store.warnings],
    summary: () => summarize(course, store.read()),
    resolve: (id) => learner.lookup(id),
    async next(after) {
      const summary = summarize(course, store.read());
      return after ? nextAfter(summary, after) : summary.next;
    },

    lesson: (id) => lessons.lesson(id),
    saveLessonPosition: (id, position) => lessons.savePosition(id, position),
    markLessonRead: (id) => lessons.markRead(id),

    lab: (id) => labs.lab(id),
    watchLab: (id, onChange) => labs.watch(id, onChange),
    checkLab: (id) => labs.check(id),
    revealHint: (id) => labs.revealHint(id),
    revealSolution: (id) => labs.revealSolution(id),
    planReset: (id) => labs.planReset(id),
    applyReset: (plan) => labs.applyReset(plan),
    clearBlocker: (plan, index) => labs.clearBlocker(plan, index),

    quiz: (id) => quizzes.quiz(id),
    answer: (quizId, questionId, answer) => quizzes.answer(quizId, questionId, answer),

    engineMap: () => pictures.engineMap(),
    imageLayers: (ref, compareWith) => pictures.imageLayers(ref, compareWith),

    engineStatus: (): EngineStatus => monitor.current(),
    subscribeEngine,

    planCommand: (request) => commands.plan(request),
    runCommand: (plan, onOutput) => commands.run(plan, onOutput),
    runInTerminal: (plan) => commands.runInTerminal(plan),

    async close() {
      labs.stopAll();
      clearTimeout(startTimer);
      monitor.close();
      const stopping = commands.stopAll();
      lessons.flushAll();
      await Promise.all([stopping, writes.settled()]);
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
