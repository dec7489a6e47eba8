/** Volumes, networks, engine events, swarm and services. */
import type { CheckSpec } from '../course/schema.js';
import type { EngineFacts, ServiceFact } from './facts.js';
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
    !spec.name || name === spec.name || (spec.type === 'image' && sameReference(name, spec.name));
  const hits = facts.events.filter((e) => e.type === spec.type && (e.action === spec.action || e.action.startsWith(`${spec.action}:`)) && matchesName(e.name));
  const sameType = facts.events.filter((e) => e.type === spec.type).map((e) => `${e.action} ${e.name}`);
  return verdict(hits.length > 0, title, `a "${spec.action}" event${subject}`, hits.length ? `${hits.length} event${hits.length > 1 ? 's' : ''}` : `${spec.type} events since the start: ${list(sameType.slice(-5))}, no ${spec.action}${subject}`);
}

/** localhost and 127.0.0.1 name the same registry on the learner's machine. */
const sameReference = (a: string, b: string) => {
  const loopback = (ref: string) => normalizeReference(ref).replace(/^localhost(?=[:/])/, '127.0.0.1');
  return loopback(a) === loopback(b);
};

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
  const image = withoutDigest(service.image);
  const sameImage = (ref: string) => !spec.image || normalizeReference(withoutDigest(ref)) === normalizeReference(spec.image);
  const imageOk = sameImage(service.image);
  // During a rolling update the spec already names the new image while old tasks still run.
  const stale = (service.runningTaskImages ?? []).filter((ref) => !sameImage(ref));
  const replicasOk = spec.replicas === undefined || (service.runningTasks === spec.replicas && (service.replicas === undefined || service.replicas === spec.replicas));
  const staleText = stale.length ? `, ${stale.length} of them still on ${list([...new Set(stale.map(withoutDigest))])}` : '';
  const found = `${service.runningTasks} running of ${service.replicas ?? '?'} wanted, image ${image}${staleText}`;
  const hint = !imageOk ? `Update it: docker service update --image ${spec.image} ${spec.service}` : stale.length ? 'The rolling update is still under way: watch docker service ps, and check again when it is done.' : 'Tasks take a few seconds to start; check again, or scale with docker service scale.';
  return verdict(imageOk && replicasOk && stale.length === 0, title, expected, found, hint);
}

const withoutDigest = (ref: string) => ref.split('@')[0]!;

function withService(spec: { service: string }, facts: EngineFacts, title: string, expected: string, judge: (s: ServiceFact) => Verdict): Verdict {
  if (!facts.swarmActive) return fail(title, expected, 'swarm mode is inactive', 'Run: docker swarm init');
  const service = facts.services[spec.service];
  return service ? judge(service) : fail(title, expected, 'no such service', `Create it: docker service create --name ${spec.service} …`);
}

export function servicePort(spec: Spec<'service-port'>, facts: EngineFacts): Verdict {
  const how = spec.mode === 'host' ? 'in host mode' : 'through the routing mesh';
  const title = `service "${spec.service}" publishes port ${spec.target} on ${spec.published} ${how}`;
  const expected = `${spec.published} → ${spec.target} (mode ${spec.mode})`;
  return withService(spec, facts, title, expected, (service) => {
    const ports = service.ports ?? [];
    const ok = ports.some((p) => p.target === spec.target && p.published === spec.published && p.mode === spec.mode);
    const found = ports.length ? list(ports.map((p) => `${p.published ?? '?'} → ${p.target}/${p.protocol} (mode ${p.mode})`)) : 'no published ports';
    const long = `--publish mode=${spec.mode},published=${spec.published},target=${spec.target}`;
    return verdict(ok, title, expected, found, `Publish it with ${spec.mode === 'host' ? long : `-p ${spec.published}:${spec.target}`} (docker service update --publish-rm ${spec.target} --publish-add … changes an existing service).`);
  });
}

export function serviceUpdateConfig(spec: Spec<'service-update-config'>, facts: EngineFacts): Verdict {
  const wants = [spec.parallelism !== undefined && `parallelism ${spec.parallelism}`, spec.delay !== undefined && `delay ${spec.delay}s`].filter(Boolean) as string[];
  const title = `service "${spec.service}" updates with ${wants.join(' and ')}`;
  return withService(spec, facts, title, wants.join(', '), (service) => {
    const parallelism = service.update?.parallelism ?? 0;
    const delay = (service.update?.delayNs ?? 0) / 1e9;
    const ok = (spec.parallelism === undefined || parallelism === spec.parallelism) && (spec.delay === undefined || delay === spec.delay);
    return verdict(ok, title, wants.join(', '), `parallelism ${parallelism}, delay ${delay}s`, `Set them with --update-parallelism${spec.parallelism === undefined ? '' : ` ${spec.parallelism}`} and --update-delay${spec.delay === undefined ? '' : ` ${spec.delay}s`} (on docker service update or create).`);
  });
}

