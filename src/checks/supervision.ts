/** How the engine looks after a container: its restarts, its resource limits and its health. */
import type { CheckSpec } from '../course/schema.js';
import type { ContainerFact, EngineFacts } from './facts.js';
import { withContainer } from './containers.js';
import { list, verdict, type Verdict } from './verdict.js';

type Spec<K extends CheckSpec['kind']> = Extract<CheckSpec, { kind: K }>;

const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;
const stateOf = (c: ContainerFact) => (c.state === 'exited' ? `exited with code ${c.exitCode}` : c.state);

export function containerRestartCount(spec: Spec<'container-restart-count'>, facts: EngineFacts): Verdict {
  const title = `the engine restarted "${spec.container}" ${times(spec.count)}`;
  const expected = `${times(spec.count)} restarted by its restart policy (RestartCount ${spec.count})`;
  return withContainer(facts, spec.container, title, expected, (c) => {
    const count = c.restartCount ?? 0;
    const hint =
      count < spec.count && c.restartPolicy !== 'on-failure'
        ? `Its restart policy is "${c.restartPolicy}": on-failure:N restarts a command that exits with an error N times.`
        : count === 0 && c.state === 'exited' && c.exitCode === 0
          ? 'It exited with code 0: on-failure restarts only a command that fails (exits with another code).'
          : 'Remove it and run it again with the restart policy the task names.';
    return verdict(count === spec.count, title, expected, `restarted ${times(count)} (RestartCount ${count}); it is ${stateOf(c)}`, hint);
  });
}

const MIB = 1024 * 1024;
const size = (bytes: number) => (bytes % MIB === 0 ? `${bytes / MIB} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`);

/** CPU time a container may use, in CPUs: --cpus, or the quota over the period it is the shorthand for. */
export function cpuLimit(r: NonNullable<ContainerFact['resources']>): number {
  if (r.nanoCpus > 0) return r.nanoCpus / 1e9;
  if (r.cpuQuota > 0) return r.cpuQuota / (r.cpuPeriod > 0 ? r.cpuPeriod : 100_000);
  return 0;
}

export function containerResources(spec: Spec<'container-resources'>, facts: EngineFacts): Verdict {
  const wanted = [
    ...(spec.memory !== undefined ? [`memory limit ${size(spec.memory)}`] : []),
    ...(spec.cpus !== undefined ? [`${spec.cpus} CPUs`] : []),
    ...(spec.pidsLimit !== undefined ? [`at most ${spec.pidsLimit} processes`] : []),
  ];
  const title = `container "${spec.container}" is limited to ${list(wanted)}`;
  const expected = list(wanted);
  return withContainer(facts, spec.container, title, expected, (c) => {
    const r = c.resources ?? { memory: 0, memoryReservation: 0, nanoCpus: 0, cpuQuota: 0, cpuPeriod: 0, cpuShares: 0, pidsLimit: 0 };
    const cpus = cpuLimit(r);
    const found: string[] = [];
    const hints: string[] = [];
    if (spec.memory !== undefined) {
      const soft = r.memoryReservation > 0 ? ` (a reservation of ${size(r.memoryReservation)} is a soft limit, not a cap)` : '';
      found.push(r.memory > 0 ? `memory limit ${size(r.memory)}` : `no memory limit${soft}`);
      if (r.memory !== spec.memory) hints.push(`--memory ${spec.memory % MIB === 0 ? `${spec.memory / MIB}m` : spec.memory}`);
    }
    if (spec.cpus !== undefined) {
      const weight = r.cpuShares > 0 ? ` (--cpu-shares ${r.cpuShares} is a weight against other containers, not a limit)` : '';
      found.push(cpus > 0 ? `${Number(cpus.toFixed(3))} CPUs` : `no CPU limit${weight}`);
      if (Math.abs(cpus - spec.cpus) > 1e-6) hints.push(`--cpus ${spec.cpus}`);
    }
    if (spec.pidsLimit !== undefined) {
      found.push(r.pidsLimit > 0 ? `at most ${r.pidsLimit} processes` : 'no process limit');
      if (r.pidsLimit !== spec.pidsLimit) hints.push(`--pids-limit ${spec.pidsLimit}`);
    }
    return verdict(hints.length === 0, title, expected, list(found), `Give "${spec.container}" ${hints.join(' ')} with docker run, or change the running container with docker update.`);
  });
}

export function containerHealth(spec: Spec<'container-health'>, facts: EngineFacts): Verdict {
  const title = `container "${spec.container}" is ${spec.status}`;
  const expected = `a healthcheck whose status is "${spec.status}"`;
  return withContainer(facts, spec.container, title, expected, (c) => {
    if (!c.health) return verdict(false, title, expected, 'no healthcheck', 'Give it one: --health-cmd with docker run, or HEALTHCHECK in its Dockerfile.');
    if (spec.asks && c.health.test) {
      // ["CMD-SHELL", "wget … http://localhost/"] or ["CMD", "wget", …]: what the engine runs.
      const command = c.health.test.slice(1).join(' ');
      if (!spec.asks.some((target) => command.includes(target)))
        return verdict(false, title, `${expected}, from a command that asks ${spec.asks.join(' or ')}`, `a healthcheck that asks nothing of the server: ${command || 'no command'}`, `Make the health command fetch the server's page, for example wget -q -O /dev/null http://${spec.asks[0]}/ || exit 1.`);
    }
    const said = c.health.lastOutput ? `; the last check said "${c.health.lastOutput}"` : '';
    const streak = c.health.failingStreak > 0 ? `, ${times(c.health.failingStreak)} failed in a row` : '';
    const found = `health "${c.health.status}"${c.running ? '' : ` (it is ${stateOf(c)})`}${streak}${said}`;
    const hint =
      c.health.status === 'starting'
        ? 'Its first check has not run yet: a short --health-interval (such as 1s) checks sooner.'
        : 'Run the health command yourself with docker exec to see why it fails, then fix it and run the container again.';
    return verdict(c.running && c.health.status === spec.status, title, expected, found, hint);
  });
}
