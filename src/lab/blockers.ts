/**
 * Objects from before a lab that stand in its way: a container holding the lab's name or a port
 * it needs, an image holding the lab's tag. They are read afresh at every grade, so the learner
 * sees them for as long as they block, each with a remedy that works. Reset may offer to apply
 * the remedy to that one object, after asking; nothing here changes the engine.
 */
import type { Lab } from '../course/model.js';
import type { Baseline } from '../checks/facts.js';
import { clearTheWay } from '../checks/containers.js';
import type { ContainerSummary, EngineClient } from '../engine/port.js';
import { isLabelledFor } from '../engine/labels.js';
import { normalizeReference } from '../checks/images.js';
import { listedName } from '../engine/names.js';

export interface Blocker {
  kind: 'container' | 'image' | 'volume' | 'network';
  /** The engine's id for it. */
  id: string;
  name: string;
  /** One sentence: what blocks and how to get past it. */
  text: string;
  /** What reset can do about it, after asking. */
  remedy?: { action: 'rename-stop'; newName: string; describe: string };
}

/** Host ports the lab needs free: those its checks probe or its containers publish. */
export function portsNeeded(lab: Lab): number[] {
  const ports = new Set<number>();
  for (const c of lab.checks) {
    if (c.kind === 'http') ports.add(c.port);
    if (c.kind === 'container-port' && c.hostPort !== undefined) ports.add(c.hostPort);
  }
  for (const s of lab.setup) if (s.kind === 'container') for (const p of Object.values(s.ports ?? {})) ports.add(p);
  return [...ports];
}

export async function findBlockers(lab: Lab, client: EngineClient, baseline: Baseline | undefined): Promise<Blocker[]> {
  const found: Blocker[] = [];
  const before = (id: string) => !baseline || baseline.containers.includes(id);
  const listed = await client.listContainers();
  const needed = new Set(portsNeeded(lab));
  const hostPorts = (c: ContainerSummary) => [...new Set((c.Ports ?? []).map((p) => p.PublicPort).filter((p): p is number => typeof p === 'number' && p > 0))];
  const reported = new Set<string>();

  for (const name of lab.cleanup.containers) {
    const c = listed.find((x) => listedName(x) === name);
    if (!c || !before(c.Id) || isLabelledFor(c.Labels, lab.id)) continue;
    reported.add(c.Id);
    const running = c.State === 'running';
    const ports = hostPorts(c);
    const text = `a container named "${name}" already exists; the lab will not touch it. ${clearTheWay({ name, running, ports: { any: ports } })}`;
    found.push({ kind: 'container', id: c.Id, name, text, remedy: renameStop(name, running, listed) });
  }
  for (const c of listed) {
    if (reported.has(c.Id) || c.State !== 'running' || !before(c.Id) || isLabelledFor(c.Labels, lab.id)) continue;
    const held = hostPorts(c).filter((p) => needed.has(p));
    if (held.length === 0) continue;
    const name = listedName(c);
    const text = `your container "${name}" from before this lab holds port ${held.join(', ')}, which the lab needs: stop it (docker stop ${name}) or remove it (docker rm -f ${name}) while you do the lab`;
    found.push({ kind: 'container', id: c.Id, name, text, remedy: { action: 'rename-stop', newName: name, describe: `stop your container ${name} (it keeps its name and data; docker start ${name} brings it back)` } });
  }
  for (const name of lab.cleanup.volumes) {
    const v = await client.inspectVolume(name);
    if (v && (!baseline || baseline.volumes.includes(v.Name)) && !isLabelledFor(v.Labels, lab.id)) {
      found.push({ kind: 'volume', id: v.Name, name, text: `a volume named "${name}" already exists and will be used as is; reset will not remove it` });
    }
  }
  for (const name of lab.cleanup.networks) {
    const n = await client.inspectNetwork(name);
    if (n && (!baseline || baseline.networks.includes(n.Id)) && !isLabelledFor(n.Labels, lab.id)) {
      found.push({ kind: 'network', id: n.Id, name, text: `a network named "${name}" already exists; reset will not remove it` });
    }
  }
  found.push(...(await builtBeforeTheLab(lab, client, baseline)));
  found.push(...(await imagesHeldByContainers(lab, client, listed)));
  return found;
}

/** The free name to move a blocking container to: name-old, name-old-2, … */
function renameStop(name: string, running: boolean, listed: ContainerSummary[]): Blocker['remedy'] {
  const taken = new Set(listed.map(listedName));
  let newName = `${name}-old`;
  for (let i = 2; taken.has(newName); i++) newName = `${name}-old-${i}`;
  return { action: 'rename-stop', newName, describe: `rename your container ${name} to ${newName}${running ? ' and stop it' : ''} (it keeps its data; nothing is removed)` };
}

/** A lab that must build an image: one with its tag from before the lab, rebuilt from cache, keeps its ID. */
async function builtBeforeTheLab(lab: Lab, client: EngineClient, baseline: Baseline | undefined): Promise<Blocker[]> {
  if (!baseline) return [];
  const builds = lab.solution.some((s) => /\bdocker (image )?build\b|\bdocker buildx build\b/.test(s));
  if (!builds) return [];
  const found: Blocker[] = [];
  for (const check of lab.checks) {
    if (check.kind !== 'image-present' || !check.sinceStart) continue;
    const image = await client.inspectImage(check.image);
    if (!image || !baseline.images.includes(image.Id)) continue;
    let tagged = false;
    try {
      tagged = baseline.imageTags?.includes(normalizeReference(check.image)) ?? true;
    } catch {
      tagged = true;
    }
    if (!tagged) continue;
    found.push({
      kind: 'image',
      id: image.Id,
      name: check.image,
      text: `an image tagged ${check.image} was built before this lab, and a rebuild from the cache keeps its ID: rebuild it with docker build --no-cache -t ${check.image} .`,
    });
  }
  return found;
}

/**
 * A lab that ends with an image gone cannot be finished by `docker rmi` while containers from
 * before the lab use that image. Removing those containers is the learner's call; a second tag
 * keeps them and their image, and lets the lab's name go.
 */
async function imagesHeldByContainers(lab: Lab, client: EngineClient, containers: ContainerSummary[]): Promise<Blocker[]> {
  const refs = [...new Set(lab.checks.flatMap((c) => (c.kind === 'image-absent' ? [c.image] : [])))];
  const found: Blocker[] = [];
  for (const ref of refs) {
    const image = await client.inspectImage(ref);
    if (!image) continue;
    const users = containers.filter((c) => c.ImageID === image.Id).map(listedName);
    if (users.length === 0) continue;
    const [repo, tag] = splitTag(ref);
    found.push({
      kind: 'image',
      id: image.Id,
      name: ref,
      text:
        `your container${users.length > 1 ? 's' : ''} ${users.join(', ')} use${users.length > 1 ? '' : 's'} ${ref}, so Docker will refuse to remove that image; ` +
        `to keep ${users.length > 1 ? 'them' : 'it'}, give the image a second name first (docker tag ${ref} ${repo}:${tag}-mine) — then docker rmi ${ref} removes only the name ${ref}`,
    });
  }
  return found;
}

function splitTag(ref: string): [string, string] {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
}
