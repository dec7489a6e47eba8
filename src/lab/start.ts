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
import { copyStarter, labWorkspace } from './workspace.js';
import { listedName } from '../engine/names.js';

export interface LabStart {
  baseline: Baseline;
  /** True when this call started the lab. */
  fresh: boolean;
  workspace?: string;
  copiedFiles: string[];
  /** Names the lab needs that objects from before the lab already hold. */
  conflicts: string[];
}

/** The folder a lab's files live in, when it has any. */
export function labFolder(lab: Lab, env?: NodeJS.ProcessEnv): string | undefined {
  return lab.starter || usesWorkspace(lab) ? labWorkspace(lab.id, env) : undefined;
}

/** Records the baseline, then sets the lab up; the caller stores the baseline. */
export async function prepareLab(
  lab: Lab,
  client: EngineClient,
  options: { env?: NodeJS.ProcessEnv; now?: Date; onPull?: (ref: string, p: PullProgress) => void } = {},
): Promise<Omit<LabStart, 'fresh'>> {
  const workspace = labFolder(lab, options.env);
  const baseline = await takeBaseline(client, options.now);
  const conflicts = await nameConflicts(lab, client);
  await runSetup(lab, client, options.onPull);
  const copiedFiles = lab.starterDir && workspace ? await copyStarter(lab.starterDir, workspace) : [];
  return { baseline, workspace, copiedFiles, conflicts };
}

/** Labs with relative bind mounts work in the workspace even without starter files. */
function usesWorkspace(lab: Lab): boolean {
  return lab.checks.some((c) => c.kind === 'container-mount' && c.bind !== undefined && !c.bind.startsWith('/'));
}

async function nameConflicts(lab: Lab, client: EngineClient): Promise<string[]> {
  const found: string[] = [];
  for (const name of lab.cleanup.containers) {
    const c = await client.inspectContainer(name);
    if (c) found.push(`a container named "${name}" already exists; the lab will not touch it — rename it (docker rename ${name} ${name}-old) or remove it yourself if you no longer need it`);
  }
  for (const name of lab.cleanup.volumes) {
    if (await client.inspectVolume(name)) found.push(`a volume named "${name}" already exists and will be used as is; reset will not remove it`);
  }
  for (const name of lab.cleanup.networks) {
    if (await client.inspectNetwork(name)) found.push(`a network named "${name}" already exists; reset will not remove it`);
  }
  found.push(...(await imagesHeldByContainers(lab, client)));
  return found;
}

/**
 * A lab that ends with an image gone cannot be finished by `docker rmi` while containers from
 * before the lab use that image. Removing those containers is the learner's call; a second tag
 * keeps them and their image, and lets the lab's name go.
 */
async function imagesHeldByContainers(lab: Lab, client: EngineClient): Promise<string[]> {
  const refs = [...new Set(lab.checks.flatMap((c) => (c.kind === 'image-absent' ? [c.image] : [])))];
  if (refs.length === 0) return [];
  const found: string[] = [];
  const containers = await client.listContainers();
  for (const ref of refs) {
    const image = await client.inspectImage(ref);
    if (!image) continue;
    const users = containers.filter((c) => c.ImageID === image.Id).map(listedName);
    if (users.length === 0) continue;
    const [repo, tag] = splitTag(ref);
    found.push(
      `your container${users.length > 1 ? 's' : ''} ${users.join(', ')} use${users.length > 1 ? '' : 's'} ${ref}, so Docker will refuse to remove that image; ` +
        `to keep ${users.length > 1 ? 'them' : 'it'}, give the image a second name first (docker tag ${ref} ${repo}:${tag}-mine) — then docker rmi ${ref} removes only the name ${ref}`,
    );
  }
  return found;
}

function splitTag(ref: string): [string, string] {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
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
        if (step.detach) await client.startContainer(container.id);
        break;
      }
    }
  }
}
