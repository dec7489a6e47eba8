/**
 * Every swarm lab of the course, run the way a learner does (start, solution, reset) in the three
 * situations a learner can be in (the second stops after turning swarm mode on: what it proves
 * does not depend on the rest of the solution):
 * - swarm mode off before the lab and nothing else in the swarm: reset leaves the swarm again;
 * - swarm mode off before the lab, and the learner made a service and a secret of their own in
 *   the swarm during it: swarm mode stays on, their work stays, and reset names it and says how
 *   to leave by hand;
 * - the learner's own swarm work (a service, a secret) there before the lab: swarm mode stays on,
 *   their work stays, and reset names what else is in the swarm and says how to leave by hand.
 * A solution line that leaves the swarm or makes a new one is left out where the learner has
 * work of their own in it: that would remove their work by their own hand, which is what
 * swarm-init and swarm-leave warn about.
 * Needs an engine with swarm mode off; it turns it on and off as the labs do.
 */
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../src/course/load.js';
import type { Lab } from '../src/course/model.js';
import { ROOT, dojo } from './support/cli.js';
import { docker, dockerOk, engineRequired, probeEngine, removeQuietly } from './support/engine.js';
import { checkLab, typeCommands, workspaceOf } from './support/proof.js';
import { tempHome } from './support/cli.js';

const { skipReason: noEngine } = await probeEngine();
const swarmOnBefore = !noEngine && (await docker('info', '--format', '{{.Swarm.LocalNodeState}}')).stdout.trim() === 'active';
if (swarmOnBefore && engineRequired) throw new Error('the swarm reset probe needs an engine with swarm mode off (it turns swarm mode on and off as the labs do)');
const skipReason = noEngine ?? (swarmOnBefore ? 'skipped, swarm mode is on: this probe turns swarm mode on and off as the labs do' : undefined);

const course = await loadCourse(ROOT, { bundled: true });
const SWARM_LABS = course.labs.filter((l) => l.cleanup.leaveSwarm);
const tag = randomBytes(3).toString('hex');
const SERVICE = `learner-swarm-svc-${tag}`;
const SECRET = `learner-swarm-secret-${tag}`;

interface ResetReport {
  reset: boolean;
  removed: Array<{ kind: string; name: string }>;
  notes: Array<{ lab: string; text: string }>;
}
const swarmState = async () => JSON.parse(await dockerOk('info', '--format', '{{json .Swarm}}')) as { LocalNodeState: string; NodeID: string; Cluster?: { ID: string } };
const inspectLearnerWork = async () => ({ service: JSON.parse(await dockerOk('service', 'inspect', SERVICE))[0], secret: JSON.parse(await dockerOk('secret', 'inspect', SECRET))[0] });

async function makeLearnerWork() {
  await dockerOk('service', 'create', '-q', '--name', SERVICE, 'busybox:1.36', 'sleep', '3600');
  const secret = await execa('docker', ['secret', 'create', SECRET, '-'], { input: `learner secret ${tag}`, reject: false });
  if (secret.exitCode !== 0) throw new Error(`docker secret create failed: ${secret.stderr}`);
}
async function removeLearnerWork() {
  await removeQuietly('service', SERVICE);
  await docker('secret', 'rm', SECRET);
}

/** The lab's solution as a learner with work of their own in the swarm would type it. */
const keepingTheSwarm = (lab: Lab) => lab.solution.filter((line) => !/docker swarm leave/.test(line) && !/^docker swarm init\b/.test(line.trim()));

