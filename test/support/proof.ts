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
import { engineApi } from './engine-api.js';

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

export async function swarmActive(): Promise<boolean> {
  const info = await (await engineApi()).info();
  return info.Swarm?.LocalNodeState === 'active';
}

/** Read through the Engine API in-process: a scenario's before and after cost no processes. */
export async function snapshotEngine(): Promise<EngineSnapshot> {
  const api = await engineApi();
  const [containers, images, volumes, networks, swarm] = await Promise.all([
    api.listContainers({ all: true }),
    api.listImages({ all: true }),
    api.listVolumes(),
    api.listNetworks(),
    swarmActive(),
  ]);
  return {
    containers: new Set(containers.map((c) => c.Id)),
    images: new Set(images.map((i) => i.Id)),
    volumes: new Set((volumes.Volumes ?? []).map((v) => v.Name)),
    networks: new Set(networks.map((n) => n.Id)),
    swarm,
  };
}

/** Each removal on its own, as the CLI does for a list: one that fails does not stop the rest. */
async function removeEach(ids: string[], remove: (id: string) => Promise<unknown>) {
  for (const id of ids) await remove(id).catch(() => undefined);
}

/** On a disposable engine, removes everything that is not in the snapshot. Returns what went. */
export async function restoreEngine(before: EngineSnapshot): Promise<string[]> {
  if (!disposableEngine) return [];
  const api = await engineApi();
  const removed: string[] = [];
  const now = await snapshotEngine();
  if (!before.swarm && now.swarm) {
    await api.swarmLeave({ force: true }).catch(() => undefined);
    removed.push('swarm');
  }
  // Leaving the swarm takes its services' containers with it: look again.
  const after = now.swarm && !before.swarm ? await snapshotEngine() : now;
  const extra = (kind: keyof Omit<EngineSnapshot, 'swarm'>) => [...after[kind]].filter((id) => !before[kind].has(id));
  const containers = extra('containers');
  await removeEach(containers, (id) => api.getContainer(id).remove({ force: true, v: true }));
  const volumes = extra('volumes');
  await removeEach(volumes, (name) => api.getVolume(name).remove({ force: true }));
  const networks = extra('networks');
  await removeEach(networks, (id) => api.getNetwork(id).remove());
  const images = extra('images');
  await removeEach(images, (id) => api.getImage(id).remove({ force: true }));
  removed.push(...containers.map((c) => `container ${c.slice(0, 12)}`), ...volumes.map((v) => `volume ${v}`), ...networks.map((n) => `network ${n.slice(0, 12)}`), ...images.map((i) => `image ${i.slice(0, 19)}`));
  return removed;
}
