/**
 * Keeps `npm run bench` from rotting: a quick run of two sections prints the table with its rows.
 * No figure is judged here; timings belong in BENCHMARKS.md, not in assertions.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

describe('npm run bench', () => {
  it('prints one table with the start-up and list rows and a PASS/FAIL for --version', async () => {
    // `npm test` has just built dist/; building again here would rewrite it under other tests.
    const build = existsSync(path.join(ROOT, 'dist/cli.js')) ? ['--no-build'] : [];
    const result = await execa('node', ['scripts/bench.mjs', '--quick', '--only', 'version,list', '--no-record', ...build], {
      cwd: ROOT,
      reject: false,
      stdin: 'ignore',
    });

    expect(result.exitCode, result.stderr).toBe(0);
    const tables = result.stdout.split('\n').filter((line) => line.startsWith('| measure |'));
    expect(tables).toHaveLength(1);
    const rows = result.stdout.split('\n').filter((line) => line.startsWith('| ')).map((line) => line.split(' | ')[0]!.slice(2));
    expect(rows).toEqual(
      expect.arrayContaining(['node -e 0 (Node start-up floor)', 'docker-dojo --version', 'docker-dojo --version: peak RSS', 'list (whole course)']),
    );
    expect(result.stdout).toMatch(/^\| docker-dojo --version \| [\d.]+ ms \| .* \| ≤ 120 ms \| (PASS|FAIL) \|$/m);
    expect(result.stdout).toContain('3 runs each');
  }, 120_000);
});
