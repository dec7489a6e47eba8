/**
 * Proof that the shipped course works on a real engine. For every lab, as a learner would:
 *  1. on a clean engine its checks fail;
 *  2. its solution, typed into a shell in the lab workspace, makes every check pass
 *     (and the live questions of its quiz are answered right, with values read by the docker CLI);
 *  3. reset removes what the lab made;
 *  4. every near miss the lab declares fails, and a failing check's "found" names the miss;
 *  5. every alternative the lab declares passes;
 *  6. objects that existed before the lab — seeded with the very names the lab uses — survive reset.
 * Lessons' live quiz questions are answered too, and the course must lint clean.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCourse } from '../src/course/load.js';
import { parseImageList } from '../src/course/images-named.js';
import { proofMaterialIssues } from '../src/course/proof-material.js';
import type { Lab, Quiz } from '../src/course/model.js';
import type { LiveFact } from '../src/course/schema.js';
import { ROOT, dojo, shell, tempHome } from './support/cli.js';
import { docker, dockerOk, probeEngine } from './support/engine.js';
import { engineApi, inspectObject, objectExists as exists } from './support/engine-api.js';
import { type EngineSnapshot, failingLines, restoreEngine, snapshotEngine, swarmActive, tryLab } from './support/proof.js';

const { skipReason } = await probeEngine();
const { course, issues } = await readCourse(ROOT, { bundled: true });
const quizzesById = new Map(course.quizzes.map((q) => [q.id, q]));
const labQuizIds = new Set(course.labs.flatMap((l) => (l.quiz ? [l.quiz] : [])));

/** The right answer to a live question, read with the docker CLI (not through the tutor's code). */
async function expectedAnswer(fact: LiveFact): Promise<string> {
  const info = JSON.parse(await dockerOk('info', '--format', '{{json .}}'));
  const version = JSON.parse(await dockerOk('version', '--format', '{{json .Server}}'));
  const inspect = async (kind: 'image' | 'container', name: string) => JSON.parse(await dockerOk(kind, 'inspect', name))[0];
  switch (fact.fact) {
    case 'kernel-version': return info.KernelVersion;
    case 'server-version': return version.Version;
    case 'api-version': return version.APIVersion ?? version.ApiVersion;
    case 'storage-driver': return info.Driver;
    case 'os-type': return info.OSType;
    case 'operating-system': return info.OperatingSystem;
    case 'architecture': return info.Architecture;
    case 'running-containers': return String(info.ContainersRunning);
    case 'containers-total': return String(info.Containers);
    case 'images-total': return String(info.Images);
    case 'default-runtime': return info.DefaultRuntime;
    case 'cgroup-driver': return info.CgroupDriver;
    case 'cpus': return String(info.NCPU);
    case 'swarm-state': return info.Swarm.LocalNodeState;
    case 'image-layer-count': return String((await inspect('image', fact.image)).RootFS.Layers.length);
    case 'image-id': return (await inspect('image', fact.image)).Id;
    case 'container-pid': return String((await inspect('container', fact.container)).State.Pid);
    case 'container-ip': {
      const nets = (await inspect('container', fact.container)).NetworkSettings.Networks;
      return (fact.network ? nets[fact.network] : Object.values<any>(nets)[0]).IPAddress;
    }
    case 'published-port': return (await inspect('container', fact.container)).NetworkSettings.Ports[fact.port][0].HostPort;
  }
}

/** Live questions already answered right, so the lesson-quiz pass at the end skips them. */
const answered = new Set<string>();

/** Objects a live question reads: it can only be answered while the lab that makes them is done. */
const KIT_LIST = parseImageList(readFileSync(path.join(ROOT, 'scripts', 'kit-images.txt'), 'utf8'));
/** The kit's refs as a lab may write them: `alpine` for `alpine:latest`. */
const KIT_IMAGES = new Set([...KIT_LIST, ...[...KIT_LIST].filter((r) => r.endsWith(':latest')).map((r) => r.slice(0, -':latest'.length))]);
const needsObject = (fact: LiveFact) => 'container' in fact || ('image' in fact && !KIT_IMAGES.has(fact.image));
const objectExists = async (fact: LiveFact) =>
  'container' in fact ? exists('container', fact.container) : 'image' in fact ? exists('image', fact.image) : true;

