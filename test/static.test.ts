/**
 * What the compiler and the import graph must say of src/, checked with the unit tests so that
 * every run of the suite (and CI) keeps it: the code type-checks, its layers only point down
 * (docs/ARCHITECTURE.md), and no import closes a circle.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const run = (command: string, args: string[]) => execa(command, args, { reject: false, stdin: 'ignore', preferLocal: true, all: true });

describe('the code as a whole', () => {
  it('type-checks (tsc --noEmit)', async () => {
    const result = await run('tsc', ['--noEmit']);
    expect(result.exitCode, result.all).toBe(0);
  }, 300_000);

  it('imports only from its own layer or the layers below, with no circles', async () => {
    const result = await run('depcruise', ['src', '--config', '.dependency-cruiser.cjs']);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('no dependency violations found');
  }, 300_000);
});
