import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCourse } from '../course/load.js';
import type { Course } from '../course/model.js';
import { removeWrittenCourses, writeCourse, LAB, QUIZ } from '../course/testing/course-files.js';
import { UsageError } from '../errors.js';
import { ProgressStore } from '../progress/store.js';
import { quizScore } from '../progress/score.js';
import { summarize } from '../progress/summary.js';
import { Learner } from './learner.js';
import { FakeEngine } from '../engine/testing/fake-engine.js';

const TWO_HINTS = LAB.replace('hints: [Use docker run -d.]', 'hints: [Use docker run -d., Name it with --name web.]').replace('    container: web\n', '    container: web\n    sinceStart: true\n');
const CHOICE_QUIZ = `${QUIZ}  - id: pick\n    prompt: Pick one\n    choices: [run, pull]\n    answer: 0\n    explanation: run starts one.\n`;

const SWARM_LAB = LAB.replace('id: first', 'id: swarmy').replace('cleanup:\n  containers: [web]', 'cleanup:\n  services: [swarm-web]\n  leaveSwarm: true');
const COMPOSE_LAB = LAB.replace('id: first', 'id: composed').replace('cleanup:\n  containers: [web]', 'cleanup:\n  composeProjects: [shop]');
const BROKEN_LAB = LAB.replace('id: first', 'id: broken').replace(
  'checks:',
  'setup:\n  - { kind: container, name: old-web, image: nginx:1.27-alpine, ports: { "80/tcp": 8113 } }\n  - { kind: container, name: web, image: nginx:1.27-alpine, ports: { "80/tcp": 8113 }, start: false }\nchecks:',
).replace('containers: [web]', 'containers: [web, old-web]');
const FOLDER_LAB = LAB.replace('id: first', 'id: folder\nworkspace: true');
const LINKED_LAB = LAB.replace('id: first', 'id: linked\nstarter: linked').replace('containers: [web]', 'containers: [web, client]');

let course: Course;
let home: string;
let engine: FakeEngine;
let learner: Learner;
let clock = 0;

beforeEach(async () => {
  course ??= await loadCourse(
    writeCourse({ 'labs/first.md': TWO_HINTS, 'quizzes/first-quiz.yaml': CHOICE_QUIZ, 'labs/swarmy.md': SWARM_LAB, 'labs/linked.md': LINKED_LAB, 'labs/composed.md': COMPOSE_LAB, 'labs/broken.md': BROKEN_LAB, 'labs/folder.md': FOLDER_LAB, 'labs/starters/linked/Dockerfile': 'FROM busybox:1.36\n' }),
  );
  home = mkdtempSync(path.join(tmpdir(), 'dojo-learner-'));
  engine = new FakeEngine();
  const store = new ProgressStore({ dir: home, now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)) });
  learner = new Learner({ course, store, env: { DOCKER_DOJO_WORKSPACE: path.join(home, 'work') }, engine: engine.source });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));
afterAll(removeWrittenCourses);

describe('finding what the learner named', () => {
  it('a mistyped lab id is a usage error that suggests the closest lab', () => {
    expect(() => learner.lab('frist')).toThrow(UsageError);
    expect(() => learner.lab('frist')).toThrow('There is no lab "frist" (did you mean "first"?).');
  });

  it('a lesson answers to its file name as well as its id', () => {
    expect(learner.lesson('01-intro').id).toBe('intro');
    expect(learner.item('01-intro')).toEqual({ kind: 'lesson', id: 'intro', title: 'Intro' });
  });

  it('an unknown item names the closest lesson, lab or quiz', () => {
    expect(() => learner.item('first-quiz2')).toThrow('(did you mean "first-quiz"?)');
    expect(learner.lookup('nothing')).toBeUndefined();
  });
});

