/**
 * Running a lab the way a learner does, for the proof suite and the lesson walk: start the lab
 * with `check`, type commands into a shell in the lab workspace, grade, reset.
 *
 * On an engine that exists only for tests (DOJO_DISPOSABLE_ENGINE=1, as CI's engines are), every
 * object a scenario left behind is removed afterwards, so one failed proof never spoils the next.
 * On any other engine nothing is removed but what `reset` removes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from '../../src/course/model.js';
import { dojo, shell, tempHome } from './cli.js';
import { docker, dockerOk } from './engine.js';

export const disposableEngine = process.env.DOJO_DISPOSABLE_ENGINE === '1';

export interface CheckLine {
  ok: boolean;
  title: string;
  expected: string;
  found: string;
}
export interface Report {
  passed: boolean;
  notes: string[];
  checks: CheckLine[];
}
export type Home = ReturnType<typeof tempHome>;

export async function checkLab(labId: string, env: Home): Promise<{ exitCode: number; report: Report }> {
  const result = await dojo(['check', labId, '--json'], env);
  if (result.exitCode === 2 || !result.stdout.trim()) throw new Error(`check ${labId} could not run (exit ${result.exitCode}): ${result.stderr}`);
  return { exitCode: result.exitCode ?? 2, report: JSON.parse(result.stdout) as Report };
}

export const failingLines = (report: Report) =>
  report.checks.filter((c) => !c.ok).map((c) => `  ✘ ${c.title}: expected ${c.expected}, found ${c.found}`).join('\n');

export function workspaceOf(lab: Lab, env: Home): string {
  const dir = path.join(env.DOCKER_DOJO_WORKSPACE, lab.id);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs commands as a learner types them; stops at the first that fails and says which. */
export async function typeCommands(commands: readonly string[], cwd: string): Promise<{ ok: true } | { ok: false; why: string }> {
  for (const command of commands) {
    const result = await shell(command, cwd);
    if (result.exitCode !== 0) return { ok: false, why: `\`${command}\` exited ${result.exitCode}:\n${result.stdout}\n${result.stderr}`.trim() };
  }
  return { ok: true };
}

/** Starts the lab fresh, types the commands, grades, then resets. */
export async function tryLab(lab: Lab, commands: readonly string[]) {
  const env = tempHome();
  const start = await checkLab(lab.id, env);
  const typed = await typeCommands(commands, workspaceOf(lab, env));
  const graded = await checkLab(lab.id, env);
  const reset = await dojo(['reset', lab.id, '--yes'], env);
  return { env, start, typed, graded, reset };
}

/** What the engine holds, by id, so a disposable engine can be put back exactly. */
export interface EngineSnapshot {
  containers: Set<string>;
  images: Set<string>;
  volumes: Set<string>;
  networks: Set<string>;
  swarm: boolean;
}

const ids = async (...args: string[]) => new Set((await dockerOk(...args)).split('\n').map((s) => s.trim()).filter(Boolean));

export async function swarmActive(): Promise<boolean> {
  return JSON.parse(await dockerOk('info', '--format', '{{json .Swarm.LocalNodeState}}')) === 'active';
}

export async function snapshotEngine(): Promise<EngineSnapshot> {
  return {
    containers: await ids('ps', '-aq', '--no-trunc'),
    images: await ids('image', 'ls', '-aq', '--no-trunc'),
    volumes: await ids('volume', 'ls', '-q'),
    networks: await ids('network', 'ls', '-q', '--no-trunc'),
    swarm: await swarmActive(),
  };
}

/** On a disposable engine, removes everything that is not in the snapshot. Returns what went. */
export async function restoreEngine(before: EngineSnapshot): Promise<string[]> {
  if (!disposableEngine) return [];
  const removed: string[] = [];
  if (!before.swarm && (await swarmActive())) {
    await docker('swarm', 'leave', '--force');
    removed.push('swarm');
  }
  const now = await snapshotEngine();
  const extra = (kind: keyof Omit<EngineSnapshot, 'swarm'>) => [...now[kind]].filter((id) => !before[kind].has(id));
  const containers = extra('containers');
  if (containers.length) await docker('rm', '-f', '-v', ...containers);
  const volumes = extra('volumes');
  if (volumes.length) await docker('volume', 'rm', '-f', ...volumes);
  const networks = extra('networks');
  if (networks.length) await docker('network', 'rm', ...networks);
  const images = extra('images');
  if (images.length) await docker('image', 'rm', '-f', ...images);
  removed.push(...containers.map((c) => `container ${c.slice(0, 12)}`), ...volumes.map((v) => `volume ${v}`), ...networks.map((n) => `network ${n.slice(0, 12)}`), ...images.map((i) => `image ${i.slice(0, 19)}`));
  return removed;
}
