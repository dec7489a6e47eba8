/**
 * The learner's own objects are never touched, on any path that resets. Containers (running,
 * stopped, a linked pair, one using a named volume), an image, volumes with data, a network, and
 * swarm work of the learner's own (a service, a secret, a config, a stack) exist beside the labs,
 * some with exactly the names the fixture labs use. Every fixture lab is checked, hinted, solved,
 * checked and reset; every swarm lab of the course is started and reset, some of them started
 * while swarm mode was still off (so their cleanup would leave the swarm); the app's reset runs
 * over the same labs; and finally everything is reset at once. Each object's full inspect is
 * the same afterwards, its volume data too, and the swarm is the same swarm.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DojoServices } from '../src/app/api.js';
import { createDojoServices } from '../src/app/services.js';
import { loadCourse } from '../src/course/load.js';
import { connectEngine } from '../src/engine/connect.js';
import { ProgressStore } from '../src/progress/store.js';
import { ROOT, dojo, fixture, tempHome } from './support/cli.js';
import { docker, dockerOk, probeEngine, removeQuietly, waitFor } from './support/engine.js';

const { skipReason } = await probeEngine();
const course = ['--course', fixture('life-course')];
const LABS = ['life-web', 'life-other', 'life-tag'];
const SWARM_LABS = ['swarm-init', 'swarm-service', 'swarm-update', 'swarm-edge', 'swarm-leave'];
const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** Learner names are unique per run, so the test never meets (or removes) a real learner's objects. */
const tag = randomBytes(3).toString('hex');
const learner = (what: string) => `learner-${what}-${tag}`;
const STACK = `learner-stack-${tag}`;

type Kind = 'container' | 'image' | 'volume' | 'network' | 'service' | 'secret' | 'config';
interface Seeded {
  kind: Kind;
  name: string;
  why: string;
  /** The full `docker KIND inspect` when it was made. */
  inspect?: unknown;
  /** A file in the volume and what it holds. */
  data?: string;
  /** Made while a lab is running, so it is not in the lab's baseline. */
  late?: boolean;
  /** Swarm work, made once swarm mode is on. */
  swarm?: boolean;
}

const seeded: Seeded[] = [
  { kind: 'container', name: learner('running'), why: 'a running container of the learner' },
  { kind: 'container', name: learner('stopped'), why: 'a stopped container of the learner' },
  { kind: 'image', name: `${learner('img')}:1`, why: 'an image the learner built' },
  { kind: 'volume', name: learner('vol'), why: 'a volume with the learner’s data', data: `learner data ${tag}` },
  { kind: 'network', name: learner('net'), why: 'a network of the learner' },
  { kind: 'container', name: learner('vol-user'), why: 'a running container using the learner’s named volume (and an anonymous one)' },
  // Exactly the names the fixture labs create and reset.
  { kind: 'container', name: 'life-web', why: 'a container named like lab life-web’s target' },
  { kind: 'volume', name: 'life-other-vol', why: 'a volume named like lab life-other’s target', data: `older data ${tag}` },
  { kind: 'image', name: 'life-mine:1', why: 'an image tagged like lab life-tag’s target' },
  { kind: 'container', name: learner('from-mine'), why: 'a container made from life-mine:1, which lab life-tag may clean up' },
  // Made after a lab started: newer than the baseline, but no lab names them.
  { kind: 'volume', name: learner('late-vol'), why: 'a volume the learner made during a lab', data: `late data ${tag}`, late: true },
  { kind: 'container', name: learner('late'), why: 'a container the learner ran during a lab, using a named volume', late: true },
  { kind: 'container', name: learner('linked'), why: 'the target of a --link, whose alias is a lab’s container name', late: true },
  { kind: 'container', name: learner('client'), why: 'a container linked to another under a lab’s container name', late: true },
  // The learner's swarm work, made once swarm mode is on (during swarm labs when it was off).
  { kind: 'service', name: learner('svc'), why: 'a swarm service of the learner', swarm: true },
  { kind: 'secret', name: learner('secret'), why: 'a swarm secret of the learner', swarm: true },
  { kind: 'config', name: learner('config'), why: 'a swarm config of the learner', swarm: true },
  { kind: 'service', name: `${STACK}_app`, why: 'the service of the learner’s stack', swarm: true },
  { kind: 'network', name: `${STACK}_default`, why: 'the network of the learner’s stack', swarm: true },
];
const FIXTURE_NAMES = { container: ['life-web'], volume: ['life-other-vol'], image: ['life-mine:1'] };

