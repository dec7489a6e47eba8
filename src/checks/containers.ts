import type { CheckSpec } from '../course/schema.js';
import type { ContainerFact, EngineFacts } from './facts.js';
import { envValue, normalizeReference } from './images.js';
import { fail, list, pass, verdict, type Verdict } from './verdict.js';

type Spec<K extends CheckSpec['kind']> = Extract<CheckSpec, { kind: K }>;
type Targeted = { container?: string; image?: string; sinceStart?: boolean };

const describeTarget = (spec: Targeted) =>
  spec.container ? `container "${spec.container}"${spec.image ? ` from ${spec.image}` : ''}` : `a container from image ${spec.image}`;
const describeState = (c: ContainerFact) => `"${c.name}" is ${c.state}${c.state === 'exited' ? ` (exit code ${c.exitCode})` : ''}`;

export function findContainer(facts: EngineFacts, name: string): ContainerFact | undefined {
  return facts.containers.find((c) => c.name === name);
}

/** Made from the image a check names: by image ID, or by the reference it was created with. */
export function fromImage(c: ContainerFact, ref: string, facts: EngineFacts): boolean {
  const image = facts.images[ref];
  return (Boolean(image) && c.imageId === image!.id) || normalizeReference(c.image) === normalizeReference(ref);
}

interface Candidates {
  matches: ContainerFact[];
  /** Containers older than the lab. */
  leftOut: ContainerFact[];
  /** The named container, made from another image than the one the check names. */
  wrongImage: ContainerFact[];
}

/** Containers that match a check's target, newest first, leaving out those older than the lab when asked. */
function candidates(spec: Targeted, facts: EngineFacts): Candidates {
  let all: ContainerFact[];
  if (spec.container) {
    all = facts.containers.filter((c) => c.name === spec.container);
  } else {
    all = facts.containers.filter((c) => fromImage(c, spec.image!, facts));
  }
  all.sort((a, b) => b.created.localeCompare(a.created));
  let leftOut: ContainerFact[] = [];
  if (spec.sinceStart && facts.baseline) {
    const before = new Set(facts.baseline.containers);
    leftOut = all.filter((c) => before.has(c.id));
    all = all.filter((c) => !before.has(c.id));
  }
  const wrongImage = spec.container && spec.image ? all.filter((c) => !fromImage(c, spec.image!, facts)) : [];
  return { matches: all.filter((c) => !wrongImage.includes(c)), leftOut, wrongImage };
}

function notFound(spec: Targeted, title: string, expected: string, { leftOut, wrongImage }: Candidates, hint: string): Verdict {
  const wrong = wrongImage[0];
  if (wrong) return fail(title, expected, `"${wrong.name}" was made from ${wrong.image}, not ${spec.image}`, `Remove it (docker rm -f ${wrong.name}) and make it again from ${spec.image}.`);
  if (leftOut.length === 0) return fail(title, expected, 'none', hint);
  const found = `only ${leftOut.map((c) => `"${c.name}"`).join(', ')}, which existed before the lab started`;
  return fail(title, expected, found, `${clearTheWay(leftOut[0]!)}.`);
}

/**
 * The way past a container from before the lab that holds the lab's name: renamed it would
 * still hold its ports, so it is stopped too — or removed, if the learner no longer needs it.
 */
export function clearTheWay(c: Pick<ContainerFact, 'name' | 'running' | 'ports'>): string {
  const ports = [...new Set(Object.values(c.ports ?? {}).flat())];
  const holds = ports.length ? ` (it holds port${ports.length > 1 ? 's' : ''} ${ports.join(', ')})` : '';
  const keep = c.running ? `docker rename ${c.name} ${c.name}-old && docker stop ${c.name}-old` : `docker rename ${c.name} ${c.name}-old`;
  return `"${c.name}" is yours from before the lab${holds}: keep it out of the way with ${keep}, or remove it with docker rm -f ${c.name}; then do the lab's step again`;
}

export function containerExists(spec: Spec<'container-exists'>, facts: EngineFacts): Verdict {
  const title = `${describeTarget(spec)} exists`;
  const expected = `${describeTarget(spec)}${spec.sinceStart ? ', created during this lab' : ''}`;
  const found = candidates(spec, facts);
  const first = found.matches[0];
  if (!first) return notFound(spec, title, expected, found, spec.container ? `Create it with --name ${spec.container}.` : `Run a container from ${spec.image}.`);
  return pass(title, expected, describeState(first));
}

