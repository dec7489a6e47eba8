/**
 * Resetting a lab removes the whole of what belongs to it and nothing else: objects carrying the
 * tutor's label for the lab, objects the lab names as its targets that did not exist when the
 * learner started it, the anonymous volumes of the containers it removes, the dangling images
 * its builds left, and the files it put in or the learner changed in its workspace (starter files
 * are restored). Anything in the baseline — even with the same name — is left alone, and the
 * learner's own files are kept and named. A swarm is left only when it holds nothing but what
 * the lab made. Never prune.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Lab } from '../course/model.js';
import type { Baseline } from '../checks/facts.js';
import { isNotFound } from '../engine/client.js';
import type { ContainerSummary, EngineClient, ServiceDetails, VolumeDetails } from '../engine/port.js';
import { isLabelledFor } from '../engine/labels.js';
import { normalizeReference } from '../checks/images.js';
import { COMPOSE_PROJECT } from '../checks/compose.js';
import { listedName } from '../engine/names.js';
import { findBlockers, type Blocker } from './blockers.js';
import { labFolder } from './start.js';
import { listRelative } from './workspace.js';

export interface ResetItem {
  kind: 'container' | 'image' | 'volume' | 'network' | 'service' | 'swarm' | 'file';
  /** What to pass to the engine to remove it (for a file: its path in the workspace). */
  id: string;
  /** What to show the learner. */
  name: string;
  why: string;
  /** For an image made during the lab under a reference the learner's image had: that image's ID, which gets the reference back. */
  giveTagBackTo?: string;
}

export interface ResetPlan {
  lab: Lab;
  items: ResetItem[];
  /** Objects with a lab's target name that are kept because they predate the lab. */
  kept: string[];
  /** Sentences the learner must read before saying yes: a swarm left alone, their own files kept. */
  notes: string[];
  /** Objects from before the lab in its way; reset offers their remedy one by one, after asking. */
  blockers: Blocker[];
}

const LABELLED = 'labelled by the tutor for this lab';
const MADE = 'created during this lab';

