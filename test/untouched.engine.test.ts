/**
 * The learner's own objects are never touched. Containers (running and stopped), an image, a
 * volume with data and a network exist before any lab starts — some with names of the learner's
 * own, some with exactly the names the fixture labs use. Every lab is then checked, hinted,
 * solved, checked and reset, and finally everything is reset at once: each object is still
 * there with the same ID, the same state and the same data.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dojo, fixture, tempHome } from './support/cli.js';
import { docker, dockerOk, probeEngine, removeQuietly } from './support/engine.js';

const { skipReason } = await probeEngine();
const course = ['--course', fixture('life-course')];
const LABS = ['life-web', 'life-other', 'life-tag'];
const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** Learner names are unique per run, so the test never meets (or removes) a real learner's objects. */
const tag = randomBytes(3).toString('hex');
const learner = (what: string) => `learner-${what}-${tag}`;

type Kind = 'container' | 'image' | 'volume' | 'network';
interface Seeded {
  kind: Kind;
  name: string;
  why: string;
  id?: string;
  status?: string;
  /** A file in the volume and what it holds. */
  data?: string;
  /** Made while a lab is running, so it is not in the lab's baseline. */
  late?: boolean;
}

const seeded: Seeded[] = [
  { kind: 'container', name: learner('running'), why: 'a running container of the learner' },
  { kind: 'container', name: learner('stopped'), why: 'a stopped container of the learner' },
  { kind: 'image', name: `${learner('img')}:1`, why: 'an image the learner built' },
  { kind: 'volume', name: learner('vol'), why: 'a volume with the learner’s data', data: `learner data ${tag}` },
  { kind: 'network', name: learner('net'), why: 'a network of the learner' },
  // Exactly the names the fixture labs create and reset.
  { kind: 'container', name: 'life-web', why: 'a container named like lab life-web’s target' },
  { kind: 'volume', name: 'life-other-vol', why: 'a volume named like lab life-other’s target', data: `older data ${tag}` },
  { kind: 'image', name: 'life-mine:1', why: 'an image tagged like lab life-tag’s target' },
  { kind: 'container', name: learner('from-mine'), why: 'a container made from life-mine:1, which lab life-tag may clean up' },
  // Made after a lab started: newer than the baseline, but no lab names them.
  { kind: 'container', name: learner('late'), why: 'a container the learner ran during a lab', late: true },
  { kind: 'volume', name: learner('late-vol'), why: 'a volume the learner made during a lab', data: `late data ${tag}`, late: true },
];
const FIXTURE_NAMES = { container: ['life-web'], volume: ['life-other-vol'], image: ['life-mine:1'] };

const inspect = async (kind: Kind, name: string) => JSON.parse(await dockerOk(kind, 'inspect', name))[0];
async function makeVolume(v: Seeded) {
  await dockerOk('volume', 'create', v.name);
  await dockerOk('run', '--rm', '-v', `${v.name}:/data`, 'busybox:1.36', 'sh', '-c', `printf '%s' '${v.data}' > /data/owner.txt`);
}
async function remember(objects: Seeded[]) {
  for (const s of objects) {
    const info = await inspect(s.kind, s.name);
    s.id = s.kind === 'volume' ? info.Name : info.Id;
    s.status = s.kind === 'container' ? info.State.Status : undefined;
  }
}
const readVolume = (name: string) => dockerOk('run', '--rm', '-v', `${name}:/data:ro`, 'busybox:1.36', 'cat', '/data/owner.txt');