async function reset(lab: Lab, env: ReturnType<typeof tempHome>): Promise<ResetReport> {
  const result = await dojo(['reset', lab.id, '--yes', '--json'], env, { timeout: 120_000 });
  expect(result.exitCode, `reset ${lab.id}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as ResetReport;
}
const labServicesLeft = async (lab: Lab) => {
  const names = (await dockerOk('service', 'ls', '--format', '{{.Name}}')).split('\n').filter(Boolean);
  return lab.cleanup.services.filter((s) => names.includes(s));
};
const expectNamesLearnerWork = (report: ResetReport, lab: Lab) => {
  const note = report.notes.find((n) => n.lab === lab.id && n.text.startsWith('Swarm mode stays on'))?.text;
  expect(note, `reset ${lab.id} did not say why swarm mode stays on: ${JSON.stringify(report.notes)}`).toBeDefined();
  expect(note).toContain(`service ${SERVICE}`);
  expect(note).toContain(`secret ${SECRET}`);
  expect(note).toContain('docker swarm leave --force');
};

describe.skipIf(Boolean(skipReason))(`swarm labs reset without losing the learner's swarm work${skipReason ? ` (${skipReason})` : ''}`, () => {
  const summary: string[] = [];
  let gwbridgeBefore = true;

  beforeAll(async () => {
    for (const image of ['busybox:1.36', 'nginx:1.27-alpine', 'nginx:latest']) await dockerOk('pull', '-q', image);
    gwbridgeBefore = (await docker('network', 'inspect', 'docker_gwbridge')).exitCode === 0;
  }, 300_000);

  afterAll(async () => {
    await removeLearnerWork();
    for (const lab of SWARM_LABS) await removeQuietly('service', ...lab.cleanup.services);
    if ((await swarmState()).LocalNodeState === 'active') await docker('swarm', 'leave', '--force');
    if (!gwbridgeBefore) await docker('network', 'rm', 'docker_gwbridge');
    console.log(`\nswarm reset probe: ${SWARM_LABS.length} swarm labs (${SWARM_LABS.map((l) => l.id).join(', ')}), each started and reset three ways (solved in the first and the last):\n${summary.map((s) => `  ${s}`).join('\n')}\n  reproduce: DOJO_REQUIRE_ENGINE=1 npx vitest run --project engine test/swarm-reset.engine.test.ts\n`);
  });

  it('swarm mode off before the lab and nothing else in the swarm: reset leaves it', { timeout: 600_000 }, async () => {
    for (const lab of SWARM_LABS) {
      expect((await swarmState()).LocalNodeState).toBe('inactive');
      const env = tempHome();
      await checkLab(lab.id, env);
      const typed = await typeCommands(lab.solution, workspaceOf(lab, env));
      expect(typed, `${lab.id}'s solution`).toEqual({ ok: true });
      expect((await checkLab(lab.id, env)).report.passed, `${lab.id} passes after its solution`).toBe(true);
      const left = (await swarmState()).LocalNodeState === 'active';
      const report = await reset(lab, env);
      // swarm-leave's solution has left the swarm already.
      expect(report.removed.some((r) => r.kind === 'swarm'), `reset ${lab.id}: ${JSON.stringify(report)}`).toBe(left);
      expect((await swarmState()).LocalNodeState, `swarm mode after reset ${lab.id}`).toBe('inactive');
      summary.push(`${lab.id}: swarm off before, nothing else in it → reset ${left ? 'left the swarm' : 'had no swarm to leave (the solution left it)'}`);
    }
  });

  it('swarm mode off before the lab, swarm mode turned on and the learner’s own service and secret made during it: the swarm stays and reset names them', { timeout: 600_000 }, async () => {
    for (const lab of SWARM_LABS) {
      const env = tempHome();
      await checkLab(lab.id, env);
      // The lab's first step (its solution and the first test above go further), then the learner's own work.
      await dockerOk('swarm', 'init');
      await makeLearnerWork();
      const before = await inspectLearnerWork();
      const swarm = await swarmState();
      const report = await reset(lab, env);
      await expectSwarmAndWorkKept(report, lab, swarm, before);
      summary.push(`${lab.id}: swarm off before, learner's work made during the lab → swarm kept, learner's work unchanged, named with how to leave`);
      // The learner leaves by hand, as the note says, before the next lab.
      await removeLearnerWork();
      await dockerOk('swarm', 'leave', '--force');
    }
  });

  /** Reset left the swarm and the learner's work as they were, named them, and removed the lab's services. */
  async function expectSwarmAndWorkKept(report: Awaited<ReturnType<typeof reset>>, lab: (typeof SWARM_LABS)[number], swarm: Awaited<ReturnType<typeof swarmState>>, before: unknown) {
    expect(report.removed.map((r) => r.kind)).not.toContain('swarm');
    expectNamesLearnerWork(report, lab);
    expect(await swarmState(), `swarm after reset ${lab.id}`).toMatchObject({ LocalNodeState: 'active', NodeID: swarm.NodeID, Cluster: { ID: swarm.Cluster?.ID } });
    expect(await inspectLearnerWork(), `the learner's service and secret after reset ${lab.id}`).toEqual(before);
    expect(await labServicesLeft(lab), `the lab's services after reset ${lab.id}`).toEqual([]);
  }

  it('the learner’s own swarm work there before the lab: the swarm and the work stay, and reset names it', { timeout: 600_000 }, async () => {
    await dockerOk('swarm', 'init');
    await makeLearnerWork();
    const swarm = await swarmState();
    for (const lab of SWARM_LABS) {
      const before = await inspectLearnerWork();
      const env = tempHome();
      await checkLab(lab.id, env);
      expect(await typeCommands(keepingTheSwarm(lab), workspaceOf(lab, env)), `${lab.id}'s solution`).toEqual({ ok: true });
      const report = await reset(lab, env);
      await expectSwarmAndWorkKept(report, lab, swarm, before);
      summary.push(`${lab.id}: learner's swarm work before the lab → swarm kept, learner's work unchanged, named with how to leave`);
    }
  });
});
