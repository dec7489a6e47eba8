/**
 * Compose projects, judged by the labels Compose v1 and v2 put on what they make
 * (`com.docker.compose.project`, `.service`, `.volume`, `.oneoff`): never by container names,
 * which differ between versions (web-1 or web_1) and with -p.
 */
import type { CheckSpec } from '../course/schema.js';
import type { ContainerFact, EngineFacts } from './facts.js';
import { containerEnv, containerMount, containerPort, fromImage } from './containers.js';
import { fail, list, pass, verdict, type Verdict } from './verdict.js';

type Spec<K extends CheckSpec['kind']> = Extract<CheckSpec, { kind: K }>;

export const COMPOSE_PROJECT = 'com.docker.compose.project';
export const COMPOSE_SERVICE = 'com.docker.compose.service';
export const COMPOSE_VOLUME = 'com.docker.compose.volume';
const COMPOSE_ONEOFF = 'com.docker.compose.oneoff';
const COMPOSE_DEPENDS_ON = 'com.docker.compose.depends_on';

const isOneOff = (c: ContainerFact) => c.labels[COMPOSE_ONEOFF]?.toLowerCase() === 'true';
const describeState = (c: ContainerFact) => `"${c.name}" is ${c.state}${c.state === 'exited' ? ` (exit code ${c.exitCode})` : ''}`;
const serviceName = (spec: { project: string; service: string }) => `service "${spec.service}" of project "${spec.project}"`;

/** The service's containers (not `compose run` one-offs), running ones first, then newest first. */
export function serviceContainers(facts: EngineFacts, project: string, service: string): ContainerFact[] {
  return facts.containers
    .filter((c) => c.labels[COMPOSE_PROJECT] === project && c.labels[COMPOSE_SERVICE] === service && !isOneOff(c))
    .sort((a, b) => Number(b.running) - Number(a.running) || b.created.localeCompare(a.created));
}