/** Tasks the updater made within this time of each other belong to one batch of the rollout. */
const SAME_BATCH_MS = 1_000;

/**
 * Judges the rollout by what the swarm did, not only by the settings it holds now: the running
 * tasks of the image that replaced an older image in their slot, grouped into batches by when
 * the updater made them. Settings changed after the rollout leave this history as it was.
 */
export function serviceRollout(spec: Spec<'service-rollout'>, facts: EngineFacts): Verdict {
  const title = `service "${spec.service}" rolled out ${spec.image} ${spec.parallelism} task${spec.parallelism === 1 ? '' : 's'} at a time, ${spec.delay}s apart`;
  const expected = `tasks replaced in batches of ${spec.parallelism}, at least ${spec.delay}s between batches`;
  const hint = `Roll it out with the update settings in place: docker service update --image ${spec.image} --update-parallelism ${spec.parallelism} --update-delay ${spec.delay}s ${spec.service} (add --force when it already runs that image: the tasks are replaced again).`;
  return withService(spec, facts, title, expected, (service) => {
    const tasks = (service.tasks ?? []).map((t) => ({ ...t, at: Date.parse(t.createdAt) })).filter((t) => !Number.isNaN(t.at));
    const isTarget = (ref: string) => normalizeReference(withoutDigest(ref)) === normalizeReference(spec.image);
    const replaced = tasks
      .filter((t) => t.running && isTarget(t.image) && tasks.some((o) => o.slot === t.slot && o.at < t.at && !isTarget(o.image)))
      .map((t) => t.at)
      .sort((a, b) => a - b);
    if (replaced.length === 0) return fail(title, expected, `no running task of ${spec.image} replaced a task of another image`, hint);
    const batches: Array<{ start: number; last: number; size: number }> = [];
    for (const at of replaced) {
      const current = batches.at(-1);
      if (current && at - current.last < SAME_BATCH_MS) [current.last, current.size] = [at, current.size + 1];
      else batches.push({ start: at, last: at, size: 1 });
    }
    const gaps = batches.slice(1).map((b, i) => (b.start - batches[i]!.start) / 1000);
    const sizesOk = batches.every((b) => b.size <= spec.parallelism) && (replaced.length < spec.parallelism || batches.some((b) => b.size === spec.parallelism));
    const gapsOk = gaps.every((g) => g >= spec.delay);
    const found = `${replaced.length} task${replaced.length === 1 ? '' : 's'} replaced in batches of ${batches.map((b) => b.size).join(', ')}${gaps.length ? ` (${gaps.map((g) => `${g.toFixed(1)}s`).join(', ')} apart)` : ''}`;
    return verdict(sizesOk && gapsOk, title, expected, found, hint);
  });
}

export function containerRemovedWhileRunning(spec: Spec<'container-removed-while-running'>, facts: EngineFacts): Verdict {
  const title = `container "${spec.container}" was removed while it ran`;
  const expected = `"${spec.container}" started, then stopped or killed by you, and removed`;
  const actions = facts.events.filter((e) => e.type === 'container' && e.name === spec.container).map((e) => e.action);
  const lifecycle = actions.filter((a) => ['create', 'start', 'kill', 'stop', 'die', 'destroy'].includes(a));
  let running = false;
  let everRan = false;
  let endedByLearner = false;
  let removed: 'running' | 'stopped by you' | 'exited on its own' | 'never ran' | undefined;
  for (const action of lifecycle) {
    if (action === 'start') [running, everRan, endedByLearner] = [true, true, false];
    else if ((action === 'kill' || action === 'stop') && running) endedByLearner = true;
    else if (action === 'die') running = false;
    else if (action === 'destroy') {
      const now = running ? 'running' : endedByLearner ? 'stopped by you' : everRan ? 'exited on its own' : 'never ran';
      // One good removal is enough; keep looking only while none was seen.
      if (removed !== 'running' && removed !== 'stopped by you') removed = now;
      [running, everRan, endedByLearner] = [false, false, false];
    }
  }
  const seen = lifecycle.length ? `events for "${spec.container}": ${lifecycle.join(', ')}` : `no events for "${spec.container}" since the lab started`;
  if (removed === 'running' || removed === 'stopped by you') return pass(title, expected, seen);
  const why = removed === 'never ran' ? ' — it was removed but it never ran' : removed === 'exited on its own' ? ' — it had exited on its own before it was removed' : removed ? '' : ' — it was not removed';
  return fail(title, expected, `${seen}${why}`, `Run it detached with a long command (sleep 3600), then remove it while it runs: docker rm -f ${spec.container}`);
}
