/**
 * Resetting a lab removes only what belongs to it: objects carrying the tutor's label for the lab,
 * and objects the lab names as its targets that did not exist when the learner started it.
 * Anything in the baseline — even with the same name — is left alone. Never prune.
 */
import type { Lab } from '../course/model.js';
import type { Baseline } from '../checks/facts.js';
import { isNotFound } from '../engine/client.js';
import type { EngineClient } from '../engine/port.js';
import { isLabelledFor } from '../engine/labels.js';
import { normalizeReference } from '../checks/images.js';
import { listedName } from '../engine/names.js';

export interface ResetItem {
  kind: 'container' | 'image' | 'volume' | 'network' | 'service' | 'swarm';
  /** What to pass to the engine to remove it. */
  id: string;
  /** What to show the learner. */
  name: string;
  why: 'labelled by the tutor for this lab' | 'created during this lab' | 'joined during this lab';
}

export interface ResetPlan {
  lab: Lab;
  items: ResetItem[];
  /** Objects with a lab's target name that are kept because they predate the lab. */
  kept: string[];
}

export async function planReset(lab: Lab, client: EngineClient, baseline: Baseline | undefined): Promise<ResetPlan> {
  const items: ResetItem[] = [];
  const kept: string[] = [];
  const info = await client.info();
  const swarmActive = info.Swarm?.LocalNodeState === 'active';

  if (swarmActive && lab.cleanup.services.length > 0) {
    const services = await client.listServices();
    for (const s of services) {
      const name: string = s.Spec?.Name ?? '';
      const labelled = isLabelledFor(s.Spec?.Labels, lab.id);
      const made = baseline && lab.cleanup.services.includes(name) && !baseline.services.includes(s.ID);
      if (labelled || made) items.push({ kind: 'service', id: s.ID, name, why: labelled ? 'labelled by the tutor for this lab' : 'created during this lab' });
      else if (lab.cleanup.services.includes(name)) kept.push(`service ${name}`);
    }
  }

  const imageIds = new Map<string, string>();
  for (const ref of lab.cleanup.images) {
    const image = await client.inspectImage(ref);
    if (image) imageIds.set(ref, image.Id);
  }

  for (const c of await client.listContainers()) {
    const name = listedName(c);
    const labelled = isLabelledFor(c.Labels, lab.id);
    const isNew = baseline !== undefined && !baseline.containers.includes(c.Id);
    // Only names the lab gives, or images it declares as making unnamed containers: never "any container of alpine".
    // Matched by the reference the container was created with, not the image ID: another tag of the
    // same image (busybox:1.36 vs a lab's tag of it) belongs to someone else.
    const target = lab.cleanup.containers.includes(name) || lab.cleanup.containersFrom.some((ref) => sameRef(c.Image, ref));
    if (labelled) items.push({ kind: 'container', id: c.Id, name, why: 'labelled by the tutor for this lab' });
    else if (target && isNew) items.push({ kind: 'container', id: c.Id, name, why: 'created during this lab' });
    else if (lab.cleanup.containers.includes(name)) kept.push(`container ${name}`);
  }

  for (const v of await client.listVolumes()) {
    const labelled = isLabelledFor(v.Labels, lab.id);
    const made = baseline && lab.cleanup.volumes.includes(v.Name) && !baseline.volumes.includes(v.Name);
    if (labelled || made) items.push({ kind: 'volume', id: v.Name, name: v.Name, why: labelled ? 'labelled by the tutor for this lab' : 'created during this lab' });
    else if (lab.cleanup.volumes.includes(v.Name)) kept.push(`volume ${v.Name}`);
  }

  for (const n of await client.listNetworks()) {
    const labelled = isLabelledFor(n.Labels, lab.id);
    const made = baseline && lab.cleanup.networks.includes(n.Name) && !baseline.networks.includes(n.Id);
    if (labelled || made) items.push({ kind: 'network', id: n.Id, name: n.Name, why: labelled ? 'labelled by the tutor for this lab' : 'created during this lab' });
    else if (lab.cleanup.networks.includes(n.Name)) kept.push(`network ${n.Name}`);
  }

  for (const [ref, id] of imageIds) {
    // A tag made during the lab goes even if its image was there before (removing a tag only untags).
    const existedBefore = baseline?.imageTags ? baseline.imageTags.includes(normalizeReference(ref)) : baseline?.images.includes(id);
    if (baseline && !existedBefore) items.push({ kind: 'image', id: ref, name: ref, why: 'created during this lab' });
    else kept.push(`image ${ref}`);
  }

  if (lab.cleanup.leaveSwarm && baseline && !baseline.swarmActive && swarmActive) {
    items.push({ kind: 'swarm', id: 'swarm', name: 'swarm mode (docker swarm leave)', why: 'joined during this lab' });
  }
  return { lab, items, kept };
}

const ORDER: ResetItem['kind'][] = ['service', 'container', 'network', 'volume', 'image', 'swarm'];

/** Removes the planned items in dependency order; returns failures rather than stopping at the first. */
export async function applyReset(plan: ResetPlan, client: EngineClient): Promise<Array<{ item: ResetItem; error: string }>> {
  const failures: Array<{ item: ResetItem; error: string }> = [];
  const sorted = [...plan.items].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  for (const item of sorted) {
    try {
      if (item.kind === 'service') await client.removeService(item.id);
      else if (item.kind === 'container') await client.removeContainer(item.id);
      else if (item.kind === 'network') await client.removeNetwork(item.id);
      else if (item.kind === 'volume') await client.removeVolume(item.id);
      else if (item.kind === 'image') await client.removeImage(item.id);
      else await client.leaveSwarm();
    } catch (error) {
      if (isNotFound(error)) continue; // gone already (e.g. a service's task container)
      failures.push({ item, error: (error as Error).message });
    }
  }
  return failures;
}

function sameRef(a: string, b: string): boolean {
  try {
    return normalizeReference(a) === normalizeReference(b);
  } catch {
    return false;
  }
}
