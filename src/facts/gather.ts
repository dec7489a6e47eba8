/**
 * Turns the facts a lab's checks ask for into engine calls, made once each and concurrently,
 * and translates the API's answers into the plain facts the checks judge.
 */
import type { CheckSpec } from '../course/schema.js';
import { factsNeeded, type FactRequest } from '../checks/requests.js';
import {
  emptyFacts,
  factKey,
  type Baseline,
  type ContainerFact,
  type EngineFacts,
  type EventFact,
  type HealthFact,
  type ImageFact,
  type NetworkFact,
  type ServiceFact,
  type WorkspaceFileFact,
} from '../checks/facts.js';
import type { ContainerDetails, EngineClient, ImageDetails, NetworkDetails, RawEvent, ServiceDetails, TaskDetails } from '../engine/port.js';
import { normalizeReference } from '../checks/images.js';
import { describeError } from '../errors.js';
import { httpGet } from '../engine/http-get.js';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

/** Containers inspected per run at most (newest first); a learner's engine may hold hundreds. */
const MAX_INSPECTED_CONTAINERS = 100;

export async function gatherFacts(client: EngineClient, specs: readonly CheckSpec[], baseline?: Baseline, workspace?: string): Promise<EngineFacts> {
  const facts = emptyFacts();
  facts.baseline = baseline;
  facts.workspace = workspace;
  // A workspace reached through a symbolic link: the learner's $(pwd) may give either path.
  const real = workspace ? await realpath(workspace).catch(() => undefined) : undefined;
  if (real && real !== workspace) facts.workspaceReal = real;
  const requests = dedupe(specs.flatMap(factsNeeded));
  try {
    await client.ping(3000);
  } catch (error) {
    facts.reachable = { ok: false, detail: describeError(error) };
    return facts;
  }
  // Containers first: file, log and DNS probes only run against containers that exist.
  const inspectsContainers = requests.some((r) => r.type === 'containers' || r.type === 'file' || r.type === 'logs' || r.type === 'processes' || r.type === 'resolve');
  if (inspectsContainers) facts.containers = await containerFacts(client);
  const names = new Set(facts.containers.map((c) => c.name));
  // An HTTP probe waits for a server only on a port a running container publishes.
  const published = requests.some((r) => r.type === 'http') ? await publishedPorts(client, inspectsContainers ? facts.containers : undefined) : new Set<number>();
  await Promise.all(requests.map((request) => fetchFact(client, request, facts, names, published, baseline, workspace)));
  return facts;
}

/** Host ports published by running containers: from the facts when gathered, else from one listing. */
async function publishedPorts(client: EngineClient, containers: ContainerFact[] | undefined): Promise<Set<number>> {
  if (containers) return new Set(containers.filter((c) => c.running).flatMap((c) => Object.values(c.ports).flat()));
  const listed = await client.listContainers();
  return new Set(listed.filter((c) => c.State === 'running').flatMap((c) => (c.Ports ?? []).map((p) => p.PublicPort).filter((p): p is number => typeof p === 'number' && p > 0)));
}

