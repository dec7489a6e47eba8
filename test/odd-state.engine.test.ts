/**
 * Odd engine states never crash a verb: each gives a clear line and exit 1 or 2, with valid JSON
 * on --json.
 * - Two networks of one name: a learner's bridge network called `ingress` made before
 *   `docker swarm init`, which then makes swarm's own `ingress` beside it.
 * - A service with no tasks: scaled to zero, or with tasks no node can take.
 * - An object removed mid-check: the real engine answers, and the object goes right after the
 *   grade has listed it (a service, a container), or between reset's plan and its removal.
 * Needs an engine with swarm mode off; it turns swarm mode on and off.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../src/course/load.js';
import type { Course } from '../src/course/model.js';
import { connectEngine } from '../src/engine/connect.js';
import type { EngineClient } from '../src/engine/port.js';
import { Learner } from '../src/learner/learner.js';
import { ProgressStore } from '../src/progress/store.js';
import { ROOT, dojo, tempHome } from './support/cli.js';
import { docker, dockerOk, engineRequired, probeEngine, removeQuietly, waitFor } from './support/engine.js';

const { skipReason: noEngine } = await probeEngine();
const swarmOnBefore = !noEngine && (await docker('info', '--format', '{{.Swarm.LocalNodeState}}')).stdout.trim() === 'active';
if (swarmOnBefore && engineRequired) throw new Error('the odd engine state tests need an engine with swarm mode off (they turn swarm mode on and off)');
const skipReason = noEngine ?? (swarmOnBefore ? 'skipped, swarm mode is on: these tests turn swarm mode on and off' : undefined);
const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** Runs a verb; it must not crash: exit 0, 1 or 2, no stack trace, valid JSON when asked for. */
async function verb(env: ReturnType<typeof tempHome>, ...args: string[]) {
  const result = await dojo(args, env, { timeout: 120_000 });
  const shown = `${args.join(' ')} (exit ${result.exitCode})\n${result.stdout}\n${result.stderr}`;
  expect([0, 1, 2], shown).toContain(result.exitCode);
  expect(result.stderr, shown).not.toMatch(STACK_TRACE);
  expect(result.stdout + result.stderr, shown).not.toMatch(/TypeError|ReferenceError|undefined|\[object Object\]/);
  if (args.includes('--json')) expect(() => JSON.parse(result.stdout), shown).not.toThrow();
  else expect((result.stdout + result.stderr).trim(), shown).not.toBe('');
  return { ...result, json: args.includes('--json') ? JSON.parse(result.stdout) : undefined };
}

/** The real engine, with something done to it right after one of its calls answers (once). */
function withAfter(client: EngineClient, method: keyof EngineClient, then: () => Promise<unknown>): EngineClient {
  let done = false;
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (prop !== method) return value.bind(target);
      return async (...args: unknown[]) => {
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (!done) {
          done = true;
          await then();
        }
        return result;
      };
    },
  });
}

const swarmOn = async () => (await dockerOk('info', '--format', '{{.Swarm.LocalNodeState}}')).trim() === 'active';