export async function planReset(lab: Lab, client: EngineClient, baseline: Baseline | undefined, options: { env?: NodeJS.ProcessEnv } = {}): Promise<ResetPlan> {
  const items: ResetItem[] = [];
  const kept: string[] = [];
  const notes: string[] = [];
  const info = await client.info();
  const swarmActive = info.Swarm?.LocalNodeState === 'active';
  const manager = swarmActive && info.Swarm?.ControlAvailable !== false;

  const services = manager ? await client.listServices() : [];
  for (const s of services) {
    const name: string = s.Spec?.Name ?? '';
    const labelled = isLabelledFor(s.Spec?.Labels, lab.id);
    const made = baseline && lab.cleanup.services.includes(name) && !baseline.services.includes(s.ID);
    if (labelled || made) items.push({ kind: 'service', id: s.ID, name, why: labelled ? LABELLED : MADE });
    else if (lab.cleanup.services.includes(name)) kept.push(`service ${name}`);
  }

  const imageIds = new Map<string, string>();
  const imageTags = new Map<string, string[]>();
  for (const ref of lab.cleanup.images) {
    const image = await client.inspectImage(ref);
    if (image) {
      imageIds.set(ref, image.Id);
      imageTags.set(ref, (image.RepoTags ?? []).map(normalizeReference));
    }
  }
  const plannedTags = new Set([...imageIds.keys()].map(normalizeReference));

  const containers = await client.listContainers();
  const removed = new Set<string>();
  for (const c of containers) {
    const name = listedName(c);
    const labelled = isLabelledFor(c.Labels, lab.id);
    const isNew = baseline !== undefined && !baseline.containers.includes(c.Id);
    // Only names the lab gives, or images it declares as making unnamed containers: never "any container of alpine".
    // Matched by the reference the container was created with, not the image ID: another tag of the
    // same image (busybox:1.36 vs a lab's tag of it) belongs to someone else.
    const target = lab.cleanup.containers.includes(name) || lab.cleanup.containersFrom.some((ref) => sameRef(c.Image, ref)) || ofLabProject(lab, c.Labels);
    if (labelled || (target && isNew)) {
      items.push({ kind: 'container', id: c.Id, name, why: labelled ? LABELLED : MADE });
      removed.add(c.Id);
    } else if (lab.cleanup.containers.includes(name)) kept.push(`container ${name}`);
  }

  const volumes = await client.listVolumes();
  for (const v of volumes) {
    const labelled = isLabelledFor(v.Labels, lab.id);
    const made = baseline && (lab.cleanup.volumes.includes(v.Name) || ofLabProject(lab, v.Labels)) && !baseline.volumes.includes(v.Name);
    if (labelled || made) items.push({ kind: 'volume', id: v.Name, name: v.Name, why: labelled ? LABELLED : MADE });
    else if (lab.cleanup.volumes.includes(v.Name)) kept.push(`volume ${v.Name}`);
  }
  items.push(...anonymousVolumes(containers, removed, volumes, baseline, new Set(items.filter((i) => i.kind === 'volume').map((i) => i.id))));

  for (const n of await client.listNetworks()) {
    const labelled = isLabelledFor(n.Labels, lab.id);
    const made = baseline && (lab.cleanup.networks.includes(n.Name) || ofLabProject(lab, n.Labels)) && !baseline.networks.includes(n.Id);
    if (labelled || made) items.push({ kind: 'network', id: n.Id, name: n.Name, why: labelled ? LABELLED : MADE });
    else if (lab.cleanup.networks.includes(n.Name)) kept.push(`network ${n.Name}`);
  }

  for (const [ref, id] of imageIds) {
    // A tag made during the lab goes even if its image was there before (removing a tag only untags).
    // A build during the lab can move a learner's tag to a new image: that image is the lab's, and
    // the tag goes back to the learner's image (kept all along, untagged).
    const idBefore = baseline?.imageTagIds?.[normalizeReference(ref)];
    const giveTagBackTo = baseline && idBefore && idBefore !== id && !baseline.images.includes(id) && (await client.inspectImage(idBefore)) ? idBefore : undefined;
    const existedBefore = giveTagBackTo ? false : baseline?.imageTags ? baseline.imageTags.includes(normalizeReference(ref)) : baseline?.images.includes(id);
    // An image a container outside this plan still uses can't go without force, and force would
    // leave that container without its image: keep it and say which container holds it. While
    // another tag of the image stays, removing this one only untags it, which any container survives.
    const untagOnly = (imageTags.get(ref) ?? []).some((tag) => !plannedTags.has(tag));
    const users = untagOnly ? [] : containers.filter((c) => c.ImageID === id && !removed.has(c.Id)).map(listedName);
    if (baseline && !existedBefore && users.length > 0) notes.push(`image ${ref} stays: ${users.map((u) => `container ${u}`).join(', ')} still uses it. Remove ${users.length === 1 ? 'that container' : 'those containers'} first if you want it gone, then reset again.`);
    else if (giveTagBackTo) items.push({ kind: 'image', id: ref, name: ref, why: `made during this lab; the name goes back to your image ${giveTagBackTo.replace(/^sha256:/, '').slice(0, 12)} from before`, giveTagBackTo });
    else if (baseline && !existedBefore) items.push({ kind: 'image', id: ref, name: ref, why: MADE });
    else kept.push(`image ${ref}`);
  }
  if (baseline && imageIds.size > 0 && builds(lab)) items.push(...(await leftoverBuildImages(client, baseline, containers, removed)));

  if (lab.cleanup.leaveSwarm && baseline && swarmActive) {
    const others = manager ? await swarmHoldsMore(client, items, services, lab) : [baseline.swarmActive ? 'this engine is a worker of a swarm managed elsewhere' : 'this engine is a worker of a swarm it joined during the lab'];
    if (!baseline.swarmActive && others.length === 0) items.push({ kind: 'swarm', id: 'swarm', name: 'swarm mode (docker swarm leave)', why: 'joined during this lab' });
    else notes.push(swarmStaysNote(others, baseline.swarmActive));
  }

  const workspace = labFolder(lab, options.env);
  if (workspace && baseline) {
    const files = await workspacePlan(lab, workspace, baseline);
    items.push(...files.items);
    if (files.kept.length) notes.push(`Your own files in ${workspace} are kept: ${files.kept.join(', ')}.`);
  }
  const blockers = (await findBlockers(lab, client, baseline)).filter((b) => b.remedy);
  return { lab, items, kept, notes, blockers };
}