describe('help with a lab', () => {
  it('each hint asked for reveals exactly one more, never past the last', async () => {
    const lab = learner.lab('first');
    expect((await learner.revealHint(lab)).hintsRevealed).toBe(1);
    expect((await learner.revealHint(lab)).hintsRevealed).toBe(2);
    expect((await learner.revealHint(lab)).hintsRevealed).toBe(2);
    expect(learner.store.lab('first').hintsRevealed).toBe(2);
  });

  it('asking for a hint starts the lab when an engine is there, so leftovers never pass it', async () => {
    engine.run('web');
    await learner.revealHint(learner.lab('first'));
    const progress = learner.store.lab('first');
    expect(progress.status).toBe('in-progress');
    expect(progress.baseline?.containers).toEqual(['web-0']);
  });

  it('without an engine a hint is still given, and the lab starts at its first check', async () => {
    engine.up = false;
    const progress = await learner.revealHint(learner.lab('first'));
    expect(progress.hintsRevealed).toBe(1);
    expect(progress.baseline).toBeUndefined();
  });

  it('a failure that is not the engine\'s is not hidden behind "no engine"', async () => {
    const broken = new Learner({ course, store: learner.store, env: {}, engine: async () => { throw new TypeError('a bug'); } });
    await expect(broken.revealHint(broken.lab('first'))).rejects.toThrow('a bug');
  });

  it('the solution revealed is remembered, and it halves the score when the lab passes', async () => {
    const lab = learner.lab('first');
    expect((await learner.revealSolution(lab)).solutionRevealed).toBe(true);
    engine.run('web');
    const grade = await learner.grade(lab);
    expect(grade.passed).toBe(true);
    expect(grade.score).toBe(5);
  });
});

describe('grading a lab', () => {
  it('a container from before the lab does not pass it; one started during it does', async () => {
    engine.run('web');
    const lab = learner.lab('first');
    const first = await learner.grade(lab);
    expect(first.start.fresh).toBe(true);
    expect(first.passed).toBe(false);
    expect(first.verdicts[0]!.found).toMatch(/before the lab/);
    engine.remove('web');
    engine.run('web');
    const second = await learner.grade(lab);
    expect(second.start.fresh).toBe(false);
    expect(second.passed).toBe(true);
    expect(second.progress).toMatchObject({ status: 'passed', attempts: 2, score: 10 });
  });

  it('a hint taken before passing costs a tenth of the points', async () => {
    const lab = learner.lab('first');
    await learner.revealHint(lab);
    engine.run('web');
    expect((await learner.grade(lab)).score).toBe(9);
  });

  it('attempts count the learner\'s checks and the pass, never a watcher\'s re-grades', async () => {
    const lab = learner.lab('first');
    expect((await learner.grade(lab, { explicit: false })).recorded).toBe(false);
    engine.run('web');
    engine.remove('web');
    expect((await learner.grade(lab, { explicit: false })).recorded).toBe(false);
    engine.run('web');
    expect((await learner.grade(lab, { explicit: false })).recorded).toBe(true);
    expect((await learner.grade(lab, { explicit: false })).recorded).toBe(false);
    expect(learner.store.lab('first').attempts).toBe(1);
    expect((await learner.grade(lab)).progress.attempts).toBe(2);
  });

  it('a watcher\'s re-grade remembers which checks pass without counting an attempt', async () => {
    const lab = learner.lab('first');
    await learner.grade(lab);
    engine.run('web');
    engine.remove('web');
    await learner.grade(lab, { explicit: false });
    expect(learner.store.lab('first')).toMatchObject({ attempts: 1, checksPassed: [], status: 'in-progress' });
  });

  it('grading every started lab grades only those, each as the learner\'s check', async () => {
    expect(await learner.gradeStarted()).toEqual([]);
    const lab = learner.lab('first');
    await learner.start(lab);
    engine.run('web');
    const [grade, ...rest] = await learner.gradeStarted();
    expect(rest).toEqual([]);
    expect(grade).toMatchObject({ passed: true, progress: { attempts: 1, status: 'passed' } });
  });

  it('grading every started lab reads each engine object once, records each lab\'s attempt, and keeps course order', async () => {
    await learner.start(learner.lab('first'));
    await learner.start(learner.lab('linked'));
    await learner.revealHint(learner.lab('first'));
    engine.run('web');
    engine.calls.length = 0;
    const grades = await learner.gradeStarted();
    expect(grades.map((g) => g.lab.id)).toEqual(learner.startedLabs().map((l) => l.id));
    expect(engine.calls.filter((c) => c === 'listContainers')).toHaveLength(1);
    expect(grades.map((g) => 'progress' in g && g.progress.attempts)).toEqual([1, 1]);
    const first = grades.find((g) => g.lab.id === 'first')!;
    expect(first).toMatchObject({ passed: true, recorded: true, progress: { status: 'passed', hintsRevealed: 1 } });
    expect(learner.store.read().labs.first).toMatchObject({ status: 'passed', attempts: 1 });
    expect(learner.store.read().labs.linked).toMatchObject({ status: 'passed', attempts: 1, hintsRevealed: 0 });
  });

  it('grading every started lab sets up first a lab started while no engine answered', async () => {
    engine.up = false;
    await learner.revealHint(learner.lab('broken'));
    expect(learner.store.lab('broken').baseline).toBeUndefined();
    engine.up = true;
    const [grade] = await learner.gradeStarted();
    expect(grade).toMatchObject({ lab: { id: 'broken' }, start: { fresh: true } });
    expect(engine.containers.map((c) => c.name).sort()).toEqual(['old-web', 'web']);
    expect(learner.store.lab('broken')).toMatchObject({ attempts: 1, hintsRevealed: 1 });
  });

  it('grading every started lab stops at an engine that is not there', async () => {
    await learner.start(learner.lab('first'));
    engine.up = false;
    await expect(learner.gradeStarted()).rejects.toThrow();
    expect(learner.store.lab('first').attempts).toBe(0);
  });

  it('a lab whose container was removed fails with what it expected and found', async () => {
    const lab = learner.lab('first');
    await learner.start(lab);
    const grade = await learner.grade(lab);
    expect(grade.passed).toBe(false);
    expect(grade.verdicts[0]!.expected).toContain('web');
  });
});

