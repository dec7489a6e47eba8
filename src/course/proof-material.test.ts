import { describe, expect, it } from 'vitest';
import { readCourse } from './load.js';
import type { Lab } from './model.js';
import { proofMaterialIssues } from './proof-material.js';

const miss = (title: string) => ({ title, run: ['docker ps'], found: 'none' });
const lab = (id: string, nearMisses: number, alternatives: number) =>
  ({
    id,
    file: `labs/${id}.md`,
    nearMisses: Array.from({ length: nearMisses }, (_, i) => miss(`miss ${i}`)),
    alternatives: Array.from({ length: alternatives }, (_, i) => ({ title: `alt ${i}`, run: ['docker ps'] })),
  }) as unknown as Lab;

describe('proof material', () => {
  it('a lab needs two near misses and an alternative, and lint says which is missing', () => {
    expect(proofMaterialIssues({ labs: [lab('done', 2, 1)] })).toEqual([]);
    const issues = proofMaterialIssues({ labs: [lab('thin', 1, 0)] });
    expect(issues.map((i) => [i.file, i.field])).toEqual([
      ['labs/thin.md', 'nearMisses'],
      ['labs/thin.md', 'alternatives'],
    ]);
    expect(issues[0]!.message).toContain('1 near miss;');
    expect(issues[0]!.message).toContain('at least 2');
  });

  it('every lab of the shipped course has its proof material', async () => {
    const { course } = await readCourse(new URL('../../', import.meta.url).pathname, { bundled: true });
    expect(proofMaterialIssues(course)).toEqual([]);
  });
});