/** Why swarm mode stays on after a swarm lab's reset, what else the swarm holds, and how to leave it by hand. */
function swarmStaysNote(others: string[], onBefore: boolean): string {
  const them = others.length > 1 ? 'them' : 'it';
  if (onBefore && others.length === 0) return 'Swarm mode stays on: it was on before this lab started. When you no longer need it, leave it yourself: docker swarm leave --force.';
  const why = onBefore ? `it was on before this lab started, and besides what this lab made the swarm holds ${others.join(', ')}` : `besides what this lab made, the swarm holds ${others.join(', ')}`;
  return `Swarm mode stays on: ${why}. When you no longer need ${them}, leave it yourself: docker swarm leave --force (that removes ${others.length > 1 ? 'them all' : 'it'} too).`;
}

/** Volumes only the removed containers mount, with no name of their own (docker rm -v removes these). */
function anonymousVolumes(containers: ContainerSummary[], removed: Set<string>, volumes: VolumeDetails[], baseline: Baseline | undefined, planned: Set<string>): ResetItem[] {
  const anonymous = new Set(volumes.filter((v) => v.Labels?.['com.docker.volume.anonymous'] !== undefined || /^[0-9a-f]{64}$/.test(v.Name)).map((v) => v.Name));
  const usedElsewhere = new Set(containers.filter((c) => !removed.has(c.Id)).flatMap((c) => (c.Mounts ?? []).map((m) => m.Name)));
  const out: ResetItem[] = [];
  for (const c of containers) {
    if (!removed.has(c.Id)) continue;
    for (const m of c.Mounts ?? []) {
      const name = m.Name;
      if (m.Type !== 'volume' || !name || !anonymous.has(name) || usedElsewhere.has(name) || planned.has(name) || baseline?.volumes.includes(name)) continue;
      planned.add(name);
      out.push({ kind: 'volume', id: name, name: `${name.slice(0, 12)} (anonymous, of container ${listedName(c)})`, why: MADE });
    }
  }
  return out;
}

function builds(lab: Lab): boolean {
  return lab.solution.some((s) => /\bdocker (image )?build\b|\bdocker buildx build\b/.test(s));
}

/**
 * Images with no tag made during a building lab: the build stages the legacy builder keeps and
 * the lab's earlier builds a rebuild untagged. Used by no container that stays.
 */
async function leftoverBuildImages(client: EngineClient, baseline: Baseline, containers: ContainerSummary[], removed: Set<string>): Promise<ResetItem[]> {
  const inUse = new Set(containers.filter((c) => !removed.has(c.Id)).map((c) => c.ImageID));
  const since = Date.parse(baseline.startedAt) / 1000;
  const out: ResetItem[] = [];
  for (const image of await client.listImages()) {
    const dangling = (image.RepoTags ?? []).every((t) => t === '<none>:<none>');
    if (!dangling || baseline.images.includes(image.Id) || inUse.has(image.Id) || (image.Created ?? 0) < Math.floor(since)) continue;
    out.push({ kind: 'image', id: image.Id, name: `${image.Id.replace(/^sha256:/, '').slice(0, 12)} (untagged, left by a build)`, why: MADE });
  }
  return out;
}

/** What a swarm holds besides the lab's own: services, stacks, secrets, configs, overlay networks. */
async function swarmHoldsMore(client: EngineClient, items: ResetItem[], services: ServiceDetails[], lab: Lab): Promise<string[]> {
  const going = new Set(items.filter((i) => i.kind === 'service' || i.kind === 'network').map((i) => i.id));
  const stacks = new Map<string, string[]>();
  const others: string[] = [];
  const inStack = (labels: Record<string, string> | null | undefined) => labels?.['com.docker.stack.namespace'];
  for (const s of services) {
    if (going.has(s.ID)) continue;
    const stack = inStack(s.Spec?.Labels);
    if (stack) stacks.set(stack, [...(stacks.get(stack) ?? []), s.Spec?.Name ?? s.ID]);
    else others.push(`service ${s.Spec?.Name}`);
  }
  for (const [stack, names] of stacks) others.unshift(`stack ${stack} (services ${names.join(', ')})`);
  for (const s of await client.listSecrets()) if (!isLabelledFor(s.Spec?.Labels, lab.id)) others.push(`secret ${s.Spec?.Name}`);
  for (const c of await client.listConfigs()) if (!isLabelledFor(c.Spec?.Labels, lab.id)) others.push(`config ${c.Spec?.Name}`);
  for (const n of await client.listNetworks()) {
    const net = n;
    if (net.Scope !== 'swarm' || net.Ingress || going.has(net.Id) || stacks.has(inStack(net.Labels) ?? '')) continue;
    others.push(`network ${net.Name}`);
  }
  return others;
}