async function answerLiveQuestions(quiz: Quiz, env: Record<string, string>, only?: (fact: LiveFact) => Promise<boolean>) {
  for (const q of quiz.questions) {
    if (!('live' in q) || answered.has(`${quiz.id}/${q.id}`)) continue;
    if (only && !(await only(q.live))) continue;
    // Only the kit's Docker Hub images are pulled here; anything else must come from a lab.
    if ((q.live.fact === 'image-layer-count' || q.live.fact === 'image-id') && KIT_IMAGES.has(q.live.image)) {
      if ((await docker('image', 'inspect', q.live.image)).exitCode !== 0) await dockerOk('pull', '-q', q.live.image);
    }
    const answer = await expectedAnswer(q.live);
    const result = await dojo(['quiz', quiz.id, q.id, answer], env);
    expect(result.exitCode, `${quiz.id}/${q.id} answered "${answer}": ${result.stdout}${result.stderr}`).toBe(0);
    answered.add(`${quiz.id}/${q.id}`);
  }
}



/** What is left of a Compose project, found by its label as Compose finds it. */
async function composeObjects(project: string): Promise<string[]> {
  const api = await engineApi();
  const filters = JSON.stringify({ label: [`com.docker.compose.project=${project}`] });
  const [containers, networks, volumes] = await Promise.all([api.listContainers({ all: true, filters }), api.listNetworks({ filters }), api.listVolumes({ filters })]);
  return [
    ...containers.map((c) => `container ${c.Names.map((n) => n.replace(/^\//, '')).join(',')}`),
    ...networks.map((n) => `network ${n.Name}`),
    ...(volumes.Volumes ?? []).map((v) => `volume ${v.Name}`),
  ];
}

async function checkJson(lab: Lab, env: Record<string, string>) {
  const result = await dojo(['check', lab.id, '--json'], env);
  if (result.exitCode === 2) throw new Error(`check ${lab.id} could not run: ${result.stderr}`);
  return { exitCode: result.exitCode, report: JSON.parse(result.stdout) as { passed: boolean; notes: string[]; checks: Array<{ ok: boolean; title: string; expected: string; found: string }> } };
}

const failing = (report: { checks: Array<{ ok: boolean; title: string; expected: string; found: string }> }) =>
  report.checks.filter((c) => !c.ok).map((c) => `${c.title}: expected ${c.expected}, found ${c.found}`).join('\n');

describe('the shipped course', () => {
  it("lints clean, with every lab's proof material", () => {
    expect([...issues, ...proofMaterialIssues(course)].map((i) => `${i.file}:${i.line ?? ''} ${i.field ?? ''} ${i.message}`)).toEqual([]);
  });

  it('covers every module with lessons, labs and quizzes', () => {
    for (const m of course.modules) expect(m.lessons.length, `module ${m.id} has no lessons`).toBeGreaterThan(0);
    for (const lesson of course.lessons) expect(lesson.labs.length + (lesson.quiz ? 1 : 0), `lesson ${lesson.id} has neither lab nor quiz`).toBeGreaterThan(0);
  });
});