async function fetchFact(client: EngineClient, r: FactRequest, facts: EngineFacts, containers: Set<string>, published: Set<number>, baseline?: Baseline, workspace?: string): Promise<void> {
  switch (r.type) {
    case 'containers':
      return;
    case 'image': {
      const image = await client.inspectImage(r.ref);
      facts.images[r.ref] = image ? toImageFact(image) : null;
      return;
    }
    case 'image-layers': {
      try {
        facts.imageLayers[r.ref] = (await client.imageLayerContents(r.ref, r.read.map((p) => p.replace(/^\/+/, '')))) ?? null;
      } catch (error) {
        facts.imageLayers[r.ref] = { error: describeError(error) };
      }
      return;
    }
    case 'image-history': {
      const history = await client.imageHistory(r.ref);
      facts.imageHistory[r.ref] = history ? history.map((step) => step.CreatedBy).reverse() : null;
      return;
    }
    case 'workspace-file': {
      facts.workspaceFiles[r.path] = await workspaceFile(workspace, r.path);
      return;
    }
    case 'volume': {
      const volume = await client.inspectVolume(r.name);
      facts.volumes[r.name] = volume ? { name: volume.Name, createdAt: (volume as { CreatedAt?: string }).CreatedAt, labels: volume.Labels ?? {} } : null;
      return;
    }
    case 'network': {
      const network = await client.inspectNetwork(r.name);
      facts.networks[r.name] = network ? toNetworkFact(network) : null;
      return;
    }
    case 'volume-list': {
      facts.volumeList = (await client.listVolumes()).map((v) => ({ name: v.Name, createdAt: v.CreatedAt, labels: v.Labels ?? {} }));
      return;
    }
    case 'network-list': {
      facts.networkList = (await client.listNetworks()).map(toNetworkFact);
      return;
    }
    case 'events': {
      if (!baseline) return;
      // The engine keeps a stream open until `until` has passed, so it must be "now", to the nanosecond format.
      const now = Date.now();
      const since = Math.min(Date.parse(baseline.startedAt), now);
      const raw = await client.events(engineTime(since), engineTime(now));
      facts.events = raw.map(toEventFact);
      return;
    }
    case 'file': {
      if (!containers.has(r.container)) return;
      try {
        facts.files[factKey.file(r.container, r.path)] = await client.readFile(r.container, r.path);
      } catch (error) {
        facts.files[factKey.file(r.container, r.path)] = { exists: false, error: describeError(error) };
      }
      return;
    }
    case 'logs': {
      if (!containers.has(r.container)) return;
      facts.logs[r.container] = (await client.containerLogs(r.container)) ?? null;
      return;
    }
    case 'processes': {
      if (!containers.has(r.container)) return;
      facts.processes[r.container] = (await client.containerProcesses(r.container)) ?? null;
      return;
    }
    case 'resolve': {
      const c = facts.containers.find((x) => x.name === r.container);
      if (!c?.running) return;
      facts.resolves[factKey.resolve(r.container, r.target)] = await resolveProbe(client, r.container, r.target);
      return;
    }
    case 'http':
      // Retries are for a server that has just started; with nothing published there, a watch
      // would only wait for them while newer events queue up behind this grade.
      facts.http[factKey.http(r.port, r.path)] = await httpProbe(r.port, r.path, published.has(r.port) ? r.attempts : 1);
      return;
    case 'registry':
      facts.registryTags[factKey.registry(r.registry, r.repository)] = await registryTags(r.registry, r.repository);
      return;
    case 'swarm': {
      const info = await client.info();
      facts.swarmActive = info.Swarm?.LocalNodeState === 'active';
      return;
    }
    case 'settled': {
      const at = facts.containers.findIndex((c) => c.name === r.container);
      if (at >= 0) facts.containers[at] = await settledContainer(client, facts.containers[at]!);
      return;
    }
    case 'kernel': {
      facts.kernelVersion = (await client.info()).KernelVersion ?? undefined;
      return;
    }
    case 'service': {
      const info = await client.info();
      if (info.Swarm?.LocalNodeState !== 'active') {
        facts.services[r.name] = null;
        return;
      }
      const services = await client.listServices();
      const listed = services.find((s) => s.Spec?.Name === r.name);
      const service = listed ? ((await client.inspectService(listed.ID)) ?? listed) : undefined;
      if (!service) {
        facts.services[r.name] = null;
        return;
      }
      // By ID: the name filter would also match another service whose ID starts with this name.
      const tasks = await client.listTasks(service.ID);
      if (!tasks) {
        facts.services[r.name] = null; // removed while this check read it
        return;
      }
      facts.services[r.name] = toServiceFact(service, tasks);
      return;
    }
  }
}

