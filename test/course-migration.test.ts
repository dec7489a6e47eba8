/**
 * A learner's progress survives a new version of the course. The fixture is a real progress
 * file written by the course of version 0.1.0 (labs passed with and without a hint, a solution
 * revealed, quiz answers right and wrong, lessons read, some in the module since split into an
 * optional deep dive), with that version's `list` output beside it. The course of today loads it
 * through the real CLI: every score, attempt, hint and answer is kept, and what the learner
 * earned adds up to what the old course showed.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../src/course/front-matter.js';
import type { CourseSummary } from '../src/progress/summary.js';
import { ROOT, dojo, fixture, tempHome } from './support/cli.js';

const FIXTURE = fixture('progress-0.1.0');
const before = JSON.parse(readFileSync(path.join(FIXTURE, 'progress.json'), 'utf8'));
const beforeList = readFileSync(path.join(FIXTURE, 'list.txt'), 'utf8').split('\n');
const courseVersion = (parseYaml(readFileSync(path.join(ROOT, 'course.yaml'), 'utf8')).data as { version: string }).version;
const noEngine = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

function learnerWithOldProgress() {
  const env = { ...tempHome(), ...noEngine };
  mkdirSync(env.DOCKER_DOJO_HOME, { recursive: true });
  copyFileSync(path.join(FIXTURE, 'progress.json'), path.join(env.DOCKER_DOJO_HOME, 'progress.json'));
  return env;
}

/** "2/38 labs passed · 1/44 quizzes · 7/42 lessons read · score 30/760" → the numbers earned. */
const earned = (line: string) => {
  const m = /^(\d+)\/\d+ labs passed · (\d+)\/\d+ quizzes · (\d+)\/\d+ lessons read · score (\d+)\/\d+$/.exec(line);
  if (!m) throw new Error(`not a totals line: ${line}`);
  return { labsPassed: Number(m[1]), quizzesPassed: Number(m[2]), lessonsRead: Number(m[3]), score: Number(m[4]) };
};

describe('progress from the course of version 0.1.0', () => {
  it('the course has moved on since, so the fixture tests a real migration', () => {
    expect(before.course.version).toBe('0.1.0');
    expect(courseVersion).not.toBe('0.1.0');
  });

  it('keeps every lab, quiz answer and lesson read, and records the new version', async () => {
    const env = learnerWithOldProgress();
    const result = await dojo(['progress', '--json'], env);
    expect(result.exitCode, result.stderr).toBe(0);
    const after = JSON.parse(readFileSync(path.join(env.DOCKER_DOJO_HOME, 'progress.json'), 'utf8'));
    expect(after.course).toEqual({ id: 'docker-dojo', version: courseVersion });
    expect(after.labs).toEqual(before.labs);
    expect(after.quizzes).toEqual(before.quizzes);
    expect(after.lessons).toEqual(before.lessons);
    expect(after.lastOpened).toEqual(before.lastOpened);
  });

  it('shows every lab and quiz with the same score, tries and help, and the same totals earned', async () => {
    const env = learnerWithOldProgress();
    const summary = JSON.parse((await dojo(['progress', '--json'], env)).stdout) as CourseSummary;
    const labs = new Map(summary.modules.flatMap((m) => m.lessons.flatMap((l) => l.labs)).map((l) => [l.id, l]));
    expect(labs.get('arch-pid')).toMatchObject({ state: 'passed-with-help', score: 14, attempts: 2, hintsRevealed: 1, solutionRevealed: false });
    expect(labs.get('images-pull-hello-world')).toMatchObject({ state: 'passed', score: 10, attempts: 4, hintsRevealed: 0 });
    expect(labs.get('containers-run-detached')).toMatchObject({ state: 'in-progress', score: 0, attempts: 1, solutionRevealed: true });
    expect(labs.get('arch-pid')!.quiz).toMatchObject({ state: 'passed-with-help', score: 4, credited: 3, correct: 4 });

    const list = await dojo(['list'], env);
    expect(list.exitCode, list.stderr).toBe(0);
    const lines = list.stdout.split('\n');
    expect(earned(lines[1]!)).toEqual(earned(beforeList[1]!));
    expect(earned(lines[1]!)).toEqual({ labsPassed: summary.labsPassed, quizzesPassed: summary.quizzesPassed, lessonsRead: summary.lessonsRead, score: summary.score });
    // Every lab and quiz the learner worked on is listed exactly as before (badge, title, id,
    // score); the ones not started are still listed, whatever their questions are now.
    const items = beforeList.filter((l) => /^\s+\S+ (lab|quiz): /.test(l));
    expect(items.length).toBeGreaterThan(70);
    const worked = items.filter((l) => !/^\s+○ /.test(l));
    expect(worked.length).toBe(6);
    expect(worked.filter((l) => !lines.includes(l))).toEqual([]);
    const ids = (list: string[]) => list.flatMap((l) => /\(([a-z0-9-]+), /.exec(l)?.[1] ?? []);
    const listed = new Set(ids(lines));
    expect(ids(items).filter((id) => !listed.has(id))).toEqual([]);
  });

  it('finds the lessons split into the optional deep dive where they are now, read as before', async () => {
    const env = learnerWithOldProgress();
    const summary = JSON.parse((await dojo(['progress', '--json'], env)).stdout) as CourseSummary;
    const deep = summary.modules.find((m) => m.optional)!;
    expect(deep.id).toBe('engine-internals');
    expect(deep.lessons.map((l) => [l.id, l.read])).toEqual([
      ['arch-shim-live-restore', true],
      ['arch-orchestrators', true],
    ]);
    expect(summary.modules.at(-1)!.id).toBe('engine-internals');
    const order = summary.modules.map((m) => m.id);
    expect(order.indexOf('building')).toBe(order.indexOf('containers') + 1);
  });
});
