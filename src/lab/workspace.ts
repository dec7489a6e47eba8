/** The folder a lab names to the learner for its files (Dockerfiles, small apps). */
import { cp, mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export function workspaceRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_DOJO_WORKSPACE ?? path.join(os.homedir(), 'docker-dojo');
}

export function labWorkspace(labId: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(workspaceRoot(env), labId);
}

/** Copies starter files in, keeping every file the learner already has there. Returns what was copied. */
export async function copyStarter(starterDir: string, workspace: string): Promise<string[]> {
  await mkdir(workspace, { recursive: true });
  const existing = new Set(await listRelative(workspace));
  const starter = await listRelative(starterDir);
  const copied: string[] = [];
  for (const file of starter) {
    if (existing.has(file)) continue;
    await mkdir(path.dirname(path.join(workspace, file)), { recursive: true });
    await cp(path.join(starterDir, file), path.join(workspace, file), { force: false, errorOnExist: false });
    copied.push(file);
  }
  return copied;
}

/** Every file under dir, relative to it; none when dir does not exist. */
export async function listRelative(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const rel = path.join(prefix, e.name);
    if (e.isDirectory()) out.push(...(await listRelative(dir, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}