describe('lessons and quizzes', () => {
  it('a lesson read is marked read and becomes where "continue" starts', async () => {
    await learner.markRead(learner.lesson('intro'));
    const progress = learner.store.read();
    expect(progress.lessons.intro).toMatchObject({ read: true });
    expect(progress.lastOpened).toEqual({ kind: 'lesson', id: 'intro' });
  });

  it('a reading position is kept as a whole line, never negative', async () => {
    await learner.savePosition('intro', 12.7);
    expect(learner.store.read().lessons.intro).toMatchObject({ read: false, position: 12 });
    await learner.savePosition('intro', -3);
    expect(learner.store.read().lessons.intro!.position).toBe(0);
  });

  it('an answer is graded and recorded, right or wrong', async () => {
    const quiz = learner.quiz('first-quiz');
    expect((await learner.answer(quiz, 'pick', '2')).correct).toBe(false);
    expect((await learner.answer(quiz, 'verb', 'run')).correct).toBe(true);
    expect(learner.store.read().quizzes['first-quiz']!.answers).toMatchObject({ pick: { answer: '2', correct: false }, verb: { answer: 'run', correct: true } });
  });

  it('the first answer decides the credit: a right answer after the right one was shown earns nothing more', async () => {
    const quiz = learner.quiz('first-quiz');
    expect(await learner.answer(quiz, 'pick', '2')).toMatchObject({ correct: false, credit: false, expected: '1. run' });
    expect(await learner.answer(quiz, 'pick', '1')).toMatchObject({ correct: true, credit: false });
    expect(learner.store.read().quizzes['first-quiz']!.answers.pick).toMatchObject({ answer: '1', correct: true, credit: false, tries: 2 });
    const quizSummary = summarize(course, learner.store.read()).modules[0]!.lessons[0]!.quiz!;
    expect(quizSummary).toMatchObject({ correct: 1, credited: 0, score: 0 });
  });

  it('a right first answer keeps its credit when a later answer is wrong', async () => {
    const quiz = learner.quiz('first-quiz');
    await learner.answer(quiz, 'verb', 'run');
    expect(await learner.answer(quiz, 'verb', 'pull')).toMatchObject({ correct: false, credit: true });
    expect(quizScore(quiz.points, ['verb'], learner.store.read().quizzes['first-quiz'])).toBe(quiz.points);
  });

  it('a choice that is not on the list is a usage error and records nothing, even over a right answer', async () => {
    const quiz = learner.quiz('first-quiz');
    await learner.answer(quiz, 'pick', '1');
    for (const bad of ['3', '0', 'z', 'stop', ' ']) await expect(learner.answer(quiz, 'pick', bad)).rejects.toThrow(UsageError);
    await expect(learner.answer(quiz, 'pick', '7')).rejects.toThrow('"7" is not one of the choices: answer with a number from 1 to 2.');
    expect(learner.store.read().quizzes['first-quiz']!.answers.pick).toMatchObject({ answer: '1', correct: true, credit: true, tries: 1 });
  });

  it('a choice may be named by number, letter or text', async () => {
    const quiz = learner.quiz('first-quiz');
    expect((await learner.answer(quiz, 'pick', 'a')).correct).toBe(true);
    expect((await learner.answer(quiz, 'pick', ' Run ')).correct).toBe(true);
  });

  it('a mistyped question id suggests the closest one', async () => {
    await expect(learner.answer(learner.quiz('first-quiz'), 'verbb', 'run')).rejects.toThrow('(did you mean "verb"?)');
  });
});