export function toServiceFact(service: ServiceDetails, tasks: TaskDetails[]): ServiceFact {
  const update = service.Spec?.UpdateConfig;
  const isRunning = (t: TaskDetails) => t.Status?.State === 'running' && t.DesiredState === 'running';
  const runningTasks = tasks.filter(isRunning);
  return {
    id: service.ID,
    name: service.Spec?.Name ?? '',
    image: service.Spec?.TaskTemplate?.ContainerSpec?.Image ?? '',
    replicas: service.Spec?.Mode?.Replicated?.Replicas,
    runningTasks: runningTasks.length,
    runningTaskImages: runningTasks.map((t) => String(t.Spec?.ContainerSpec?.Image ?? '')),
    ports: (service.Spec?.EndpointSpec?.Ports ?? []).map((p) => ({
      target: Number(p.TargetPort),
      ...(p.PublishedPort ? { published: Number(p.PublishedPort) } : {}),
      protocol: String(p.Protocol ?? 'tcp'),
      mode: String(p.PublishMode ?? 'ingress'),
    })),
    // Fields at their zero value are left out: parallelism 0 means all at once, a missing delay none.
    // Without update settings at all, swarm updates one task at a time with no delay.
    update: update ? { parallelism: update.Parallelism ?? 0, delayNs: update.Delay ?? 0 } : { parallelism: 1, delayNs: 0 },
    tasks: tasks.map((t) => ({
      slot: t.Slot ? String(t.Slot) : String(t.NodeID ?? ''),
      image: String(t.Spec?.ContainerSpec?.Image ?? ''),
      createdAt: String(t.CreatedAt ?? ''),
      running: isRunning(t),
    })),
  };
}

async function containerFacts(client: EngineClient): Promise<ContainerFact[]> {
  const summaries = (await client.listContainers()).sort((a, b) => b.Created - a.Created).slice(0, MAX_INSPECTED_CONTAINERS);
  const inspected = await Promise.all(summaries.map((s) => client.inspectContainer(s.Id)));
  return inspected.filter((c): c is ContainerDetails => Boolean(c)).map(toContainerFact);
}

export function toContainerFact(c: ContainerDetails): ContainerFact {
  const ports: Record<string, number[]> = {};
  for (const [port, bindings] of Object.entries(c.HostConfig?.PortBindings ?? {})) {
    ports[port] = [...new Set(((bindings as Array<{ HostPort?: string }>) ?? []).map((b) => Number(b.HostPort)).filter((n) => n > 0))];
  }
  // Running containers report the ports actually bound (covers -p 0:80 and -P).
  for (const [port, bindings] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
    if (!bindings) continue;
    const bound = (bindings as Array<{ HostPort?: string }>).map((b) => Number(b.HostPort)).filter((n) => n > 0);
    ports[port] = [...new Set([...(ports[port] ?? []), ...bound])];
  }
  const portBindings: Record<string, Array<{ hostIp: string; hostPort: number }>> = {};
  const bindingSources = [c.HostConfig?.PortBindings ?? {}, c.NetworkSettings?.Ports ?? {}] as Array<Record<string, Array<{ HostIp?: string; HostPort?: string }> | null>>;
  for (const source of bindingSources) {
    for (const [port, bindings] of Object.entries(source)) {
      for (const b of bindings ?? []) {
        const hostPort = Number(b.HostPort);
        if (!(hostPort > 0)) continue;
        const hostIp = b.HostIp || '0.0.0.0';
        const known = (portBindings[port] ??= []);
        if (!known.some((k) => k.hostIp === hostIp && k.hostPort === hostPort)) known.push({ hostIp, hostPort });
      }
    }
  }
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    image: c.Config?.Image ?? '',
    imageId: c.Image,
    state: c.State?.Status ?? 'unknown',
    running: Boolean(c.State?.Running),
    exitCode: c.State?.ExitCode ?? 0,
    created: c.Created,
    startedAt: c.State?.StartedAt,
    finishedAt: c.State?.FinishedAt,
    tty: Boolean(c.Config?.Tty),
    openStdin: Boolean(c.Config?.OpenStdin),
    env: c.Config?.Env ?? [],
    restartPolicy: c.HostConfig?.RestartPolicy?.Name || 'no',
    restartMaxRetries: c.HostConfig?.RestartPolicy?.MaximumRetryCount ?? 0,
    restartCount: c.RestartCount ?? 0,
    resources: {
      memory: c.HostConfig?.Memory ?? 0,
      memoryReservation: c.HostConfig?.MemoryReservation ?? 0,
      nanoCpus: c.HostConfig?.NanoCpus ?? 0,
      cpuQuota: c.HostConfig?.CpuQuota ?? 0,
      cpuPeriod: c.HostConfig?.CpuPeriod ?? 0,
      cpuShares: c.HostConfig?.CpuShares ?? 0,
      pidsLimit: c.HostConfig?.PidsLimit && c.HostConfig.PidsLimit > 0 ? c.HostConfig.PidsLimit : 0,
    },
    ...(c.State?.Health?.Status ? { health: toHealthFact(c.State.Health, c.Config?.Healthcheck?.Test ?? undefined) } : {}),
    oomKilled: Boolean(c.State?.OOMKilled),
    ports,
    mounts: (c.Mounts ?? []).map((m) => ({ type: m.Type ?? '', name: m.Name, source: m.Source ?? '', destination: m.Destination, readOnly: m.RW === false })),
    networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
    labels: c.Config?.Labels ?? {},
    command: [c.Path, ...(c.Args ?? [])].filter((w): w is string => typeof w === 'string'),
    portBindings,
    requestedHostPorts: Object.fromEntries(
      Object.entries(c.HostConfig?.PortBindings ?? {}).map(([port, bindings]) => [port, ((bindings as Array<{ HostPort?: string }>) ?? []).map((b) => Number(b.HostPort)).filter((n) => n > 0)]),
    ),
    user: c.Config?.User ?? '',
    readOnlyRootfs: Boolean(c.HostConfig?.ReadonlyRootfs),
    capAdd: c.HostConfig?.CapAdd ?? [],
    capDrop: c.HostConfig?.CapDrop ?? [],
    tmpfs: Object.keys(c.HostConfig?.Tmpfs ?? {}),
  };
}