describe.skipIf(Boolean(skipReason))(`the learner's objects are never touched${skipReason ? ` (${skipReason})` : ''}`, () => {
  const commands: string[] = [];
  let verified = 0;

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
    await dockerOk('run', '-d', '--name', 'life-web', '-p', '18090:80', 'nginx:1.27-alpine');
    await dockerOk('tag', 'busybox:1.36', 'life-mine:1');
    await dockerOk('create', '--name', learner('from-mine'), 'life-mine:1', 'true');

    await remember(seeded.filter((s) => !s.late));
  }, 300_000);

  afterAll(async () => {
    // Only what this test seeded.
    await removeQuietly('container', ...seeded.filter((s) => s.kind === 'container').map((s) => s.name));
    await removeQuietly('image', ...seeded.filter((s) => s.kind === 'image').map((s) => s.name));
    await removeQuietly('volume', ...seeded.filter((s) => s.kind === 'volume').map((s) => s.name));
    await removeQuietly('network', ...seeded.filter((s) => s.kind === 'network').map((s) => s.name));
    console.log(
      `\nuntouched: ${seeded.length} learner objects seeded (${Object.entries(FIXTURE_NAMES).map(([k, v]) => `${v.length} ${k}${v.length > 1 ? 's' : ''}`).join(', ')} named like lab targets); ` +
        `${commands.length} commands run (check, hint, solution, check, reset for ${LABS.length} labs, then reset --all); ${verified} of ${seeded.length} verified still there with the same ID, state and data.\n` +
        '  reproduce: DOJO_REQUIRE_ENGINE=1 npx vitest run test/untouched.engine.test.ts',
    );
  });

  it('every lab checked, hinted, solved, checked and reset, then reset --all: all seeded objects unchanged', { timeout: 300_000 }, async () => {
    const env = tempHome();
    const run = async (...args: string[]) => {
      const result = await dojo([...course, ...args], env, { timeout: 120_000 });
      commands.push(args.join(' '));
      expect(result.exitCode, `${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBeLessThan(2);
      expect(result.stderr).not.toMatch(STACK_TRACE);
      return result;
    };

    for (const lab of LABS) {
      await run('check', lab);
      if (lab === LABS[0]) {
        await dockerOk('run', '-d', '--name', learner('late'), 'busybox:1.36', 'sleep', '3600');
        for (const v of seeded.filter((s) => s.kind === 'volume' && s.late)) await makeVolume(v);
        await remember(seeded.filter((s) => s.late));
      }
      await run('hint', lab);
      await run('solution', lab, '--yes');
      await run('check', lab);
      const reset = await run('reset', lab, '--yes');
      expect(reset.exitCode, reset.stdout).toBe(0);
      for (const s of seeded) expect(reset.stdout).not.toMatch(new RegExp(`^\\s+- \\w+ ${s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `, 'm'));
    }
    expect((await run('reset', 'life-web', '--yes')).stdout).toContain('kept: container life-web (it existed before the lab started)');

    // Start every lab again, then reset them all at once.
    for (const lab of LABS) await run('check', lab);
    const all = await run('reset', '--all', '--yes', '--json');
    const report = JSON.parse(all.stdout);
    expect(report.reset).toBe(true);
    expect(report.removed).toEqual([]);
    expect(report.kept.map((k: { object: string }) => k.object)).toEqual(expect.arrayContaining(['container life-web', 'volume life-other-vol', 'image life-mine:1']));

    for (const s of seeded) {
      const found = await docker(s.kind, 'inspect', s.name);
      expect(found.exitCode, `${s.why} (${s.kind} ${s.name}) was removed`).toBe(0);
      const info = JSON.parse(found.stdout)[0];
      expect(s.kind === 'volume' ? info.Name : info.Id, `${s.why} (${s.kind} ${s.name}) was replaced`).toBe(s.id);
      if (s.kind === 'container') expect(info.State.Status, `${s.why} (${s.name}) changed state`).toBe(s.status);
      if (s.data) expect(await readVolume(s.name), `${s.why} (${s.name}) lost its data`).toBe(s.data);
      verified++;
    }
    expect(seeded.filter((s) => s.kind === 'container').map((s) => s.status)).toEqual(expect.arrayContaining(['running', 'exited', 'created']));
  });
});