describe.skipIf(Boolean(skipReason))(`odd engine states${skipReason ? ` (${skipReason})` : ''}`, () => {
  let course: Course;
  let gwbridgeBefore = true;
  const lines: string[] = [];

  beforeAll(async () => {
    course = await loadCourse(ROOT, { bundled: true });
    for (const image of ['nginx:1.27-alpine', 'hello-world']) await dockerOk('pull', '-q', image);
    gwbridgeBefore = (await docker('network', 'inspect', 'docker_gwbridge')).exitCode === 0;
  }, 300_000);

  afterEach(async () => {
    await removeQuietly('service', 'swarm-web');
    await removeQuietly('container', 'api-hello');
    if (await swarmOn()) await docker('swarm', 'leave', '--force');
    await removeQuietly('network', 'ingress');
  });

  afterAll(async () => {
    if (!gwbridgeBefore) await docker('network', 'rm', 'docker_gwbridge');
    console.log(`\nodd engine states:\n${lines.map((l) => `  ${l}`).join('\n')}\n  reproduce: DOJO_REQUIRE_ENGINE=1 npx vitest run --project engine test/odd-state.engine.test.ts\n`);
  });

  it('two networks named ingress (the learner’s bridge and swarm’s overlay): every verb answers, check grades against swarm’s', { timeout: 300_000 }, async () => {
    const env = tempHome();
    await verb(env, 'check', 'swarm-init', '--json');
    await dockerOk('network', 'create', 'ingress');
    await dockerOk('swarm', 'init');
    await waitFor('swarm’s ingress network', async () => (await dockerOk('network', 'ls', '--format', '{{.Name}}')).split('\n').filter((n) => n === 'ingress').length === 2, 30_000);
    // The engine itself refuses the name now: this is the state the tutor must read.
    expect((await docker('network', 'inspect', 'ingress')).stderr).toMatch(/ambiguous/);

    const json = await verb(env, 'check', 'swarm-init', '--json');
    expect(json.exitCode, json.stdout).toBe(0);
    expect(json.json.checks.find((c: { kind: string }) => c.kind === 'network-exists')).toMatchObject({ ok: true, found: 'network "ingress" (driver overlay)' });
    const text = await verb(env, 'check', 'swarm-init');
    expect(text.stdout).toMatch(/network "ingress" exists/);
    const all = await verb(env, 'check', '--all', '--json');
    expect(all.exitCode).toBe(0);
    await verb(env, 'hint', 'swarm-init');
    await verb(env, 'list', '--json');
    await verb(env, 'progress', '--json');
    const reset = await verb(env, 'reset', 'swarm-init', '--yes', '--json');
    expect(reset.exitCode, reset.stdout).toBe(0);
    expect(reset.json.removed.map((r: { kind: string }) => r.kind)).toEqual(['swarm']);
    // The learner's own bridge called ingress stays.
    expect(JSON.parse(await dockerOk('network', 'inspect', 'ingress'))[0]).toMatchObject({ Name: 'ingress', Driver: 'bridge' });
    lines.push(`two networks named ingress: check exit ${json.exitCode} (swarm’s overlay graded), check --all exit ${all.exitCode}, reset left the swarm and kept the learner’s bridge`);
  });

  it('a service with no tasks, or tasks no node can take: check says so and fails, reset removes it', { timeout: 300_000 }, async () => {
    await dockerOk('swarm', 'init');
    for (const [how, flags] of [
      ['scaled to zero', ['--replicas', '0']],
      ['tasks no node can take', ['--replicas', '3', '--constraint', 'node.labels.dojo-nowhere==yes']],
    ] as const) {
      const env = tempHome();
      await verb(env, 'check', 'swarm-service', '--json');
      await dockerOk('service', 'create', '--detach', '-q', '--name', 'swarm-web', ...flags, 'nginx:1.27-alpine');
      const json = await verb(env, 'check', 'swarm-service', '--json');
      expect(json.exitCode, json.stdout).toBe(1);
      const running = json.json.checks.find((c: { kind: string }) => c.kind === 'service-running');
      expect(running.ok).toBe(false);
      expect(running.found, json.stdout).toMatch(/0 (of \d+ )?(running|tasks)|no task|0\/\d/);
      const text = await verb(env, 'check', 'swarm-service');
      expect(text.exitCode).toBe(1);
      await verb(env, 'check', '--all');
      const reset = await verb(env, 'reset', 'swarm-service', '--yes', '--json');
      expect(reset.exitCode, reset.stdout).toBe(0);
      expect(reset.json.removed.map((r: { kind: string; name: string }) => `${r.kind} ${r.name}`)).toContain('service swarm-web');
      expect((await docker('service', 'inspect', 'swarm-web')).exitCode).not.toBe(0);
      lines.push(`a service ${how}: check exit 1 ("${running.found}"), reset removed it`);
    }
  });

  it('an object removed mid-check or mid-reset: the grade reads it as gone, reset goes on', { timeout: 300_000 }, async () => {
    const { client } = await connectEngine();
    // The lab starts on the plain engine; the grade (or reset) runs on the one that loses an object.
    const learnerOn = (env: NodeJS.ProcessEnv, engine: EngineClient) => new Learner({ course, store: new ProgressStore({ env }), env, engine: async () => engine });
    const home = () => ({ ...process.env, ...tempHome() });

    // A service removed right after the grade listed the services.
    await dockerOk('swarm', 'init');
    const swarmLab = course.labs.find((l) => l.id === 'swarm-service')!;
    const swarmHome = home();
    await learnerOn(swarmHome, client).start(swarmLab);
    await dockerOk('service', 'create', '-q', '--name', 'swarm-web', '--replicas', '1', 'nginx:1.27-alpine');
    const graded = await learnerOn(swarmHome, withAfter(client, 'listServices', () => dockerOk('service', 'rm', 'swarm-web'))).grade(swarmLab);
    expect(graded.passed).toBe(false);
    const serviceVerdict = graded.verdicts[swarmLab.checks.findIndex((c) => c.kind === 'service-running')]!;
    expect(serviceVerdict.ok).toBe(false);
    lines.push(`a service removed mid-check: graded, "${serviceVerdict.found}"`);

    // A container removed right after the grade listed the containers, then right after it was inspected.
    const apiLab = course.labs.find((l) => l.id === 'api-hello')!;
    for (const after of ['listContainers', 'inspectContainer'] as const) {
      const apiHome = home();
      await learnerOn(apiHome, client).start(apiLab);
      await dockerOk('run', '--name', 'api-hello', 'hello-world');
      const result = await learnerOn(apiHome, withAfter(client, after, () => dockerOk('rm', '-f', 'api-hello'))).grade(apiLab);
      expect(result.passed, `removed after ${after}`).toBe(false);
      lines.push(`a container removed after ${after}: graded, ${result.verdicts.map((v) => `${v.ok ? '✔' : '✘'} ${v.found}`).join('; ')}`);
    }

    // A container reset planned to remove, removed by the learner before reset got to it.
    const resetting = learnerOn(home(), client);
    await resetting.start(apiLab);
    await dockerOk('run', '--name', 'api-hello', 'hello-world');
    const plan = await resetting.planReset(apiLab);
    expect(plan.items.map((i) => `${i.kind} ${i.name}`)).toContain('container api-hello');
    await dockerOk('rm', 'api-hello');
    expect(await resetting.applyReset([plan])).toEqual([]);
    lines.push('a container removed between reset’s plan and its removal: reset finished without failures');
  });
});