export function containerRunning(spec: Spec<'container-running'>, facts: EngineFacts): Verdict {
  const title = `${describeTarget(spec)} is running`;
  const expected = spec.container ? `a running container "${spec.container}"` : `a running container from image ${spec.image}`;
  const found = candidates(spec, facts);
  const { matches } = found;
  if (matches.length === 0) return notFound(spec, title, expected, found, spec.container ? `Start one with: docker run -d --name ${spec.container} …` : `Run one with: docker run -d ${spec.image} …`);
  const running = matches.find((c) => c.running);
  if (running) return pass(title, expected, describeState(running));
  return fail(title, expected, describeState(matches[0]!), `Start it again: docker start ${matches[0]!.name}`);
}

export function containerExited(spec: Spec<'container-exited'>, facts: EngineFacts): Verdict {
  const code = spec.exitCode === undefined ? '' : ` with exit code ${spec.exitCode}`;
  const title = `${describeTarget(spec)} has exited${code}`;
  const expected = `${describeTarget(spec)} stopped${code}`;
  const found = candidates(spec, facts);
  const { matches } = found;
  const exited = matches.find((c) => c.state === 'exited' && (spec.exitCode === undefined || c.exitCode === spec.exitCode));
  if (exited) return pass(title, expected, describeState(exited));
  const removed = exitedAndRemoved(spec, facts);
  if (removed) return pass(title, expected, removed);
  if (matches.length === 0) return notFound(spec, title, expected, found, 'Run the container first.');
  const first = matches[0]!;
  return fail(title, expected, describeState(first), first.running ? `Stop it: docker stop ${first.name}` : undefined);
}

/** A container from the image that ran during the lab and is gone (docker run --rm): its "die" event says how it ended. */
function exitedAndRemoved(spec: Spec<'container-exited'>, facts: EngineFacts): string | undefined {
  if (spec.container || !spec.image || !spec.sinceStart || !facts.baseline) return undefined;
  const image = facts.images[spec.image];
  const before = new Set(facts.baseline.containers);
  const died = facts.events.filter(
    (e) =>
      e.type === 'container' && e.action === 'die' && !before.has(e.id) && e.image !== undefined &&
      (normalizeReference(e.image) === normalizeReference(spec.image!) || (Boolean(image) && e.image === image!.id)) &&
      (spec.exitCode === undefined || e.exitCode === spec.exitCode),
  );
  const last = died[died.length - 1];
  if (!last || facts.containers.some((c) => c.id === last.id)) return undefined;
  return `a container from ${last.image} exited with code ${last.exitCode ?? '?'} and was removed (--rm)`;
}

export function containerAbsent(spec: Spec<'container-absent'>, facts: EngineFacts): Verdict {
  const title = `container "${spec.container}" is removed`;
  const c = findContainer(facts, spec.container);
  return c
    ? fail(title, `no container named "${spec.container}"`, describeState(c), c.running ? `It is running: stop it first, or use docker rm -f ${c.name}` : `Remove it: docker rm ${c.name}`)
    : pass(title, `no container named "${spec.container}"`, 'none');
}

export function withContainer(facts: EngineFacts, name: string, title: string, expected: string, judge: (c: ContainerFact) => Verdict): Verdict {
  const c = findContainer(facts, name);
  return c ? judge(c) : fail(title, expected, `no container named "${name}"`, `Create it with --name ${name}.`);
}

export function containerTty(spec: Spec<'container-tty'>, facts: EngineFacts): Verdict {
  const title = `container "${spec.container}" was started with -it`;
  const expected = 'an interactive terminal (Tty and OpenStdin on)';
  return withContainer(facts, spec.container, title, expected, (c) =>
    verdict(c.tty && c.openStdin, title, expected, `Tty ${c.tty ? 'on' : 'off'}, OpenStdin ${c.openStdin ? 'on' : 'off'}`, 'Run it with -it (interactive + terminal).'),
  );
}

export function containerEnv(spec: Spec<'container-env'>, facts: EngineFacts): Verdict {
  const expected = spec.value === undefined ? `${spec.name} set` : `${spec.name}=${spec.value}`;
  const title = `container "${spec.container}" has ${expected}`;
  return withContainer(facts, spec.container, title, expected, (c) => {
    const value = envValue(c.env, spec.name);
    return verdict(value !== undefined && (spec.value === undefined || value === spec.value), title, expected, value === undefined ? `${spec.name} not set` : `${spec.name}=${value}`, `Pass it with -e ${spec.name}=…`);
  });
}