/** Why there is no container of the service: the same service in another project, or look-alikes docker run made. */
function missingService(spec: { project: string; service: string }, facts: EngineFacts): string {
  const elsewhere = [...new Set(facts.containers.filter((c) => c.labels[COMPOSE_SERVICE] === spec.service && c.labels[COMPOSE_PROJECT] !== undefined && c.labels[COMPOSE_PROJECT] !== spec.project).map((c) => c.labels[COMPOSE_PROJECT]!))];
  if (elsewhere.length) return `service "${spec.service}" only in project ${list(elsewhere.map((p) => `"${p}"`))}, not "${spec.project}"`;
  const lookAlike = new RegExp(`^${escape(spec.project)}[-_]${escape(spec.service)}[-_]\\d+$|^${escape(spec.service)}$`);
  const unlabelled = facts.containers.filter((c) => lookAlike.test(c.name) && c.labels[COMPOSE_PROJECT] === undefined);
  if (unlabelled.length) return `${list(unlabelled.map((c) => `"${c.name}"`))} with no compose labels: docker run made ${unlabelled.length > 1 ? 'them' : 'it'}, not docker compose`;
  const projects = [...new Set(facts.containers.map((c) => c.labels[COMPOSE_PROJECT]).filter((p): p is string => Boolean(p)))];
  return projects.length ? `no such service; compose projects here: ${list(projects.map((p) => `"${p}"`))}` : 'no compose project has containers here';
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const projectHint = (spec: { project: string }) =>
  `Run docker compose up -d in the project's folder; Compose names the project after that folder unless -p or name: says "${spec.project}".`;

/** Newer than the lab, when the check asks; returns the containers left and those that existed before. */
function sinceStart(containers: ContainerFact[], facts: EngineFacts, asked: boolean | undefined): { fresh: ContainerFact[]; old: ContainerFact[] } {
  if (!asked || !facts.baseline) return { fresh: containers, old: [] };
  const before = new Set(facts.baseline.containers);
  return { fresh: containers.filter((c) => !before.has(c.id)), old: containers.filter((c) => before.has(c.id)) };
}

export function composeService(spec: Spec<'compose-service'>, facts: EngineFacts): Verdict {
  const title = `${serviceName(spec)} ${spec.running ? 'is running' : 'has a container'}${spec.image ? ` from ${spec.image}` : ''}`;
  const expected = `${spec.running ? 'a running container' : 'a container'} labelled with project "${spec.project}" and service "${spec.service}"${spec.sinceStart ? ', made during this lab' : ''}`;
  const all = serviceContainers(facts, spec.project, spec.service);
  if (all.length === 0) return fail(title, expected, missingService(spec, facts), projectHint(spec));
  const { fresh, old } = sinceStart(all, facts, spec.sinceStart);
  if (fresh.length === 0) return fail(title, expected, `only ${list(old.map((c) => `"${c.name}"`))}, made before the lab started`, `Recreate it: docker compose up -d --force-recreate ${spec.service}`);
  const candidates = spec.running ? fresh.filter((c) => c.running) : fresh;
  const c = candidates[0];
  if (!c) return fail(title, expected, describeState(fresh[0]!), `Start it: docker compose up -d (or docker compose start ${spec.service}).`);
  if (spec.image && !fromImage(c, spec.image, facts)) return fail(title, expected, `"${c.name}" was made from ${c.image}`, `Give the service image: ${spec.image} (with build:, Compose tags what it builds with that name), then docker compose up -d --build.`);
  if (spec.dependsOn) {
    const recorded = c.labels[COMPOSE_DEPENDS_ON];
    if (recorded === undefined) return fail(title, `${expected}, started after ${list(spec.dependsOn)}`, `"${c.name}" records no depends_on (Compose v1 does not record it; use docker compose, v2)`, 'Add depends_on to the service in compose.yaml, and run it with docker compose (v2).');
    const after = recorded.split(',').map((d) => d.split(':')[0]!).filter(Boolean);
    const missing = spec.dependsOn.filter((d) => !after.includes(d));
    if (missing.length) return fail(title, `${expected}, started after ${list(spec.dependsOn)}`, after.length ? `it depends on ${list(after)} only` : 'no depends_on', `Add depends_on: [${missing.join(', ')}] to service ${spec.service}, then docker compose up -d.`);
  }
  return pass(title, expected, describeState(c));
}

/** Judges the service's container with a container check, under the service's name. */
function viaContainer(spec: { project: string; service: string }, facts: EngineFacts, what: string, judge: (container: string) => Verdict): Verdict {
  const title = `${serviceName(spec)} ${what}`;
  const c = serviceContainers(facts, spec.project, spec.service)[0];
  if (!c) return fail(title, what, missingService(spec, facts), projectHint(spec));
  const v = judge(c.name);
  return { ...v, title };
}

export function composeServicePort(spec: Spec<'compose-service-port'>, facts: EngineFacts): Verdict {
  const what = `publishes ${spec.port}${spec.hostPort ? ` on host port ${spec.hostPort}` : ''}`;
  return viaContainer(spec, facts, what, (container) => {
    const v = containerPort({ kind: 'container-port', container, port: spec.port, hostPort: spec.hostPort }, facts);
    return v.ok ? v : { ...v, hint: `Under the service in compose.yaml: ports: ["${spec.hostPort ?? 'HOST'}:${spec.port.replace('/tcp', '')}"], then docker compose up -d.` };
  });
}

export function composeServiceEnv(spec: Spec<'compose-service-env'>, facts: EngineFacts): Verdict {
  const what = `has ${spec.value === undefined ? `${spec.name} set` : `${spec.name}=${spec.value}`}`;
  return viaContainer(spec, facts, what, (container) => {
    const v = containerEnv({ kind: 'container-env', container, name: spec.name, value: spec.value }, facts);
    return v.ok ? v : { ...v, hint: `Under the service in compose.yaml: environment: { ${spec.name}: ${spec.value ?? '…'} }, then docker compose up -d (Compose recreates the container).` };
  });
}

/** The engine's name of a project's volume: the one Compose labelled, or Compose's default PROJECT_VOLUME. */
export function composeVolumeName(facts: EngineFacts, project: string, volume: string): string {
  return composeVolumes(facts, project, volume)[0]?.name ?? `${project}_${volume}`;
}

const composeVolumes = (facts: EngineFacts, project: string, volume: string) =>
  facts.volumeList.filter((v) => v.labels[COMPOSE_PROJECT] === project && v.labels[COMPOSE_VOLUME] === volume);

export function composeServiceMount(spec: Spec<'compose-service-mount'>, facts: EngineFacts): Verdict {
  const name = composeVolumeName(facts, spec.project, spec.volume);
  return viaContainer(spec, facts, `mounts volume "${spec.volume}" at ${spec.destination}`, (container) => {
    const v = containerMount({ kind: 'container-mount', container, destination: spec.destination, volume: name }, facts);
    return v.ok ? v : { ...v, hint: `Under the service: volumes: ["${spec.volume}:${spec.destination}"], and list ${spec.volume} under the top-level volumes: key.` };
  });
}

export function composeVolume(spec: Spec<'compose-volume'>, facts: EngineFacts): Verdict {
  const name = composeVolumeName(facts, spec.project, spec.volume);
  const title = `volume "${spec.volume}" of project "${spec.project}" ${spec.present ? 'exists' : 'is removed'}`;
  const volumes = composeVolumes(facts, spec.project, spec.volume);
  const unlabelled = facts.volumeList.find((v) => v.name === name && v.labels[COMPOSE_PROJECT] === undefined);
  if (!spec.present) {
    const expected = `no volume "${name}" left by Compose`;
    return verdict(volumes.length === 0, title, expected, volumes.length ? `volume "${volumes[0]!.name}" is still there` : 'none', 'docker compose down keeps volumes; down -v removes them too.');
  }
  const expected = `the volume Compose made for "${spec.volume}" (${name})${spec.sinceStart ? ', during this lab' : ''}`;
  if (volumes.length === 0) {
    const elsewhere = [...new Set(facts.volumeList.filter((v) => v.labels[COMPOSE_VOLUME] === spec.volume && v.labels[COMPOSE_PROJECT] !== undefined).map((v) => v.labels[COMPOSE_PROJECT]!))];
    const found = unlabelled ? `volume "${name}" with no compose labels: docker volume create made it, not docker compose` : elsewhere.length ? `volume "${spec.volume}" only in project ${list(elsewhere.map((p) => `"${p}"`))}, not "${spec.project}"` : 'none';
    return fail(title, expected, found, `List ${spec.volume} under the top-level volumes: key, mount it in a service, and run docker compose up -d${elsewhere.length ? ` with the project named "${spec.project}"` : ''}.`);
  }
  const before = new Set(facts.baseline?.volumes ?? []);
  const fresh = spec.sinceStart && facts.baseline ? volumes.filter((v) => !before.has(v.name)) : volumes;
  return fresh.length ? pass(title, expected, `volume "${fresh[0]!.name}"`) : fail(title, expected, `volume "${volumes[0]!.name}", from before the lab started`, 'Run the lab in its own folder, so Compose makes its own volume.');
}

export function composeProjectDown(spec: Spec<'compose-project-down'>, facts: EngineFacts): Verdict {
  const title = `project "${spec.project}" is down`;
  const expected = `no container or network of project "${spec.project}"`;
  const containers = facts.containers.filter((c) => c.labels[COMPOSE_PROJECT] === spec.project);
  const networks = facts.networkList.filter((n) => n.labels[COMPOSE_PROJECT] === spec.project);
  const left = [...containers.map((c) => `container ${describeState(c)}`), ...networks.map((n) => `network "${n.name}"`)];
  const hint = containers.length && containers.every((c) => !c.running) && !networks.length
    ? 'stop leaves the containers; docker compose down removes them and the network.'
    : 'Run docker compose down in the project folder (or docker compose -p NAME down): it removes the containers and the network.';
  return verdict(left.length === 0, title, expected, left.length ? `still there: ${list(left)}` : 'none', hint);
}