function toHealthFact(h: NonNullable<NonNullable<ContainerDetails['State']>['Health']>, test?: string[]): HealthFact {
  const last = (h.Log ?? []).at(-1)?.Output?.trim();
  return { status: h.Status ?? '', failingStreak: h.FailingStreak ?? 0, ...(last ? { lastOutput: last.slice(0, 200) } : {}), ...(test?.length ? { test } : {}) };
}

/**
 * A container whose state is about to change by itself: its first health checks have not run,
 * or an on-failure policy is still restarting it. A learner checking right after docker run
 * would otherwise be judged on a moment that passes within seconds.
 */
export function unsettled(c: ContainerFact): boolean {
  if (c.health?.status === 'starting' && c.running) return true;
  const retrying = c.restartPolicy === 'on-failure' && (c.restartMaxRetries ?? 0) > 0;
  return retrying && (c.state === 'restarting' || (c.running && (c.restartCount ?? 0) > 0));
}

const SETTLE_MS = 10_000;
const SETTLE_POLL_MS = 250;

async function settledContainer(client: EngineClient, c: ContainerFact): Promise<ContainerFact> {
  const deadline = Date.now() + SETTLE_MS;
  let current = c;
  while (unsettled(current) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
    const again = await client.inspectContainer(current.id);
    if (!again) break; // removed meanwhile: judge what was there
    current = toContainerFact(again);
  }
  return current;
}

export function toImageFact(i: ImageDetails): ImageFact {
  return {
    id: i.Id,
    repoTags: i.RepoTags ?? [],
    repoDigests: i.RepoDigests ?? [],
    created: i.Created,
    layers: i.RootFS?.Layers ?? [],
    cmd: i.Config?.Cmd ?? null,
    entrypoint: (i.Config?.Entrypoint as string[] | null | undefined) ?? null,
    env: i.Config?.Env ?? [],
    labels: i.Config?.Labels ?? {},
    exposedPorts: Object.keys(i.Config?.ExposedPorts ?? {}),
    workingDir: i.Config?.WorkingDir ?? '',
    user: i.Config?.User ?? '',
  };
}

function toNetworkFact(n: NetworkDetails): NetworkFact {
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    created: n.Created,
    containers: Object.values(n.Containers ?? {}).map((c) => c.Name),
    labels: n.Labels ?? {},
  };
}

function toEventFact(e: RawEvent): EventFact {
  const attributes = e.Actor?.Attributes ?? {};
  const actorId = e.Actor?.ID ?? '';
  // Image events carry the full reference ("alpine:3.20") as the actor; the name attribute drops the tag.
  const name = e.Type === 'image' && actorId && !actorId.startsWith('sha256:') ? actorId : (attributes.name ?? actorId);
  const fact: EventFact = { type: e.Type, action: e.Action, name, id: actorId, time: e.time, ...(e.timeNano ? { timeNano: e.timeNano } : {}) };
  if (e.Type === 'container' && attributes.image) fact.image = attributes.image;
  if (e.Type === 'container' && attributes.exitCode !== undefined && /^-?\d+$/.test(attributes.exitCode)) fact.exitCode = Number(attributes.exitCode);
  return fact;
}