export function containerRestartPolicy(spec: Spec<'container-restart-policy'>, facts: EngineFacts): Verdict {
  const wanted = spec.maxRetries ? `${spec.policy}:${spec.maxRetries}` : spec.policy;
  const title = `container "${spec.container}" restarts ${wanted}`;
  const expected = `restart policy "${wanted}"`;
  return withContainer(facts, spec.container, title, expected, (c) => {
    const policy = c.restartPolicy || 'no';
    const retries = c.restartMaxRetries ?? 0;
    const found = policy !== 'on-failure' ? `restart policy "${policy}"` : retries > 0 ? `restart policy "on-failure:${retries}"` : 'restart policy "on-failure" with no limit on retries';
    const ok = policy === spec.policy && (spec.maxRetries === undefined || retries === spec.maxRetries);
    return verdict(ok, title, expected, found, `Use --restart ${wanted} with docker run, or change it with docker update --restart ${wanted} ${spec.container}.`);
  });
}

export function containerPort(spec: Spec<'container-port'>, facts: EngineFacts): Verdict {
  const at = spec.hostIp ? `${spec.hostIp}:` : '';
  const expected = `${at}${spec.hostPort ?? 'a host port'} → ${spec.port}${spec.hostIp ? `, on ${spec.hostIp} only` : ''}`;
  const title = `container "${spec.container}" publishes ${spec.port}${spec.hostPort ? ` on host port ${spec.hostPort}` : ''}${spec.hostIp ? ` of ${spec.hostIp}` : ''}`;
  const hint = `Publish it with -p ${at}${spec.hostPort ?? 'HOST'}:${spec.port.replace('/tcp', '')}.`;
  if (spec.chosenByDocker) return containerPortChosen(spec, facts);
  return withContainer(facts, spec.container, title, expected, (c) => {
    if (!spec.hostIp || !c.portBindings) {
      const hostPorts = c.ports[spec.port] ?? [];
      const published = Object.entries(c.ports).flatMap(([p, hs]) => hs.map((h) => `${h} → ${p}`));
      const ok = hostPorts.length > 0 && (spec.hostPort === undefined || hostPorts.includes(spec.hostPort));
      return verdict(ok, title, expected, published.length ? list(published) : 'no published ports', hint);
    }
    const address = (ip: string, port: number) => `${ip.includes(':') ? `[${ip}]` : ip}:${port}`;
    const published = Object.entries(c.portBindings).flatMap(([p, bs]) => bs.map((b) => `${address(b.hostIp, b.hostPort)} → ${p}`));
    const wanted = (c.portBindings[spec.port] ?? []).filter((b) => spec.hostPort === undefined || b.hostPort === spec.hostPort);
    const ok = wanted.length > 0 && wanted.every((b) => b.hostIp === spec.hostIp);
    const open = wanted.some((b) => b.hostIp === '0.0.0.0' || b.hostIp === '::');
    const found = published.length ? `${list(published)}${open ? ' (every interface)' : ''}` : 'no published ports';
    return verdict(ok, title, expected, found, hint);
  });
}

function containerPortChosen(spec: Spec<'container-port'>, facts: EngineFacts): Verdict {
  const title = `container "${spec.container}" publishes ${spec.port} on a host port Docker chose`;
  const expected = `${spec.port} published on a host port Docker picked`;
  return withContainer(facts, spec.container, title, expected, (c) => {
    const published = Object.entries(c.ports).flatMap(([p, hs]) => hs.map((h) => `${h} → ${p}`));
    const named = c.requestedHostPorts?.[spec.port] ?? [];
    const bound = c.ports[spec.port] ?? [];
    const found = named.length ? `you named host port ${named.join(', ')} (${list(published)})` : published.length ? list(published) : 'no published ports';
    return verdict(bound.length > 0 && named.length === 0, title, expected, found, 'Publish it without a host port: -P publishes every exposed port.');
  });
}

