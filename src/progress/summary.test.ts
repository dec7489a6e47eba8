import { describe, expect, it } from 'vitest';
import { loadCourse } from '../course/load.js';
import { LAB, removeWrittenCourses, writeCourse } from '../course/testing/course-files.js';
import { emptyLab, emptyProgress } from './schema.js';
import { nextAfter, summarize, type CourseSummary } from './summary.js';

const summary = (done: Record<string, boolean>): CourseSummary => ({
  course: { id: 'c', title: 'C', version: '1.0.0' },
  modules: [
    {
      id: 'm',
      title: 'M',
      optional: false,
      lessons: ['a', 'b', 'c'].map((id) => ({
        id,
        title: id.toUpperCase(),
        summary: '',
        read: done[id] ?? false,
        labs: [{ id: `${id}-lab`, title: `${id} lab`, state: done[`${id}-lab`] ? 'passed' : 'not-started', points: 10, score: 0, attempts: 0, hintsRevealed: 0, solutionRevealed: false, checksPassed: 0, checksTotal: 1, ...(id === 'b' ? { quiz: quizOf('b-lab-quiz', done) } : {}) }],
      })),
    },
  ],
  score: 0,
  maxScore: 30,
  labsPassed: 0,
  labsTotal: 3,
  lessonsRead: 0,
  lessonsTotal: 3,
  quizzesPassed: 0,
  quizzesTotal: 1,
  coreDone: false,
});

const quizOf = (id: string, done: Record<string, boolean>) => ({ id, title: id, state: done[id] ? ('passed' as const) : ('not-started' as const), points: 5, score: 0, answered: 0, correct: 0, credited: 0, questions: 2 });

describe('what comes next', () => {
  it('after passing a lab the learner goes on from there, not back to the first unread lesson', () => {
    expect(nextAfter(summary({ 'a-lab': true }), { kind: 'lab', id: 'a-lab' })).toEqual({ kind: 'lesson', id: 'b', title: 'B' });
  });

  it('a lab\'s own quiz comes right after the lab', () => {
    expect(nextAfter(summary({ 'b-lab': true }), { kind: 'lab', id: 'b-lab' })).toEqual({ kind: 'quiz', id: 'b-lab-quiz', title: 'b-lab-quiz' });
    expect(nextAfter(summary({ 'b-lab': true, 'b-lab-quiz': true }), { kind: 'lab', id: 'b-lab' })).toEqual({ kind: 'lesson', id: 'c', title: 'C' });
  });

  it('wraps round to earlier unfinished items, and is undefined when all is done', () => {
    expect(nextAfter(summary({ c: true, 'c-lab': true }), { kind: 'lab', id: 'c-lab' })).toEqual({ kind: 'lesson', id: 'a', title: 'A' });
    const all = { a: true, 'a-lab': true, b: true, 'b-lab': true, 'b-lab-quiz': true, c: true, 'c-lab': true };
    expect(nextAfter(summary(all), { kind: 'lab', id: 'c-lab' })).toBeUndefined();
  });
});

