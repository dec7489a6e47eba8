/**
 * Preparing a lab on the engine: what already exists (the baseline), the names in the way, the
 * lab's labelled setup objects and its starter files. The learner's use cases decide when a lab
 * starts and record the baseline (src/learner).
 */
import type { Lab } from '../course/model.js';
import type { Baseline } from '../checks/facts.js';
import type { EngineClient, PullProgress } from '../engine/port.js';
import { takeBaseline } from '../facts/gather.js';
import { labLabels } from '../engine/labels.js';
import { copyStarter, labWorkspace, listRelative } from './workspace.js';
import { mkdir } from 'node:fs/promises';
import { findBlockers, type Blocker } from './blockers.js';

export interface LabStart {
  baseline: Baseline;
  /** True when this call started the lab. */
  fresh: boolean;
  workspace?: string;
  copiedFiles: string[];
  /** Objects from before the lab in its way (read afresh at every grade), one sentence each. */
  conflicts: string[];
  blockers: Blocker[];
}

/** The folder a lab's files live in, when it has any. */
export function labFolder(lab: Lab, env?: NodeJS.ProcessEnv): string | undefined {
  return lab.starter || lab.workspace || usesWorkspace(lab) ? labWorkspace(lab.id, env) : undefined;
}

/** Records the baseline, then sets the lab up; the caller stores the baseline. */
export async function prepareLab(
  lab: Lab,
  client: EngineClient,
  options: { env?: NodeJS.ProcessEnv; now?: Date; onPull?: (ref: string, p: PullProgress) => void } = {},
): Promise<Omit<LabStart, 'fresh'>> {
  const workspace = labFolder(lab, options.env);
  const baseline = await takeBaseline(client, options.now);
  if (workspace) baseline.workspaceFiles = await listRelative(workspace);
  const blockers = await findBlockers(lab, client, baseline);
  await runSetup(lab, client, options.onPull);
  const copiedFiles = lab.starterDir && workspace ? await copyStarter(lab.starterDir, workspace) : [];
  if (workspace) await mkdir(workspace, { recursive: true });
  return { baseline, workspace, copiedFiles, conflicts: blockers.map((b) => b.text), blockers };
}

/** Labs with relative bind mounts work in the workspace even without starter files. */
function usesWorkspace(lab: Lab): boolean {
  return lab.checks.some((c) => c.kind === 'container-mount' && c.bind !== undefined && !c.bind.startsWith('/'));
}

async function runSetup(lab: Lab, client: EngineClient, onPull?: (ref: string, p: PullProgress) => void): Promise<void> {
  const labels = labLabels(lab.id);
  for (const step of lab.setup) {
    switch (step.kind) {
      case 'pull':
        if (!(await client.inspectImage(step.image))) await client.pull(step.image, (p) => onPull?.(step.image, p));
        break;
      case 'volume':
        if (!(await client.inspectVolume(step.name))) await client.createVolume(step.name, labels);
        break;
      case 'network':
        if (!(await client.inspectNetwork(step.name))) await client.createNetwork(step.name, labels);
        break;
      case 'container': {
        if (await client.inspectContainer(step.name)) break;
        if (!(await client.inspectImage(step.image))) await client.pull(step.image, (p) => onPull?.(step.image, p));
        const portBindings = Object.fromEntries(Object.entries(step.ports ?? {}).map(([port, host]) => [port.includes('/') ? port : `${port}/tcp`, [{ HostPort: String(host) }]]));
        const container = await client.createContainer({
          name: step.name,
          Image: step.image,
          Cmd: step.command,
          Labels: labels,
          ExposedPorts: Object.fromEntries(Object.keys(portBindings).map((p) => [p, {}])),
          HostConfig: { PortBindings: portBindings },
        });
        if (step.start) await client.startContainer(container.id);
        break;
      }
    }
  }
}