export function containerRestarted(spec: Spec<'container-restarted'>, facts: EngineFacts): Verdict {
  const title = `container "${spec.container}" was stopped and started again`;
  const expected = `the same "${spec.container}" stopped, then started again during this lab`;
  return withContainer(facts, spec.container, title, expected, (c) => {
    const own = facts.events.filter((e) => e.type === 'container' && e.id === c.id).map((e) => e.action);
    const diedAt = own.indexOf('die');
    const ok = diedAt >= 0 && own.indexOf('start', diedAt) > diedAt && c.running;
    const gone = facts.events.some((e) => e.type === 'container' && e.name === spec.container && e.id !== c.id && e.action === 'destroy');
    const seen = `events for this "${spec.container}": ${list(own.filter((a) => ['create', 'start', 'kill', 'stop', 'die', 'restart'].includes(a)))}`;
    const found = !ok && gone ? `${seen} — it is a new container; the one that stopped was removed` : c.running ? seen : `${seen}; it is ${c.state}`;
    return verdict(ok, title, expected, found, `Stop it and start the same container again: docker stop ${spec.container}, then docker start ${spec.container}`);
  });
}

export function containerMount(spec: Spec<'container-mount'>, facts: EngineFacts): Verdict {
  const what = spec.volume ? `volume "${spec.volume}"` : `bind mount of ${spec.bind}`;
  const access = spec.readOnly === undefined ? '' : spec.readOnly ? ' read-only' : ' writable';
  const title = `container "${spec.container}" mounts ${what}${access} at ${spec.destination}`;
  const expected = `${what}${access} at ${spec.destination}`;
  return withContainer(facts, spec.container, title, expected, (c) => {
    const at = c.mounts.find((m) => m.destination === spec.destination);
    const found = c.mounts.length ? list(c.mounts.map((m) => `${m.type} ${m.name ?? m.source} at ${m.destination}${m.readOnly ? ' (read-only)' : ''}`)) : 'no mounts';
    const source = Boolean(at) && (spec.volume ? at!.type === 'volume' && at!.name === spec.volume : at!.type === 'bind' && sameBindSource(at!.source, spec.bind!, facts.workspace, facts.workspaceReal));
    const accessOk = spec.readOnly === undefined || Boolean(at?.readOnly) === spec.readOnly;
    const flag = spec.readOnly ? ':ro' : '';
    const hint = source && !accessOk
      ? spec.readOnly ? `It is writable: remove the container and run it again with :ro after the container path (or ,readonly with --mount).` : 'It is read-only: run it again without :ro.'
      : spec.volume ? `Use -v ${spec.volume}:${spec.destination}${flag}` : `Use -v ./…:${spec.destination}${flag} (or an absolute path)`;
    return verdict(source && accessOk, title, expected, source && !accessOk && !at!.readOnly ? `${found} (writable)` : found, hint);
  });
}

/** Where a container stood still: created, then stopped (or still running, "now"). */
function runWindow(name: string, facts: EngineFacts): { from: number; until: number; running: boolean } | undefined {
  const c = findContainer(facts, name);
  const stamp = (t?: string) => (t && !t.startsWith('0001-') ? Date.parse(t) : undefined);
  if (c) {
    const finished = stamp(c.finishedAt);
    const started = stamp(c.startedAt);
    const from = Date.parse(c.created);
    if (c.running || finished === undefined) return { from, until: Number.POSITIVE_INFINITY, running: true };
    // A program that ends at once can have its exit stamped (from containerd's exit event) a few
    // milliseconds before dockerd stamps its start: it still ran until the later of the two.
    return { from, until: Math.max(finished, started ?? finished), running: false };
  }
  // A removed container is timed by its events during the lab: created, then died (or destroyed).
  const at = (e: EngineFacts['events'][number]) => (e.timeNano ? e.timeNano / 1e6 : e.time * 1000);
  const own = facts.events.filter((e) => e.type === 'container' && e.name === name);
  const created = own.filter((e) => e.action === 'create').map(at);
  if (created.length === 0) return undefined;
  const from = Math.max(...created);
  const ends = own.filter((e) => (e.action === 'die' || e.action === 'destroy') && at(e) >= from).map(at);
  return { from, until: ends.length ? Math.min(...ends) : Number.POSITIVE_INFINITY, running: ends.length === 0 };
}

