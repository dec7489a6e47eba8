import { describe, expect, it } from 'vitest';
import { nextAfter, type CourseSummary } from './summary.js';

const summary = (done: Record<string, boolean>): CourseSummary => ({
  course: { id: 'c', title: 'C', version: '1.0.0' },
  modules: [
    {
      id: 'm',
      title: 'M',
      lessons: ['a', 'b', 'c'].map((id) => ({
        id,
        title: id.toUpperCase(),
        summary: '',
        read: done[id] ?? false,
        labs: [{ id: `${id}-lab`, title: `${id} lab`, state: done[`${id}-lab`] ? 'passed' : 'not-started', points: 10, score: 0, attempts: 0, hintsRevealed: 0, solutionRevealed: false, checksPassed: 0, checksTotal: 1 }],
      })),
    },
  ],
  score: 0,
  maxScore: 30,
  labsPassed: 0,
  labsTotal: 3,
  lessonsRead: 0,
  lessonsTotal: 3,
});

describe('what comes next', () => {
  it('after passing a lab the learner goes on from there, not back to the first unread lesson', () => {
    expect(nextAfter(summary({ 'b-lab': true }), { kind: 'lab', id: 'b-lab' })).toEqual({ kind: 'lesson', id: 'c', title: 'C' });
  });

  it('wraps round to earlier unfinished items, and is undefined when all is done', () => {
    expect(nextAfter(summary({ c: true, 'c-lab': true }), { kind: 'lab', id: 'c-lab' })).toEqual({ kind: 'lesson', id: 'a', title: 'A' });
    const all = { a: true, 'a-lab': true, b: true, 'b-lab': true, c: true, 'c-lab': true };
    expect(nextAfter(summary(all), { kind: 'lab', id: 'c-lab' })).toBeUndefined();
  });
});
