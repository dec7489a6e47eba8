/**
 * What the app's end-to-end tests share: the built binary, alpine:3.20 on the engine, a fresh
 * progress home and workspace, a tmux terminal at 80×24, and the learner's leftovers removed
 * before and after.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { docker, dockerOk, probeEngine, removeQuietly } from './engine.js';
import { openTerminal, tmuxAvailable, type Terminal } from './terminal.js';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The engine found, and why the app's end-to-end tests skip (no engine, or no tmux). */
export async function probeAppTests() {
  const { connection, skipReason } = await probeEngine();
  const skip = skipReason ?? ((await tmuxAvailable()) ? undefined : 'skipped, tmux is not installed (apt-get install tmux)');
  return { connection, skip };
}

export interface AppTest {
  home: string;
  workspace: string;
  terminal: Terminal;
  /** Removes the containers again, closes the terminal and deletes home and workspace. */
  close(): Promise<void>;
}

/** Builds if needed, pulls alpine:3.20 if missing, removes `containers`, then opens a terminal. */
export async function openAppTest(name: string, containers: string[]): Promise<AppTest> {
  if (!existsSync(path.join(repo, 'dist/cli.js'))) await execa('node', ['scripts/build.mjs'], { cwd: repo });
  if ((await docker('image', 'inspect', 'alpine:3.20')).exitCode !== 0) await dockerOk('pull', 'alpine:3.20');
  await removeQuietly('container', ...containers);
  const home = await mkdtemp(path.join(os.tmpdir(), 'dojo-e2e-home-'));
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'dojo-e2e-ws-'));
  const terminal = await openTerminal(name);
  return {
    home,
    workspace,
    terminal,
    async close() {
      await removeQuietly('container', ...containers);
      await terminal.close();
      await rm(home, { recursive: true, force: true });
      await rm(workspace, { recursive: true, force: true });
    },
  };
}