describe('resetting a lab', () => {
  it("removes the lab's Compose project by its labels, and keeps the learner's other project and what the project held before the lab", async () => {
    const compose = (project: string, service: string) => ({ 'com.docker.compose.project': project, 'com.docker.compose.service': service });
    const project = (name: string) => ({ 'com.docker.compose.project': name });
    engine.run('shop-db-1', 'busybox:1.36', compose('shop', 'db'));
    engine.volumes.push({ Name: 'shop_old', Labels: { ...project('shop'), 'com.docker.compose.volume': 'old' } });
    const lab = learner.lab('composed');
    await learner.grade(lab);
    engine.run('shop_web_1', 'nginx:1.27-alpine', compose('shop', 'web'));
    engine.run('blog-web-1', 'nginx:1.27-alpine', compose('blog', 'web'));
    engine.volumes.push({ Name: 'shop_data', Labels: { ...project('shop'), 'com.docker.compose.volume': 'data' } }, { Name: 'blog_data', Labels: { ...project('blog'), 'com.docker.compose.volume': 'data' } });
    engine.networks.push({ Id: 'n-shop', Name: 'shop_default', Driver: 'bridge', Created: '', Labels: project('shop') }, { Id: 'n-blog', Name: 'blog_default', Driver: 'bridge', Created: '', Labels: project('blog') });
    const plan = await learner.planReset(lab);
    expect(plan.items.map((i) => `${i.kind} ${i.name}`).sort()).toEqual(['container shop_web_1', 'network shop_default', 'volume shop_data']);
    await learner.applyReset([plan]);
    expect(engine.containers.map((c) => c.name).sort()).toEqual(['blog-web-1', 'shop-db-1']);
    expect(engine.volumes.map((v) => v.Name).sort()).toEqual(['blog_data', 'shop_old']);
    expect(engine.networks.map((n) => n.Name)).toEqual(['blog_default']);
  });

  it('removes only what the lab made, keeps the help used, and starts the lab again at once', async () => {
    engine.run('web');
    const lab = learner.lab('first');
    await learner.revealHint(lab);
    await learner.grade(lab);
    const plan = await learner.planReset(lab);
    expect(plan.items).toEqual([]);
    expect(plan.kept).toEqual(['container web']);
    expect(await learner.applyReset([plan])).toEqual([]);
    // Started again at once, with a new baseline; the attempt and the hint stay with the lab.
    expect(learner.store.read().labs.first).toMatchObject({ status: 'in-progress', checksPassed: [], attempts: 1, hintsRevealed: 1 });
    expect(learner.store.read().labs.first!.baseline).toBeDefined();
  });

  it('help used stays with the lab: reveal, reset, solve earns what help allows', async () => {
    const lab = learner.lab('first');
    await learner.revealHint(lab);
    await learner.revealSolution(lab);
    await learner.applyReset([await learner.planReset(lab)]);
    expect(learner.store.lab('first')).toMatchObject({ hintsRevealed: 1, solutionRevealed: true, status: 'in-progress' });
    await learner.start(lab);
    engine.run('web');
    const grade = await learner.grade(lab);
    expect(grade.passed).toBe(true);
    expect(grade.score).toBe(5); // 10 − 10% for the hint, halved for the solution, rounded
    const summary = summarize(course, learner.store.read()).modules[0]!.lessons[0]!.labs[0]!;
    expect(summary).toMatchObject({ state: 'passed-with-help', hintsRevealed: 1, solutionRevealed: true });
  });

  it('a lab that hands out a broken container gets it afresh: the one the learner fixed goes, a new one is made and left unstarted', async () => {
    const lab = learner.lab('broken');
    await learner.start(lab);
    const made = () => engine.containers.map((c) => `${c.name} ${c.running ? 'running' : 'created'} ${c.labels['dev.docker-dojo.lab']}`);
    expect(made()).toEqual(['old-web running broken', 'web created broken']);
    const fixed = engine.containers.find((c) => c.name === 'web')!;
    fixed.running = true;
    await learner.applyReset([await learner.planReset(lab)]);
    expect(made()).toEqual(['old-web running broken', 'web created broken']);
    expect(engine.containers.find((c) => c.name === 'web')!.id).not.toBe(fixed.id);
  });

  it('a lab with a folder and no starter files gets its folder at start; reset removes what was written in it and keeps the learner\'s own', async () => {
    const folder = path.join(home, 'work', 'folder');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'notes.txt'), 'mine\n');
    const lab = learner.lab('folder');
    const start = await learner.start(lab);
    expect(start.workspace).toBe(folder);
    writeFileSync(path.join(folder, 'compose.yaml'), 'services: {}\n');
    await learner.applyReset([await learner.planReset(lab)]);
    expect(existsSync(path.join(folder, 'compose.yaml'))).toBe(false);
    expect(readFileSync(path.join(folder, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('a lab with a folder makes it when the lab starts', async () => {
    const start = await learner.start(learner.lab('folder'));
    expect(existsSync(start.workspace!)).toBe(true);
  });

  it('a lab with nothing but help kept by a reset of all labs is not a started lab', async () => {
    const lab = learner.lab('first');
    await learner.revealHint(lab);
    await learner.applyReset([await learner.planReset(lab)], { restart: false });
    expect(learner.startedLabs()).toEqual([]);
  });

  it('what the learner does right after a reset counts: the container they run then is the lab\'s', async () => {
    const lab = learner.lab('first');
    await learner.grade(lab);
    engine.run('web');
    await learner.applyReset([await learner.planReset(lab)]);
    expect(engine.containers).toEqual([]);
    engine.run('web');
    expect((await learner.grade(lab)).passed).toBe(true);
    expect((await learner.planReset(lab)).items.map((i) => `${i.kind} ${i.name}`)).toEqual(['container web']);
  });

  it('a container that is the target of --link is found by its own name, with its anonymous volume', async () => {
    const lab = learner.lab('linked');
    await learner.grade(lab);
    engine.volumes.push({ Name: 'a'.repeat(64), Labels: {} });
    Object.assign(engine.run('web'), { aliases: ['/client/web'], volumes: ['a'.repeat(64)] });
    engine.run('client');
    const plan = await learner.planReset(lab);
    expect(plan.items.filter((i) => i.kind !== 'file').map((i) => `${i.kind} ${i.name}`)).toEqual(['container web', 'container client', `volume ${'a'.repeat(12)} (anonymous, of container web)`]);
    await learner.applyReset([plan]);
    expect(engine.containers).toEqual([]);
    expect(engine.volumes).toEqual([]);
  });

  it('puts changed starter files back, removes files made during the lab, and keeps and names the learner\'s own', async () => {
    const work = path.join(home, 'work', 'linked');
    mkdirSync(work, { recursive: true });
    writeFileSync(path.join(work, 'notes.txt'), 'mine');
    const lab = learner.lab('linked');
    await learner.grade(lab);
    writeFileSync(path.join(work, 'Dockerfile'), 'FROM alpine\n');
    writeFileSync(path.join(work, '.dockerignore'), '*\n');
    const plan = await learner.planReset(lab);
    expect(plan.items.map((i) => `${i.kind} ${i.name}`)).toEqual(['file Dockerfile', 'file .dockerignore']);
    expect(plan.notes).toEqual([`Your own files in ${work} are kept: notes.txt.`]);
    await learner.applyReset([plan]);
    expect(readFileSync(path.join(work, 'Dockerfile'), 'utf8')).toBe('FROM busybox:1.36\n');
    expect(existsSync(path.join(work, '.dockerignore'))).toBe(false);
    expect(readFileSync(path.join(work, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('leaves a swarm it joined only when the swarm holds nothing but the lab\'s service', async () => {
    const lab = learner.lab('swarmy');
    await learner.grade(lab);
    engine.initSwarm();
    engine.services.push({ id: 's1', name: 'swarm-web' });
    const plan = await learner.planReset(lab);
    expect(plan.items.map((i) => `${i.kind} ${i.name}`)).toEqual(['service swarm-web', 'swarm swarm mode (docker swarm leave)']);
    expect(plan.notes).toEqual([]);
  });

  it('a swarm that also holds the learner\'s service, stack, secret and config is left alone, and the plan says so', async () => {
    const lab = learner.lab('swarmy');
    await learner.grade(lab);
    engine.initSwarm();
    engine.services.push({ id: 's1', name: 'swarm-web' }, { id: 's2', name: 'mine' }, { id: 's3', name: 'shop_db', labels: { 'com.docker.stack.namespace': 'shop' } });
    engine.secrets.push({ id: 'x', name: 'db-password' });
    engine.configs.push({ id: 'y', name: 'site-conf' });
    const plan = await learner.planReset(lab);
    expect(plan.items.map((i) => `${i.kind} ${i.name}`)).toEqual(['service swarm-web']);
    expect(plan.notes).toEqual([
      'Swarm mode stays on: besides what this lab made, the swarm holds stack shop (services shop_db), service mine, secret db-password, config site-conf. ' +
        'When you no longer need them, leave it yourself: docker swarm leave --force (that removes them all too).',
    ]);
    await learner.applyReset([plan]);
    expect(engine.swarm).toBe(true);
    expect(engine.services.map((s) => s.name)).toEqual(['mine', 'shop_db']);
    expect(engine.calls).not.toContain('leaveSwarm');
  });

  it('a swarm that was on before the lab stays, and the plan names what else it holds and how to leave it by hand', async () => {
    engine.initSwarm();
    engine.services.push({ id: 's2', name: 'mine' });
    engine.secrets.push({ id: 'x', name: 'db-password' });
    const lab = learner.lab('swarmy');
    await learner.grade(lab);
    engine.services.push({ id: 's1', name: 'swarm-web' });
    const plan = await learner.planReset(lab);
    expect(plan.items.map((i) => `${i.kind} ${i.name}`)).toEqual(['service swarm-web']);
    expect(plan.notes).toEqual([
      'Swarm mode stays on: it was on before this lab started, and besides what this lab made the swarm holds service mine, secret db-password. ' +
        'When you no longer need them, leave it yourself: docker swarm leave --force (that removes them all too).',
    ]);
    await learner.applyReset([plan]);
    expect(engine.swarm).toBe(true);
    expect(engine.calls).not.toContain('leaveSwarm');
    engine.services.splice(0);
    engine.secrets.splice(0);
    expect((await learner.planReset(lab)).notes).toEqual(['Swarm mode stays on: it was on before this lab started. When you no longer need it, leave it yourself: docker swarm leave --force.']);
  });
});
