/** Volumes, networks, engine events, swarm and services. */
import type { CheckSpec } from '../course/schema.js';
import type { EngineFacts } from './facts.js';
import { normalizeReference } from './images.js';
import { fail, list, pass, verdict, type Verdict } from './verdict.js';

type Spec<K extends CheckSpec['kind']> = Extract<CheckSpec, { kind: K }>;

export function engineReachable(_spec: Spec<'engine-reachable'>, facts: EngineFacts): Verdict {
  return verdict(facts.reachable.ok, 'the Docker engine answers', 'an answer to ping', facts.reachable.detail, 'Run `docker-dojo doctor` to see why.');
}

export function volumeExists(spec: Spec<'volume-exists'>, facts: EngineFacts): Verdict {
  const title = `volume "${spec.volume}" exists`;
  const expected = `a volume named "${spec.volume}"${spec.sinceStart ? ', created during this lab' : ''}`;
  const volume = facts.volumes[spec.volume];
  if (!volume) return fail(title, expected, 'no such volume', `Create it: docker volume create ${spec.volume}`);
  if (spec.sinceStart && facts.baseline?.volumes.includes(volume.name)) return fail(title, expected, 'it existed before the lab started');
  return pass(title, expected, `volume "${volume.name}"`);
}

export function networkExists(spec: Spec<'network-exists'>, facts: EngineFacts): Verdict {
  const title = `network "${spec.network}" exists`;
  const expected = `a network named "${spec.network}"${spec.driver ? ` (driver ${spec.driver})` : ''}`;
  const network = facts.networks[spec.network];
  if (!network) return fail(title, expected, 'no such network', `Create it: docker network create ${spec.network}`);
  if (spec.sinceStart && facts.baseline?.networks.includes(network.id)) return fail(title, expected, 'it existed before the lab started');
  return verdict(!spec.driver || network.driver === spec.driver, title, expected, `network "${network.name}" (driver ${network.driver})`);
}

export function networkHasContainers(spec: Spec<'network-has-containers'>, facts: EngineFacts): Verdict {
  const title = `network "${spec.network}" connects ${spec.containers.join(' and ')}`;
  const expected = `attached: ${spec.containers.join(', ')}`;
  const network = facts.networks[spec.network];
  if (!network) return fail(title, expected, `no network named "${spec.network}"`);
  const missing = spec.containers.filter((c) => !network.containers.includes(c));
  return verdict(missing.length === 0, title, expected, `attached: ${list(network.containers)}`, missing.length ? `Connect ${missing.join(', ')} with --network ${spec.network}.` : undefined);
}

export function eventSinceStart(spec: Spec<'event-since-start'>, facts: EngineFacts): Verdict {
  const subject = spec.name ? ` of ${spec.name}` : '';
  const title = `the engine saw ${spec.type} ${spec.action}${subject} during this lab`;
  const matchesName = (name: string) =>
    !spec.name || name === spec.name || (spec.type === 'image' && normalizeReference(name) === normalizeReference(spec.name));
  const hits = facts.events.filter((e) => e.type === spec.type && (e.action === spec.action || e.action.startsWith(`${spec.action}:`)) && matchesName(e.name));
  const sameType = facts.events.filter((e) => e.type === spec.type).map((e) => `${e.action} ${e.name}`);
  return verdict(hits.length > 0, title, `a "${spec.action}" event${subject}`, hits.length ? `${hits.length} event${hits.length > 1 ? 's' : ''}` : `${spec.type} events since the start: ${list(sameType.slice(-5))}`);
}

export function swarmActive(spec: Spec<'swarm-active'>, facts: EngineFacts): Verdict {
  const title = spec.active ? 'the engine is a swarm manager' : 'the engine has left the swarm';
  const state = facts.swarmActive ? 'swarm mode is active' : 'swarm mode is inactive';
  return verdict(facts.swarmActive === spec.active, title, spec.active ? 'swarm mode active' : 'swarm mode inactive', state, spec.active ? 'Run: docker swarm init' : 'Run: docker swarm leave --force');
}

export function serviceRunning(spec: Spec<'service-running'>, facts: EngineFacts): Verdict {
  const wants = [spec.replicas !== undefined && `${spec.replicas} running task${spec.replicas === 1 ? '' : 's'}`, spec.image && `image ${spec.image}`].filter(Boolean) as string[];
  const title = `service "${spec.service}" runs${wants.length ? ` ${wants.join(' of ')}` : ''}`;
  const expected = `service "${spec.service}"${wants.length ? ` with ${wants.join(' and ')}` : ''}`;
  if (!facts.swarmActive) return fail(title, expected, 'swarm mode is inactive', 'Run: docker swarm init');
  const service = facts.services[spec.service];
  if (!service) return fail(title, expected, 'no such service', `Create it: docker service create --name ${spec.service} …`);
  const image = service.image.split('@')[0]!;
  const imageOk = !spec.image || normalizeReference(image) === normalizeReference(spec.image);
  const replicasOk = spec.replicas === undefined || (service.runningTasks === spec.replicas && (service.replicas === undefined || service.replicas === spec.replicas));
  const found = `${service.runningTasks} running of ${service.replicas ?? '?'} wanted, image ${image}`;
  return verdict(imageOk && replicasOk, title, expected, found, replicasOk ? `Update it: docker service update --image ${spec.image} ${spec.service}` : 'Tasks take a few seconds to start; check again, or scale with docker service scale.');
}