describe.skipIf(Boolean(skipReason))(`every lab on a real engine${skipReason ? ` (${skipReason})` : ''}`, () => {
  let swarmBefore = false;
  let engineBefore: EngineSnapshot;
  beforeAll(async () => {
    swarmBefore = await swarmActive();
    engineBefore = await snapshotEngine();
  });
  afterEach(async () => {
    await restoreEngine(engineBefore);
  });
  afterAll(async () => {
    if (!swarmBefore && (await swarmActive())) await (await engineApi()).swarmLeave({ force: true });
  });

  for (const lab of course.labs) {
    it(`${lab.id}: fails on a clean engine, passes after its solution, and reset removes what it made`, async () => {
      const env = tempHome();
      const before = await checkJson(lab, env);
      expect(before.exitCode, `${lab.id} passed before its solution ran`).toBe(1);

      const workspace = path.join(env.DOCKER_DOJO_WORKSPACE, lab.id);
      mkdirSync(workspace, { recursive: true });
      // Containers from before the lab may use an image the lab removes: follow the lab's own
      // advice to keep them, and put the engine back as it was afterwards.
      const secondNames: Array<[string, string]> = [];
      for (const note of before.report.notes) {
        const advice = /\(docker tag (\S+) (\S+)\)/.exec(note);
        if (!advice) continue;
        await dockerOk('tag', advice[1]!, advice[2]!);
        secondNames.push([advice[1]!, advice[2]!]);
      }
      const heldBy = new Map<string, string>();
      for (const [ref] of secondNames) {
        for (const c of await (await engineApi()).listContainers({ all: true, filters: JSON.stringify({ ancestor: [ref] }) })) heldBy.set(c.Id, c.State);
      }
      for (const command of lab.solution) {
        const result = await shell(command, workspace);
        expect(result.exitCode, `solution line failed: ${command}\n${result.stdout}\n${result.stderr}`).toBe(0);
      }
      const after = await checkJson(lab, env);
      expect(after.exitCode, `${lab.id} still fails after its solution:\n${failing(after.report)}`).toBe(0);
      if (lab.quiz) await answerLiveQuestions(quizzesById.get(lab.quiz)!, env);
      // The lesson's quiz may ask about what this lab made (a container's port, PID, IP).
      const lessonQuiz = course.lessons.find((l) => l.id === lab.lesson)?.quiz;
      if (lessonQuiz) await answerLiveQuestions(quizzesById.get(lessonQuiz)!, env, async (fact) => needsObject(fact) && (await objectExists(fact)));

      // A lab that starts from containers of its own makes them afresh when reset starts it again.
      const setUp = new Set(lab.setup.flatMap((s) => (s.kind === 'container' ? [s.name] : [])));
      const solvedIds = new Map<string, string>();
      for (const name of setUp) {
        const solved = await inspectObject('container', name);
        if (solved) solvedIds.set(name, solved.Id);
      }
      const reset = await dojo(['reset', lab.id, '--yes'], env);
      expect(reset.exitCode, reset.stdout + reset.stderr).toBe(0);
      for (const name of lab.cleanup.containers.filter((n) => !setUp.has(n))) expect(await exists('container', name), `container ${name} left behind`).toBe(false);
      for (const name of setUp) {
        const after = await inspectObject('container', name);
        expect(after, `container ${name} is not there after reset`).toBeDefined();
        expect(after.Id, `container ${name} as the solution left it is still there`).not.toBe(solvedIds.get(name));
        expect(after.Config.Labels?.['dev.docker-dojo.lab'], `container ${name} after reset is not the lab's own`).toBe(lab.id);
      }
      for (const name of lab.cleanup.volumes) expect(await exists('volume', name), `volume ${name} left behind`).toBe(false);
      for (const name of lab.cleanup.networks) expect(await exists('network', name), `network ${name} left behind`).toBe(false);
      for (const name of lab.cleanup.services) expect(await exists('service', name), `service ${name} left behind`).toBe(false);
      for (const project of lab.cleanup.composeProjects) expect(await composeObjects(project), `project ${project} left behind`).toEqual([]);
      if (lab.cleanup.leaveSwarm && !swarmBefore) expect(await swarmActive(), 'still in swarm mode after reset').toBe(false);
      for (const [id, state] of heldBy) expect((await inspectObject('container', id))?.State.Status, `container ${id} changed`).toBe(state);
      for (const [ref, kept] of secondNames) {
        await dockerOk('tag', kept, ref);
        await dockerOk('rmi', kept);
      }
    });

    for (const miss of lab.nearMisses) {
      it(`${lab.id}: near miss "${miss.title}" fails, and the grade names it`, async () => {
        const { typed, graded, reset } = await tryLab(lab, miss.run);
        expect(typed.ok, `the near miss's own commands failed, so it proves nothing: ${typed.ok ? '' : typed.why}`).toBe(true);
        expect(graded.exitCode, `${lab.id} passed a near miss: ${miss.title}`).toBe(1);
        const founds = graded.report.checks.filter((c) => !c.ok).map((c) => c.found);
        expect(
          founds.some((f) => f.toLowerCase().includes(miss.found.toLowerCase())),
          `no failing check's "found" mentions "${miss.found}":\n${failingLines(graded.report)}`,
        ).toBe(true);
        expect(reset.exitCode, reset.stdout + reset.stderr).toBe(0);
      });
    }

    for (const alternative of lab.alternatives) {
      it(`${lab.id}: alternative "${alternative.title}" passes`, async () => {
        const { typed, graded, reset } = await tryLab(lab, alternative.run);
        expect(typed.ok, typed.ok ? '' : typed.why).toBe(true);
        expect(graded.exitCode, `${lab.id} rejected a correct answer (${alternative.title}):\n${failingLines(graded.report)}`).toBe(0);
        expect(reset.exitCode, reset.stdout + reset.stderr).toBe(0);
      });
    }

    const seedable = lab.cleanup.containers.length + lab.cleanup.volumes.length + lab.cleanup.networks.length + lab.cleanup.images.length + lab.cleanup.composeProjects.length;
    it.skipIf(seedable === 0)(`${lab.id}: a learner's own objects with the lab's names survive reset`, async () => {
      const env = tempHome();
      if (!(await exists('image', 'busybox:1.36'))) await dockerOk('pull', '-q', 'busybox:1.36'); // for seeding
      const api = await engineApi();
      const seeded: Array<{ kind: 'container' | 'volume' | 'network' | 'image'; name: string; id: string }> = [];
      for (const name of lab.cleanup.networks) seeded.push({ kind: 'network', name, id: (await api.createNetwork({ Name: name })).id });
      for (const name of lab.cleanup.volumes) {
        await api.createVolume({ Name: name });
        await dockerOk('run', '--rm', '-v', `${name}:/seed`, 'busybox:1.36', 'sh', '-c', 'echo learner-data > /seed/keep.txt');
        seeded.push({ kind: 'volume', name, id: name });
      }
      for (const name of lab.cleanup.containers) {
        seeded.push({ kind: 'container', name, id: (await api.createContainer({ name, Image: 'busybox:1.36', Cmd: ['true'] })).id });
      }
      // The learner's own project of the lab's name, from before the lab: its objects carry the same labels.
      for (const project of lab.cleanup.composeProjects) {
        const Labels = { 'com.docker.compose.project': project };
        const name = `${project}-mine`;
        seeded.push({ kind: 'network', name, id: (await api.createNetwork({ Name: name, Labels })).id });
        await api.createVolume({ Name: name, Labels: { ...Labels, 'com.docker.compose.volume': 'mine' } });
        await dockerOk('run', '--rm', '-v', `${name}:/seed`, 'busybox:1.36', 'sh', '-c', 'echo learner-data > /seed/keep.txt');
        seeded.push({ kind: 'volume', name, id: name });
        seeded.push({ kind: 'container', name, id: (await api.createContainer({ name, Image: 'busybox:1.36', Cmd: ['true'], Labels: { ...Labels, 'com.docker.compose.service': 'mine' } })).id });
      }
      const pulledHere = new Set<string>();
      for (const ref of lab.cleanup.images) {
        if (!(await exists('image', ref))) {
          if (!KIT_IMAGES.has(ref) || (await docker('pull', '-q', ref)).exitCode !== 0) continue; // a tag only the lab makes
          pulledHere.add(ref);
        }
        seeded.push({ kind: 'image', name: ref, id: (await inspectObject('image', ref)).Id });
      }
      await checkJson(lab, env); // starts the lab: the seeded objects are in its baseline
      const reset = await dojo(['reset', lab.id, '--yes'], env);
      expect(reset.exitCode, reset.stdout + reset.stderr).toBe(0);
      for (const s of seeded) {
        const object = await inspectObject(s.kind, s.name);
        expect(object, `${s.kind} ${s.name} was removed`).toBeDefined();
        if (s.kind === 'container' || s.kind === 'image' || s.kind === 'network') expect(object.Id.startsWith(s.id) || s.id.startsWith(object.Id)).toBe(true);
        if (s.kind === 'volume') expect((await dockerOk('run', '--rm', '-v', `${s.name}:/seed`, 'busybox:1.36', 'cat', '/seed/keep.txt')).trim()).toBe('learner-data');
      }
      // The seeding was this test's; remove it so the next lab starts clean.
      const quietly = (removal: Promise<unknown>) => removal.catch(() => undefined);
      for (const s of seeded.reverse()) {
        if (s.kind === 'container') await quietly(api.getContainer(s.name).remove({ force: true }));
        else if (s.kind === 'image') {
          if (pulledHere.has(s.name)) await quietly(api.getImage(s.name).remove());
        }
        else if (s.kind === 'volume') await quietly(api.getVolume(s.name).remove());
        else await quietly(api.getNetwork(s.name).remove());
      }
    });
  }

  for (const quiz of course.quizzes.filter((q) => !labQuizIds.has(q.id) && q.questions.some((x) => 'live' in x))) {
    it(`${quiz.id}: live questions are answered right from the engine`, async () => {
      await answerLiveQuestions(quiz, tempHome(), async (fact) => !needsObject(fact));
      const missed = quiz.questions.filter((q) => 'live' in q && !answered.has(`${quiz.id}/${q.id}`)).map((q) => q.id);
      expect(missed, 'live questions no lab of this lesson makes answerable').toEqual([]);
    });
  }
});
