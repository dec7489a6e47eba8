import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCourse } from '../course/load.js';
import type { Course } from '../course/model.js';
import { LAB, QUIZ, removeWrittenCourses, writeCourse } from '../course/testing/course-files.js';
import type { Connection } from '../engine/connect.js';
import { FakeEngine } from '../engine/testing/fake-engine.js';
import { ProgressStore } from '../progress/store.js';
import type { DojoServices } from './api.js';
import { createDojoServices } from './services.js';

const TWO_HINTS = LAB.replace('hints: [Use docker run -d.]', 'hints: [Use docker run -d., Name it with --name web.]');

let course: Course;
let home: string;
let store: ProgressStore;
let engine: FakeEngine;
let services: DojoServices;

beforeEach(async () => {
  course ??= await loadCourse(writeCourse({ 'labs/first.md': TWO_HINTS, 'quizzes/first-quiz.yaml': QUIZ }));
  home = mkdtempSync(path.join(tmpdir(), 'dojo-services-'));
  store = new ProgressStore({ dir: home });
  engine = new FakeEngine();
  const connect = async (): Promise<Connection> => {
    await engine.source();
    return engine.connection();
  };
  services = createDojoServices({ course, store, env: { DOCKER_DOJO_WORKSPACE: path.join(home, 'work') }, connect, backoffMs: [10] });
});
afterEach(async () => {
  await services.close();
  rmSync(home, { recursive: true, force: true });
});
afterAll(removeWrittenCourses);

describe("the app's services do what the learner asked, through the learner's operations", () => {
  it('each hint pressed shows one more hint and is saved', async () => {
    expect((await services.revealHint('first')).hints).toEqual(['Use docker run -d.']);
    expect((await services.revealHint('first')).hints).toHaveLength(2);
    expect(store.lab('first').hintsRevealed).toBe(2);
  });

  it('a revealed solution is shown and saved as revealed', async () => {
    const doc = await services.revealSolution('first');
    expect(doc.solution).toEqual(['docker run -d --name web nginx:1.27-alpine']);
    expect(store.lab('first').solutionRevealed).toBe(true);
  });

  it('a lesson read to the end is marked read on the course map', async () => {
    await services.markLessonRead('intro');
    expect(services.summary().lessonsRead).toBe(1);
  });

  it('an answer is saved with whether it was right', async () => {
    expect((await services.answer('first-quiz', 'verb', 'run')).correct).toBe(true);
    expect((await services.quiz('first-quiz')).answers).toEqual({ verb: { answer: 'run', correct: true, credit: true } });
  });

  it('an unknown lab says which one was meant', async () => {
    await expect(services.lab('frist')).rejects.toThrow('(did you mean "first"?)');
  });

  it('a check the learner asked for is recorded as an attempt', async () => {
    engine.run('web');
    await services.checkLab('first');
    expect(store.lab('first')).toMatchObject({ status: 'passed', attempts: 1, score: 10 });
  });

  it('the reading position is written when the app closes', async () => {
    services.saveLessonPosition('intro', 7);
    await services.close();
    expect(store.read().lessons.intro?.position).toBe(7);
  });
});