/** The engine lists a container's mounts in no fixed order: compared sorted by destination. */
const stableMounts = (object: { Mounts?: Array<{ Destination: string }> }) =>
  object.Mounts ? { ...object, Mounts: [...object.Mounts].sort((a, b) => a.Destination.localeCompare(b.Destination)) } : object;
/**
 * A swarm-scoped network's inspect lists the endpoints swarm attaches as it schedules tasks
 * (Containers, Peers, Services): they change as the stack's task comes up, not by a reset.
 * The rest of it, and the stack's service itself, are compared in full.
 */
const stableNetwork = (object: Record<string, unknown>) => {
  if (object.Scope !== 'swarm') return object;
  const { Containers: _containers, Peers: _peers, Services: _services, ...rest } = object;
  return rest;
};
const stable = (kind: Kind, object: Record<string, unknown>) => (kind === 'network' ? stableNetwork(object) : stableMounts(object));
const inspect = async (kind: Kind, name: string) => stable(kind, JSON.parse(await dockerOk(kind, 'inspect', name))[0]);
async function makeVolume(v: Seeded) {
  await dockerOk('volume', 'create', v.name);
  await dockerOk('run', '--rm', '-v', `${v.name}:/data`, 'busybox:1.36', 'sh', '-c', `printf '%s' '${v.data}' > /data/owner.txt`);
}
async function remember(objects: Seeded[]) {
  for (const s of objects) s.inspect = await inspect(s.kind, s.name);
}
const readVolume = (name: string) => dockerOk('run', '--rm', '-v', `${name}:/data:ro`, 'busybox:1.36', 'cat', '/data/owner.txt');
const swarmState = async () => JSON.parse(await dockerOk('info', '--format', '{{json .Swarm}}')) as { LocalNodeState: string; NodeID: string; Cluster?: { ID: string } };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The anonymous volumes of a container, so they are checked like the learner's named ones. */
const anonymousVolumesOf = async (container: string): Promise<string[]> =>
  ((await inspect('container', container)).Mounts as Array<{ Type: string; Name?: string; Destination: string }>).filter((m) => m.Type === 'volume' && /^[0-9a-f]{64}$/.test(m.Name ?? '')).map((m) => m.Name!);