describe('an optional module', () => {
  const withDeepDive = (done: Record<string, boolean>): CourseSummary => {
    const s = summary(done);
    const deep = { id: 'deep', title: 'Deep dive', optional: true, lessons: [{ id: 'd', title: 'D', summary: '', read: done.d ?? false, labs: [] }] };
    const tail = { id: 'tail', title: 'Tail', optional: false, lessons: [{ id: 't', title: 'T', summary: '', read: done.t ?? false, labs: [] }] };
    return { ...s, modules: [...s.modules, deep, tail] };
  };
  const core = { a: true, 'a-lab': true, b: true, 'b-lab': true, 'b-lab-quiz': true, c: true, 'c-lab': true };

  it('is passed over by "continue" while the rest of the course is unfinished, and offered once it is done', () => {
    expect(nextAfter(withDeepDive(core), { kind: 'lab', id: 'c-lab' })).toEqual({ kind: 'lesson', id: 't', title: 'T' });
    expect(nextAfter(withDeepDive({ ...core, t: true }), { kind: 'lesson', id: 't' })).toEqual({ kind: 'lesson', id: 'd', title: 'D' });
  });

  it('a learner who opened it goes on through it', () => {
    expect(nextAfter(withDeepDive({ a: true }), { kind: 'lesson', id: 'd' })).toEqual({ kind: 'lesson', id: 't', title: 'T' });
    const two = withDeepDive({ a: true });
    two.modules[1]!.lessons.push({ id: 'd2', title: 'D2', summary: '', read: false, labs: [] });
    expect(nextAfter(two, { kind: 'lesson', id: 'd' })).toEqual({ kind: 'lesson', id: 'd2', title: 'D2' });
  });

  it('is marked on the summary, counts what was done in it, and is next only once the core is done', async () => {
    const dir = writeCourse({
      'course.yaml': 'id: t\ntitle: T\nversion: 1.0.0\nmodules:\n  - id: basics\n    title: Basics\n  - id: deep\n    title: Deep\n    optional: true\n',
      'lessons/02-deep.md': '---\nid: deep-one\ntitle: Deep one\nmodule: deep\norder: 1\nsummary: More.\n---\n# Deep\n',
    });
    const course = await loadCourse(dir);
    const progress = emptyProgress();
    progress.lessons['deep-one'] = { read: true, position: 0 };
    let s = summarize(course, progress);
    expect(s.modules.map((m) => [m.id, m.optional])).toEqual([['basics', false], ['deep', true]]);
    expect(s).toMatchObject({ lessonsRead: 1, lessonsTotal: 2, coreDone: false, next: { kind: 'lesson', id: 'intro' } });
    progress.lessons['deep-one'] = { read: false, position: 0 };
    progress.lessons.intro = { read: true, position: 0 };
    progress.labs.first = { ...emptyLab(), status: 'passed', score: 10 };
    progress.quizzes['first-quiz'] = { answers: { verb: { answer: 'run', correct: true, at: 'now', credit: true } } };
    s = summarize(course, progress);
    expect(s).toMatchObject({ coreDone: true, next: { kind: 'lesson', id: 'deep-one' } });
    removeWrittenCourses();
  });
});

describe('a lab\'s own quiz', () => {
  it('is on the map under its lab, scored, counted, and offered next once the lab passes', async () => {
    const dir = writeCourse({
      'labs/first.md': LAB.replace('lesson: intro\n', 'lesson: intro\nquiz: first-lab-quiz\n'),
      'quizzes/first-lab-quiz.yaml': 'id: first-lab-quiz\ntitle: Lab Q\nlesson: intro\npoints: 4\nquestions:\n  - id: port\n    prompt: Which port?\n    accept: ["80"]\n    explanation: nginx listens on 80.\n',
    });
    const course = await loadCourse(dir);
    const progress = emptyProgress();
    progress.lessons.intro = { read: true, position: 0 };
    progress.labs.first = { ...emptyLab(), status: 'passed', score: 10 };
    let s = summarize(course, progress);
    const lab = s.modules[0]!.lessons[0]!.labs[0]!;
    expect(lab.quiz).toMatchObject({ id: 'first-lab-quiz', state: 'not-started', points: 4, questions: 1 });
    expect(s).toMatchObject({ maxScore: 10 + 4 + 5, quizzesTotal: 2, next: { kind: 'quiz', id: 'first-lab-quiz' } });
    progress.quizzes['first-lab-quiz'] = { answers: { port: { answer: '80', correct: true, at: 'now', credit: true } } };
    s = summarize(course, progress);
    expect(s).toMatchObject({ score: 14, quizzesPassed: 1, next: { kind: 'quiz', id: 'first-quiz' } });
    removeWrittenCourses();
  });
});