/**
 * The lab's workspace as it should be at a fresh start: starter files restored when changed or
 * missing, files made during the lab removed; files from before the lab are the learner's own.
 */
async function workspacePlan(lab: Lab, workspace: string, baseline: Baseline): Promise<{ items: ResetItem[]; kept: string[] }> {
  const starter = lab.starterDir ? await listRelative(lab.starterDir) : [];
  const present = await listRelative(workspace);
  const items: ResetItem[] = [];
  const kept: string[] = [];
  const started = Date.parse(baseline.startedAt);
  const before = new Set(baseline.workspaceFiles ?? []);
  for (const file of starter) {
    const there = path.join(workspace, file);
    if (!present.includes(file)) items.push({ kind: 'file', id: file, name: file, why: 'starter file, put back' });
    else if ((await digest(there)) !== (await digest(path.join(lab.starterDir!, file)))) items.push({ kind: 'file', id: file, name: file, why: 'starter file you changed, put back as shipped' });
  }
  for (const file of present) {
    if (starter.includes(file)) continue;
    // Baselines from older versions did not list the files: go by when the file was made.
    const mine = baseline.workspaceFiles ? before.has(file) : (await stat(path.join(workspace, file))).birthtimeMs < started;
    if (mine) kept.push(file);
    else items.push({ kind: 'file', id: file, name: file, why: 'added during this lab, removed' });
  }
  return { items, kept };
}

async function digest(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

const ORDER: ResetItem['kind'][] = ['service', 'container', 'network', 'volume', 'image', 'swarm', 'file'];

/** Removes the planned items in dependency order; returns failures rather than stopping at the first. */
export async function applyReset(plan: ResetPlan, client: EngineClient, options: { env?: NodeJS.ProcessEnv } = {}): Promise<Array<{ item: ResetItem; error: string }>> {
  const failures: Array<{ item: ResetItem; error: string }> = [];
  const sorted = [...plan.items].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const workspace = labFolder(plan.lab, options.env);
  for (const item of sorted) {
    try {
      if (item.kind === 'service') await client.removeService(item.id);
      else if (item.kind === 'container') await client.removeContainer(item.id);
      else if (item.kind === 'network') await client.removeNetwork(item.id);
      else if (item.kind === 'volume') await client.removeVolume(item.id);
      else if (item.kind === 'image') {
        await client.removeImage(item.id);
        if (item.giveTagBackTo) await client.tagImage(item.giveTagBackTo, item.id);
      }
      else if (item.kind === 'swarm') await client.leaveSwarm();
      else if (workspace) await resetFile(plan.lab, workspace, item.id);
    } catch (error) {
      if (isNotFound(error)) continue; // gone already (e.g. a service's task container)
      failures.push({ item, error: (error as Error).message });
    }
  }
  return failures;
}

async function resetFile(lab: Lab, workspace: string, file: string): Promise<void> {
  const there = path.resolve(workspace, file);
  if (!there.startsWith(path.resolve(workspace) + path.sep)) throw new Error(`${file} is outside the lab's folder`);
  const shipped = lab.starterDir ? path.join(lab.starterDir, file) : undefined;
  if (shipped && (await stat(shipped).catch(() => undefined))) {
    await mkdir(path.dirname(there), { recursive: true });
    await cp(shipped, there, { force: true });
  } else await rm(there, { force: true });
}

/** Applies a blocker's remedy to that one object: renamed out of the lab's way and stopped. */
export async function clearBlocker(blocker: Blocker, client: EngineClient): Promise<void> {
  if (blocker.remedy?.action !== 'rename-stop') return;
  if (blocker.remedy.newName !== blocker.name) await client.renameContainer(blocker.id, blocker.remedy.newName);
  await client.stopContainer(blocker.id);
}

/** Made by Compose for one of the lab's projects (its label, whatever the container or volume is called). */
function ofLabProject(lab: Lab, labels: Record<string, string> | null | undefined): boolean {
  const project = labels?.[COMPOSE_PROJECT];
  return project !== undefined && lab.cleanup.composeProjects.includes(project);
}

function sameRef(a: string, b: string): boolean {
  try {
    return normalizeReference(a) === normalizeReference(b);
  } catch {
    return false;
  }
}