/** Clock stamps of a file and a container's state come from the same engine; allow for rounding. */
const STAMP_SLACK_MS = 50;
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/** Whether a file was last changed while a given container ran; undefined when that holds. */
export function changedOutside(path: string, modified: string | undefined, by: string, facts: EngineFacts): string | undefined {
  if (!modified) return `the engine did not say when ${path} was last changed`;
  const window = runWindow(by, facts);
  if (!window) return `no container "${by}" was made during this lab to change ${path}`;
  const at = Date.parse(modified);
  if (at < window.from - STAMP_SLACK_MS) return `${path} was last changed at ${clock(at)}, before "${by}" was created (${clock(window.from)})`;
  if (at > window.until + STAMP_SLACK_MS) return `${path} was last changed at ${clock(at)}, after "${by}" had stopped (${clock(window.until)}): something else changed it`;
  return undefined;
}

/**
 * A relative bind path is read against the lab workspace (as the learner reaches it, or through
 * its symbolic links); without one, only its tail must match. Sources are compared in every shape
 * the engine may report for one folder of the learner's machine (see hostPathForms).
 */
function sameBindSource(source: string, bind: string, workspace?: string, workspaceReal?: string): boolean {
  const sources = hostPathForms(source);
  const matches = (expected: string) => hostPathForms(expected).some((e) => sources.includes(e));
  if (isAbsoluteHostPath(bind)) return matches(bind);
  const relative = bind.replace(/^\.[\\/]/, '');
  const workspaces = [workspace, workspaceReal].filter((w): w is string => Boolean(w));
  if (workspaces.length) return workspaces.some((w) => matches(`${w.replace(/[\\/]+$/, '')}/${relative}`));
  const tail = `/${cleanPath(relative)}`;
  return sources.some((s) => s.endsWith(tail) || s.endsWith(tail.toLowerCase()));
}

const isAbsoluteHostPath = (p: string) => p.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(p);
const cleanPath = (p: string) => p.replace(/\\/g, '/').replace(/\/\.(?=\/)/g, '').replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1');

/**
 * The shapes one host folder takes in a bind mount's Source: as given on Linux; under /host_mnt
 * on Docker Desktop for Mac; under /run/desktop/mnt/host/c (or /mnt/c, /c) and as C:\… for a
 * Windows drive, whose paths compare without regard to case.
 */
export function hostPathForms(p: string): string[] {
  const clean = cleanPath(p);
  const forms = new Set([clean]);
  const mac = /^\/host_mnt(\/.*)$/.exec(clean);
  if (mac) forms.add(mac[1]!);
  const drive = /^(?:\/run\/desktop\/mnt\/host|\/host_mnt|\/mnt)?\/([a-zA-Z])(\/.*)?$/.exec(clean) ?? /^([a-zA-Z]):(\/.*)?$/.exec(clean);
  if (drive) forms.add(`${drive[1]}:${drive[2] ?? '/'}`.toLowerCase());
  return [...forms];
}

export function containerNetwork(spec: Spec<'container-network'>, facts: EngineFacts): Verdict {
  const title = `container "${spec.container}" is on network ${spec.network}`;
  return withContainer(facts, spec.container, title, `attached to "${spec.network}"`, (c) =>
    verdict(c.networks.includes(spec.network), title, `attached to "${spec.network}"`, `attached to ${list(c.networks.map((n) => `"${n}"`))}`, `Use --network ${spec.network}, or docker network connect ${spec.network} ${c.name}`),
  );
}

const SHELLS = new Set(['sh', 'ash', 'bash', 'dash', 'zsh']);

/** The program a command line runs, looking through `sh -c '…'`. */
export function mainProgram(command: readonly string[]): string | undefined {
  let words = command;
  for (let depth = 0; depth < 3; depth++) {
    const [first, ...rest] = words;
    if (!first) return undefined;
    const name = first.split('/').pop()!;
    if (!SHELLS.has(name) || rest[0] !== '-c' || rest[1] === undefined) return name;
    words = rest[1].trim().split(/\s+/);
  }
  return undefined;
}

export function containerCommand(spec: Spec<'container-command'>, facts: EngineFacts): Verdict {
  const wanted = spec.programs.join(' or ');
  const title = `container "${spec.container}" runs ${wanted}`;
  const expected = `a main process that runs ${wanted}`;
  return withContainer(facts, spec.container, title, expected, (c) => {
    const command = c.command ?? [];
    const program = mainProgram(command);
    const ok = program !== undefined && spec.programs.includes(program);
    return verdict(ok, title, expected, `"${c.name}" ran: ${command.join(' ') || 'nothing'}`, `Give ${wanted} as the command after the image name, then run it again under the same name.`);
  });
}
