import { describe, expect, it } from 'vitest';
import { CheckSpec, checkSpecProblem } from '../course/schema.js';
import { emptyFacts, type ContainerFact, type EngineFacts, type ResourcesFact } from './facts.js';
import { judge } from './index.js';
import { containerFact, NO_LIMITS } from './testing/container-fact.js';

const spec = (input: unknown) => CheckSpec.parse(input);

const container = containerFact;
const facts = (...containers: ContainerFact[]): EngineFacts => ({ ...emptyFacts(), containers });

describe('restart checks', () => {
  it('on-failure:3 is told from always and from on-failure with no limit', () => {
    const want = spec({ kind: 'container-restart-policy', container: 'app', policy: 'on-failure', maxRetries: 3 });
    expect(judge(want, facts(container({ restartPolicy: 'on-failure', restartMaxRetries: 3 })))).toMatchObject({ ok: true, found: 'restart policy "on-failure:3"' });
    expect(judge(want, facts(container({ restartPolicy: 'always' })))).toMatchObject({ ok: false, found: 'restart policy "always"' });
    expect(judge(want, facts(container({ restartPolicy: 'on-failure', restartMaxRetries: 0 })))).toMatchObject({ ok: false, found: 'restart policy "on-failure" with no limit on retries' });
    // Without maxRetries any on-failure passes.
    expect(judge(spec({ kind: 'container-restart-policy', container: 'app', policy: 'on-failure' }), facts(container({ restartPolicy: 'on-failure', restartMaxRetries: 5 }))).ok).toBe(true);
  });

  it('maxRetries belongs to on-failure only', () => {
    expect(checkSpecProblem(spec({ kind: 'container-restart-policy', container: 'app', policy: 'always', maxRetries: 2 }))).toMatch(/on-failure/);
  });

  it('the restart count names the policy or the clean exit that kept it at 0', () => {
    const three = spec({ kind: 'container-restart-count', container: 'app', count: 3 });
    expect(judge(three, facts(container({ state: 'exited', running: false, exitCode: 3, restartPolicy: 'on-failure', restartMaxRetries: 3, restartCount: 3 })))).toMatchObject({
      ok: true,
      found: 'restarted 3 times (RestartCount 3); it is exited with code 3',
    });
    const clean = judge(three, facts(container({ state: 'exited', running: false, exitCode: 0, restartPolicy: 'on-failure', restartMaxRetries: 3 })));
    expect(clean).toMatchObject({ ok: false, found: 'restarted 0 times (RestartCount 0); it is exited with code 0' });
    expect(clean.hint).toMatch(/only a command that fails/);
    expect(judge(three, facts(container({ state: 'exited', running: false, exitCode: 3 }))).hint).toMatch(/policy is "no"/);
    expect(judge(three, facts())).toMatchObject({ ok: false, found: 'no container named "app"' });
  });
});

describe('container-resources', () => {
  const limits = { kind: 'container-resources', container: 'app', memory: '64m', cpus: 0.5, pidsLimit: 100 };
  const limited = (over: Partial<ResourcesFact>) => facts(container({ resources: { ...NO_LIMITS, memory: 64 * 1024 * 1024, nanoCpus: 5e8, pidsLimit: 100, ...over } }));

  it('reads sizes as docker run --memory does: 64m, 64M, 64MiB and bytes are one size', () => {
    for (const memory of ['64m', '64M', '64mb', '64MiB', 67108864, '65536k']) expect(spec({ ...limits, memory })).toMatchObject({ memory: 67108864 });
    expect(spec({ ...limits, memory: '1g' })).toMatchObject({ memory: 1024 ** 3 });
    expect(() => spec({ ...limits, memory: 'lots' })).toThrow();
    expect(checkSpecProblem(spec({ kind: 'container-resources', container: 'app' }))).toMatch(/memory/);
  });

  it('passes the limits, whether --cpus or the quota over the period sets the CPU time', () => {
    expect(judge(spec(limits), limited({}))).toMatchObject({ ok: true, found: 'memory limit 64 MiB, 0.5 CPUs, at most 100 processes' });
    expect(judge(spec(limits), limited({ nanoCpus: 0, cpuQuota: 50_000, cpuPeriod: 100_000 })).ok).toBe(true);
  });

  it('names a soft limit, a CPU weight or a missing limit as such', () => {
    const soft = judge(spec(limits), limited({ memory: 0, memoryReservation: 64 * 1024 * 1024 }));
    expect(soft).toMatchObject({ ok: false, found: 'no memory limit (a reservation of 64 MiB is a soft limit, not a cap), 0.5 CPUs, at most 100 processes' });
    expect(soft.hint).toContain('--memory 64m');
    expect(judge(spec(limits), limited({ nanoCpus: 0, cpuShares: 512 })).found).toContain('no CPU limit (--cpu-shares 512 is a weight');
    expect(judge(spec(limits), limited({ pidsLimit: 0 })).found).toContain('no process limit');
    expect(judge(spec(limits), limited({ memory: 128 * 1024 * 1024 })).found).toContain('memory limit 128 MiB');
  });
});

describe('container-health', () => {
  const healthy = spec({ kind: 'container-health', container: 'app', status: 'healthy' });

  it('passes a running container whose checks passed, and names what a failing one said', () => {
    expect(judge(healthy, facts(container({ health: { status: 'healthy', failingStreak: 0 } }))).ok).toBe(true);
    expect(judge(healthy, facts(container({ health: { status: 'unhealthy', failingStreak: 3, lastOutput: 'wget: connection refused' } })))).toMatchObject({
      ok: false,
      found: 'health "unhealthy", 3 times failed in a row; the last check said "wget: connection refused"',
    });
    expect(judge(healthy, facts(container()))).toMatchObject({ ok: false, found: 'no healthcheck' });
    expect(judge(healthy, facts(container({ state: 'exited', running: false, exitCode: 0, health: { status: 'healthy', failingStreak: 0 } }))).ok).toBe(false);
  });

  it('with asks, a healthcheck that tests nothing of the server does not count', () => {
    const asking = spec({ kind: 'container-health', container: 'app', status: 'healthy', asks: ['localhost', '127.0.0.1'] });
    const fetches = { status: 'healthy', failingStreak: 0, test: ['CMD-SHELL', 'wget -q -O /dev/null http://localhost/ || exit 1'] };
    expect(judge(asking, facts(container({ health: fetches }))).ok).toBe(true);
    expect(judge(asking, facts(container({ health: { ...fetches, test: ['CMD', 'curl', '-f', 'http://127.0.0.1/'] } }))).ok).toBe(true);
    expect(judge(asking, facts(container({ health: { ...fetches, test: ['CMD-SHELL', 'true'] } })))).toMatchObject({ ok: false, found: 'a healthcheck that asks nothing of the server: true' });
  });
});
