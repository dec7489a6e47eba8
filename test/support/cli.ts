/** Runs the built binary the way a learner's shell does: no TTY, its own progress folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/docker-dojo.js');
export const fixture = (name: string) => path.join(ROOT, 'test/fixtures', name);

export function tempHome(): { DOCKER_DOJO_HOME: string; DOCKER_DOJO_WORKSPACE: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'dojo-test-'));
  return { DOCKER_DOJO_HOME: path.join(dir, 'home'), DOCKER_DOJO_WORKSPACE: path.join(dir, 'work') };
}

export function dojo(args: string[], env: Record<string, string | undefined> = {}, options: { cwd?: string; timeout?: number } = {}) {
  return execa('node', [BIN, ...args], {
    reject: false,
    stdin: 'ignore',
    ...(options.timeout ? { timeout: options.timeout } : {}),
    cwd: options.cwd ?? ROOT,
    env: { NO_COLOR: '1', ...env },
    extendEnv: true,
  });
}

/** Runs a solution line as a learner types it into a shell. */
export function shell(command: string, cwd: string) {
  return execa('bash', ['-c', command], { reject: false, stdin: 'ignore', cwd });
}
