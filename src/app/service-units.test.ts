/**
 * The units the app's services are made of, each tested on its own with its own state: the lesson
 * reader, the lab session, the quiz session, the pictures and the command runner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCourse } from '../course/load.js';
import type { Course } from '../course/model.js';
import { LAB, QUIZ, removeWrittenCourses, writeCourse } from '../course/testing/course-files.js';
import { FakeEngine } from '../engine/testing/fake-engine.js';
import { Learner } from '../learner/learner.js';
import { ProgressStore } from '../progress/store.js';
import type { EngineStatus, ItemRef } from './api.js';
import { CommandRunner } from './command-runner.js';
import { EnginePictures } from './engine-pictures.js';
import { LabSession } from './lab-session.js';
import { LessonReader } from './lesson-reader.js';
import { PendingWrites } from './pending-writes.js';
import { QuizSession } from './quiz-session.js';

let course: Course;
let home: string;
let store: ProgressStore;
let engine: FakeEngine;
let learner: Learner;
let writes: PendingWrites;
let opened: Array<[ItemRef['kind'], string]>;
const env = () => ({ DOCKER_DOJO_WORKSPACE: path.join(home, 'work') });

beforeEach(async () => {
  course ??= await loadCourse(writeCourse({ 'labs/first.md': LAB, 'quizzes/first-quiz.yaml': QUIZ }));
  home = mkdtempSync(path.join(tmpdir(), 'dojo-units-'));
  store = new ProgressStore({ dir: home });
  engine = new FakeEngine();
  learner = new Learner({ course, store, env: env(), engine: async () => engine.connection().client });
  writes = new PendingWrites();
  opened = [];
});
afterEach(() => rmSync(home, { recursive: true, force: true }));
afterAll(removeWrittenCourses);

const remember = (kind: ItemRef['kind'], id: string) => void opened.push([kind, id]);

describe('the lesson reader', () => {
  it('keeps a moved position until it is written, shows it meanwhile, and writes it once', async () => {
    const reader = new LessonReader({ course, store, env: env(), learner, track: writes.track, remember, saveAfterMs: 60_000 });
    reader.savePosition('intro', 3);
    reader.savePosition('intro', 9);
    expect((await reader.lesson('intro')).position).toBe(9);
    expect(store.read().lessons.intro?.position ?? 0).toBe(0);
    reader.flushAll();
    await writes.settled();
    expect(store.read().lessons.intro?.position).toBe(9);
    expect(opened).toEqual([['lesson', 'intro']]);
  });

  it("lists the lesson's lab and quiz to practise and marks the lesson read", async () => {
    const reader = new LessonReader({ course, store, env: env(), learner, track: writes.track, remember });
    expect((await reader.lesson('intro')).practice.map((p) => `${p.kind}:${p.id}`)).toEqual(['lab:first', 'quiz:first-quiz']);
    await reader.markRead('intro');
    expect((await reader.lesson('intro')).read).toBe(true);
  });
});

describe('the lab session', () => {
  const session = () =>
    new LabSession({
      learner,
      store,
      env: env(),
      track: writes.track,
      monitor: { watchEvents: () => () => {}, current: (): EngineStatus => ({ state: 'connected', line: 'fake' }) },
      subscribeEngine: () => () => {},
      remember,
    });

  it('shows one more hint each time and the solution once revealed', async () => {
    const labs = session();
    expect((await labs.lab('first')).hints).toEqual([]);
    expect((await labs.revealHint('first')).hints).toEqual(['Use docker run -d.']);
    expect((await labs.revealSolution('first')).solution).toEqual(['docker run -d --name web nginx:1.27-alpine']);
    expect(store.lab('first')).toMatchObject({ hintsRevealed: 1, solutionRevealed: true });
  });

  it('a check without a watch grades once and records the attempt', async () => {
    engine.run('web');
    await session().check('first');
    expect(store.lab('first')).toMatchObject({ status: 'passed', attempts: 1 });
  });

  it('applies only a plan it showed, and only once', async () => {
    const labs = session();
    const plan = await labs.planReset('first');
    await labs.applyReset(plan);
    await expect(labs.applyReset(plan)).rejects.toThrow('That reset plan is out of date.');
  });
});

describe('the quiz session', () => {
  it('records an answer and shows it with its credit when the quiz opens again', async () => {
    const quizzes = new QuizSession({ learner, store, track: writes.track, remember });
    expect((await quizzes.answer('first-quiz', 'verb', 'stop')).correct).toBe(false);
    const doc = await quizzes.quiz('first-quiz');
    expect(doc.answers.verb).toEqual({ answer: 'stop', correct: false, credit: false });
    expect(doc.questions).toEqual([{ id: 'verb', prompt: 'Which verb?', kind: 'typed' }]);
  });
});

describe('the pictures', () => {
  it('draw the engine at the endpoint the last connection found', async () => {
    const pictures = new EnginePictures({ course, client: async () => engine.connection().client });
    pictures.connectedAt('unix:///var/run/docker.sock');
    expect((await pictures.engineMap()).endpoint).toBe('unix:///var/run/docker.sock');
  });
});

describe('the command runner', () => {
  it("marks a command from a course not shipped with docker-dojo as that course's", () => {
    const request = { command: 'docker ps', shell: false, cwd: home };
    expect(new CommandRunner({ env: env(), fromCourse: '/courses/x' }).plan(request).fromCourse).toBe('/courses/x');
    expect(new CommandRunner({ env: env() }).plan(request).fromCourse).toBeUndefined();
  });

  it('stops a run still going when the app closes', async () => {
    const runner = new CommandRunner({ env: env() });
    const plan = runner.plan({ command: 'sleep 30', shell: true, cwd: home });
    const handle = runner.run(plan, () => {});
    await runner.stopAll();
    expect((await handle.done).stopped).toBe(true);
  });
});