async function resolveProbe(client: EngineClient, container: string, target: string) {
  // getent is in glibc and musl images; busybox images only have nslookup/ping.
  const script = `getent hosts ${target} || nslookup ${target} || ping -c 1 -W 2 ${target}`;
  try {
    const result = await client.exec(container, ['sh', '-c', script], 8000);
    const output = (result.stdout + result.stderr).trim().split('\n').slice(0, 2).join(' ');
    return result.exitCode === 0
      ? { ok: true, detail: `resolved: ${output}` }
      : { ok: false, detail: `"${target}" did not resolve (${output || `exit code ${result.exitCode}`})` };
  } catch (error) {
    return { ok: false, detail: describeError(error) };
  }
}

/** GET on a host port, retried briefly: a container that just started may not listen yet. */
export async function httpProbe(port: number, path: string, attempts: number, delayMs = 300) {
  let last = 'no answer';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await httpGet(`http://127.0.0.1:${port}${path}`, 2000);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      last = code === 'ECONNREFUSED' ? `nothing listens on port ${port}` : describeError(error);
    }
    if (attempt < attempts) await new Promise((r) => setTimeout(r, delayMs));
  }
  return { error: last };
}

async function registryTags(registry: string, repository: string) {
  try {
    const response = await httpGet(`http://${registry}/v2/${repository}/tags/list`, 3000);
    if (response.status === 404) return { tags: [] };
    if (response.status !== 200) return { tags: [], error: `registry answered HTTP ${response.status}` };
    const body = JSON.parse(response.body) as { tags?: string[] | null };
    return { tags: body.tags ?? [] };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { tags: [], error: code === 'ECONNREFUSED' ? `no registry answers on ${registry}` : describeError(error) };
  }
}

/** Milliseconds since the epoch as the engine's "seconds.nanoseconds" timestamp. */
export function engineTime(ms: number): string {
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1_000_000).padStart(9, '0')}`;
}

/** Each fact once; an image's layers are read once, for every file any check asked of them. */
function dedupe(requests: FactRequest[]): FactRequest[] {
  const seen = new Map<string, FactRequest>();
  for (const r of requests) {
    if (r.type !== 'image-layers') {
      seen.set(JSON.stringify(r), r);
      continue;
    }
    const key = `image-layers ${r.ref}`;
    const known = seen.get(key);
    const read = known?.type === 'image-layers' ? [...new Set([...known.read, ...r.read])] : r.read;
    seen.set(key, { ...r, read });
  }
  return [...seen.values()];
}

/** A file of the lab's workspace: the learner's machine, where they run docker build. */
async function workspaceFile(workspace: string | undefined, relative: string): Promise<WorkspaceFileFact> {
  if (!workspace) return { exists: false, error: 'no lab workspace' };
  try {
    return { exists: true, content: await readFile(path.join(workspace, relative), 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { exists: false } : { exists: false, error: describeError(error) };
  }
}

/** What exists right now: recorded when a lab starts so leftovers never pass it. */
export async function takeBaseline(client: EngineClient, now = new Date()): Promise<Baseline> {
  const [containers, images, volumes, networks, info] = await Promise.all([
    client.listContainers(),
    client.listImages(),
    client.listVolumes(),
    client.listNetworks(),
    client.info(),
  ]);
  const swarmActive = info.Swarm?.LocalNodeState === 'active';
  const services = swarmActive ? (await client.listServices()).map((s) => s.ID) : [];
  return {
    startedAt: now.toISOString(),
    containers: containers.map((c) => c.Id),
    images: images.map((i) => i.Id),
    imageTags: images.flatMap((i) => (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map(normalizeReference)),
    imageTagIds: Object.fromEntries(images.flatMap((i) => (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map((t) => [normalizeReference(t), i.Id]))),
    volumes: volumes.map((v) => v.Name),
    networks: networks.map((n) => n.Id),
    services,
    swarmActive,
  };
}
