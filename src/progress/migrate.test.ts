import { describe, expect, it } from 'vitest';
import { migrateProgress } from './migrate.js';
import { ProgressFile } from './schema.js';

const progress = () =>
  ProgressFile.parse({
    course: { id: 'docker-dojo', version: '1.0.0' },
    labs: { 'pull-image': { status: 'passed', score: 10 }, 'old-lab': { status: 'passed', score: 5 } },
    quizzes: { 'q-old': { answers: { a: { answer: '1', correct: true, at: 'x' } } } },
  });

describe('migrating progress to a new course version', () => {
  it('a renamed lab keeps its pass and score under the new id', () => {
    const p = progress();
    const result = migrateProgress(p, { id: 'docker-dojo', version: '1.1.0', renamed: { 'pull-image': 'images-pull', 'q-old': 'q-new' } });
    expect(result.moved).toEqual([{ from: 'pull-image', to: 'images-pull' }, { from: 'q-old', to: 'q-new' }]);
    expect(p.labs['images-pull']).toMatchObject({ status: 'passed', score: 10 });
    expect(p.quizzes['q-new']!.answers.a!.correct).toBe(true);
    expect(p.course).toEqual({ id: 'docker-dojo', version: '1.1.0' });
  });

  it('a lab removed from the course keeps its record, so nothing earned is lost', () => {
    const p = progress();
    migrateProgress(p, { id: 'docker-dojo', version: '2.0.0', renamed: {} });
    expect(p.labs['old-lab']).toMatchObject({ status: 'passed', score: 5 });
  });

  it('the same version changes nothing; a record already under the new id is not overwritten', () => {
    const p = progress();
    expect(migrateProgress(p, { id: 'docker-dojo', version: '1.0.0', renamed: { 'pull-image': 'x' } }).changed).toBe(false);
    p.labs['images-pull'] = { ...p.labs['pull-image']!, score: 3 };
    migrateProgress(p, { id: 'docker-dojo', version: '1.1.0', renamed: { 'pull-image': 'images-pull' } });
    expect(p.labs['images-pull']!.score).toBe(3);
    expect(p.labs['pull-image']).toBeDefined();
  });
});