describe.skipIf(Boolean(skipReason))(`the learner's objects are never touched${skipReason ? ` (${skipReason})` : ''}`, () => {
  const commands: string[] = [];
  let verified = 0;
  /** Swarm mode was off before the test: the test turns it on as a learner would, and off again at the end. */
  let swarmWasOff = false;
  let gwbridgeBefore = true;
  // One progress folder for the fixture course, one for the course's swarm labs.
  const home = tempHome();
  const swarmHome = tempHome();
  const lifeEnv = { ...process.env, ...home };
  const courseEnv = { ...process.env, ...swarmHome };
  let lifeApp: DojoServices | undefined;
  let courseApp: DojoServices | undefined;

  const run = async (args: string[], opts: { bundled?: boolean } = {}) => {
    const full = opts.bundled ? args : [...course, ...args];
    const result = await dojo(full, opts.bundled ? swarmHome : home, { timeout: 120_000 });
    commands.push(full.filter((a) => !a.includes('/')).join(' '));
    expect(result.exitCode, `${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBeLessThan(2);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    return result;
  };
  const namesNoSeeded = (text: string) => {
    for (const s of seeded) expect(text, `${s.why} (${s.name}) was planned for removal`).not.toMatch(new RegExp(`^\\s+- \\w+ ${escape(s.name)} `, 'm'));
  };
  const jsonNamesNoSeeded = (items: Array<{ name: string; id?: string }>) => {
    for (const s of seeded) expect(items.map((i) => i.name), `${s.why} (${s.name}) was planned for removal`).not.toContain(s.name);
  };
  /** The swarm note a reset gives when it leaves swarm mode on: it names the learner's work and says how to leave. */
  const expectSwarmNote = (notes: string[]) => {
    const note = notes.find((n) => n.startsWith('Swarm mode stays on'));
    expect(note, notes.join('\n')).toBeDefined();
    for (const what of [`service ${learner('svc')}`, `secret ${learner('secret')}`, `config ${learner('config')}`, `stack ${STACK}`]) expect(note).toContain(what);
    expect(note).toContain('docker swarm leave --force');
  };

  beforeAll(async () => {
    await dockerOk('pull', '-q', 'busybox:1.36');
    await dockerOk('pull', '-q', 'nginx:1.27-alpine');
    // Leftovers of the fixture names from an earlier run (never a learner's: these names belong to the test fixture).
    await removeQuietly('container', 'life-web');
    await removeQuietly('volume', 'life-other-vol');
    await removeQuietly('image', 'life-mine:1');

    await dockerOk('run', '-d', '--name', learner('running'), 'busybox:1.36', 'sleep', '3600');
    await dockerOk('run', '--name', learner('stopped'), 'busybox:1.36', 'sh', '-c', 'echo made by the learner > /note');
    await dockerOk('commit', learner('stopped'), `${learner('img')}:1`);
    await dockerOk('network', 'create', learner('net'));
    for (const v of seeded.filter((s) => s.kind === 'volume' && !s.late)) await makeVolume(v);
    await dockerOk('run', '-d', '--name', learner('vol-user'), '-v', `${learner('vol')}:/data`, '-v', '/scratch', 'busybox:1.36', 'sleep', '3600');
    for (const anon of await anonymousVolumesOf(learner('vol-user'))) seeded.push({ kind: 'volume', name: anon, why: `the anonymous volume of ${learner('vol-user')}` });
    await dockerOk('run', '-d', '--name', 'life-web', '-p', '18090:80', 'nginx:1.27-alpine');
    await dockerOk('tag', 'busybox:1.36', 'life-mine:1');
    await dockerOk('create', '--name', learner('from-mine'), 'life-mine:1', 'true');
    await remember(seeded.filter((s) => !s.late && !s.swarm));

    lifeApp = createDojoServices({ course: await loadCourse(fixture('life-course')), store: new ProgressStore({ env: lifeEnv }), env: lifeEnv, connect: () => connectEngine({ env: lifeEnv }) });
    courseApp = createDojoServices({ course: await loadCourse(ROOT, { bundled: true }), store: new ProgressStore({ env: courseEnv }), env: courseEnv, connect: () => connectEngine({ env: courseEnv }) });

    swarmWasOff = (await swarmState()).LocalNodeState !== 'active';
    gwbridgeBefore = (await docker('network', 'inspect', 'docker_gwbridge')).exitCode === 0;
    if (swarmWasOff) {
      // Swarm labs started while swarm mode is off: their cleanup says to leave the swarm again.
      await run(['check', 'swarm-service'], { bundled: true });
      await run(['check', 'swarm-leave'], { bundled: true });
      await courseApp.checkLab('swarm-init');
      await dockerOk('swarm', 'init');
    }
    await dockerOk('service', 'create', '-q', '--name', learner('svc'), 'busybox:1.36', 'sleep', '3600');
    await execWithInput(`learner secret ${tag}`, 'secret', 'create', learner('secret'), '-');
    await execWithInput(`learner config ${tag}`, 'config', 'create', learner('config'), '-');
    const compose = path.join(mkdtempSync(path.join(tmpdir(), 'dojo-stack-')), 'compose.yaml');
    writeFileSync(compose, 'services:\n  app:\n    image: busybox:1.36\n    command: sleep 3600\n');
    await dockerOk('stack', 'deploy', '-c', compose, STACK);
    await waitFor('the stack’s task to run', async () => /^Running/m.test(await dockerOk('service', 'ps', '--format', '{{.CurrentState}}', '--filter', 'desired-state=running', `${STACK}_app`)), 90_000);
    await remember(seeded.filter((s) => s.swarm));
  }, 300_000);

  afterAll(async () => {
    await lifeApp?.close();
    await courseApp?.close();
    // Only what this test seeded (and swarm mode, if it was off before).
    await docker('stack', 'rm', STACK);
    await removeQuietly('service', learner('svc'));
    await docker('secret', 'rm', learner('secret'));
    await docker('config', 'rm', learner('config'));
    await removeQuietly('container', ...seeded.filter((s) => s.kind === 'container').map((s) => s.name));
    await removeQuietly('image', ...seeded.filter((s) => s.kind === 'image').map((s) => s.name));
    await removeQuietly('volume', ...seeded.filter((s) => s.kind === 'volume').map((s) => s.name));
    await removeQuietly('network', ...seeded.filter((s) => s.kind === 'network' && !s.swarm).map((s) => s.name));
    if (swarmWasOff) {
      await docker('swarm', 'leave', '--force');
      // swarm init made it; it outlives leaving.
      if (!gwbridgeBefore) await docker('network', 'rm', 'docker_gwbridge');
    }
    console.log(
      `\nuntouched: ${seeded.length} learner objects seeded (${Object.entries(FIXTURE_NAMES).map(([k, v]) => `${v.length} ${k}${v.length > 1 ? 's' : ''}`).join(', ')} named like lab targets; swarm work: a service, a secret, a config and a stack); ` +
        `${commands.length} commands run (fixture labs checked, hinted, solved, checked and reset; swarm labs started and reset${swarmWasOff ? ', three of them started before swarm mode was on' : ''}; the app's reset over the same labs; reset --all); ${verified} of ${seeded.length} verified unchanged (full inspect, volume data).\n` +
        '  reproduce: DOJO_REQUIRE_ENGINE=1 npx vitest run --project engine test/untouched.engine.test.ts',
    );
  });

  it('every lab reset by reset LAB, by the app and by reset --all: all seeded objects unchanged', { timeout: 600_000 }, async () => {
    const swarmBefore = await swarmState();

    for (const lab of LABS) {
      await run(['check', lab]);
      if (lab === LABS[0]) {
        for (const v of seeded.filter((s) => s.kind === 'volume' && s.late)) await makeVolume(v);
        await dockerOk('run', '-d', '--name', learner('late'), '-v', `${learner('late-vol')}:/data`, 'busybox:1.36', 'sleep', '3600');
        await dockerOk('run', '-d', '--name', learner('linked'), 'busybox:1.36', 'sleep', '3600');
        // The target is listed under the alias too ("/learner-client-…/life-web"): a lab's container name.
        await dockerOk('run', '-d', '--name', learner('client'), '--link', `${learner('linked')}:life-web`, 'busybox:1.36', 'sleep', '3600');
        await remember(seeded.filter((s) => s.late));
      }
      await run(['hint', lab]);
      await run(['solution', lab, '--yes']);
      await run(['check', lab]);
      const reset = await run(['reset', lab, '--yes']);
      expect(reset.exitCode, reset.stdout).toBe(0);
      namesNoSeeded(reset.stdout);
    }
    expect((await run(['reset', 'life-web', '--yes'])).stdout).toContain('kept: container life-web (it existed before the lab started)');

    // The course's swarm labs: each started and reset by `reset LAB`; swarm-service was started before swarm mode was on.
    for (const lab of SWARM_LABS.filter((l) => l !== 'swarm-leave' && l !== 'swarm-init')) {
      await run(['check', lab], { bundled: true });
      const reset = await run(['reset', lab, '--yes', '--json'], { bundled: true });
      const report = JSON.parse(reset.stdout);
      expect(report.reset, reset.stdout).toBe(true);
      jsonNamesNoSeeded(report.removed);
      expect(report.removed.map((r: { kind: string }) => r.kind)).not.toContain('swarm');
      if (lab === 'swarm-service' && swarmWasOff) expectSwarmNote(report.notes.map((n: { text: string }) => n.text));
    }

    // The app's reset, through the same use case: fixture labs and swarm-init (started before swarm mode was on).
    for (const [app, labs] of [[lifeApp!, LABS], [courseApp!, ['swarm-init', 'swarm-edge']]] as const) {
      for (const lab of labs) {
        await app.checkLab(lab);
        const plan = await app.planReset(lab);
        jsonNamesNoSeeded(plan.items);
        expect(plan.items.map((i) => i.kind)).not.toContain('swarm');
        if (lab === 'swarm-init' && swarmWasOff) expectSwarmNote(plan.notes ?? []);
        expect((await app.applyReset(plan)).failures).toEqual([]);
      }
    }

    // Start every lab again, then reset them all at once (swarm-leave has waited since before swarm mode was on).
    for (const lab of LABS) await run(['check', lab]);
    const all = await run(['reset', '--all', '--yes', '--json']);
    const report = JSON.parse(all.stdout);
    expect(report.reset).toBe(true);
    expect(report.removed).toEqual([]);
    expect(report.kept.map((k: { object: string }) => k.object)).toEqual(expect.arrayContaining(['container life-web', 'volume life-other-vol', 'image life-mine:1']));
    for (const lab of SWARM_LABS) await run(['check', lab], { bundled: true });
    const allSwarm = await run(['reset', '--all', '--yes', '--json'], { bundled: true });
    const swarmReport = JSON.parse(allSwarm.stdout);
    expect(swarmReport.reset).toBe(true);
    jsonNamesNoSeeded(swarmReport.removed);
    expect(swarmReport.removed.map((r: { kind: string }) => r.kind)).not.toContain('swarm');
    if (swarmWasOff) expectSwarmNote(swarmReport.notes.filter((n: { lab: string }) => n.lab === 'swarm-leave').map((n: { text: string }) => n.text));

    const swarmAfter = await swarmState();
    expect(swarmAfter.LocalNodeState, 'swarm mode was left').toBe('active');
    expect(swarmAfter.NodeID).toBe(swarmBefore.NodeID);
    expect(swarmAfter.Cluster?.ID).toBe(swarmBefore.Cluster?.ID);
    for (const s of seeded) {
      const found = await docker(s.kind, 'inspect', s.name);
      expect(found.exitCode, `${s.why} (${s.kind} ${s.name}) was removed`).toBe(0);
      expect(stable(s.kind, JSON.parse(found.stdout)[0]), `${s.why} (${s.kind} ${s.name}) changed`).toEqual(s.inspect);
      if (s.data) expect(await readVolume(s.name), `${s.why} (${s.name}) lost its data`).toBe(s.data);
      verified++;
    }
    expect((await dockerOk('stack', 'services', '--format', '{{.Name}}', STACK)).trim()).toBe(`${STACK}_app`);
    expect(seeded.filter((s) => s.kind === 'container').map((s) => (s.inspect as { State: { Status: string } }).State.Status)).toEqual(expect.arrayContaining(['running', 'exited', 'created']));
  });
});

async function execWithInput(input: string, ...args: string[]) {
  const { execa } = await import('execa');
  const result = await execa('docker', args, { input, reject: false });
  if (result.exitCode !== 0) throw new Error(`docker ${args.join(' ')} failed: ${result.stderr}`);
}
