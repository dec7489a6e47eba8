/**
 * A learner's story with the real binary and the real engine: a lab fails, the learner solves it,
 * it passes and stays passed; reset removes only what the lab made.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dojo, fixture, shell, tempHome } from './support/cli.js';
import { docker, dockerOk, probeEngine, removeQuietly } from './support/engine.js';

const { skipReason } = await probeEngine();
const course = ['--course', fixture('life-course')];

describe.skipIf(Boolean(skipReason))(`a lab from start to reset${skipReason ? ` (${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    await removeQuietly('container', 'life-web');
    await removeQuietly('volume', 'life-other-vol');
    await dockerOk('pull', '-q', 'nginx:1.27-alpine');
  });
  afterAll(async () => {
    await removeQuietly('container', 'life-web');
    await removeQuietly('volume', 'life-other-vol');
  });

  it('fails on a clean engine, passes after the solution, and the pass survives a new process', async () => {
    const env = tempHome();
    const before = await dojo([...course, 'check', 'life-web'], env);
    expect(before.exitCode).toBe(1);
    expect(before.stdout).toContain('✘ container "life-web" is running');
    expect(before.stdout).toContain('expected: a running container "life-web"');
    expect(before.stdout).toContain('found:    none');

    const work = path.join(env.DOCKER_DOJO_WORKSPACE, 'life-web');
    mkdirSync(work, { recursive: true });
    expect((await shell('docker run -d --name life-web -p 18090:80 nginx:1.27-alpine', work)).exitCode).toBe(0);

    const after = await dojo([...course, 'check', 'life-web', '--json'], env);
    expect(after.exitCode).toBe(0);
    const json = JSON.parse(after.stdout);
    expect(json).toMatchObject({ lab: 'life-web', passed: true, progress: { status: 'passed', attempts: 2, score: 20, points: 20 } });
    expect(json.checks.map((c: { ok: boolean }) => c.ok)).toEqual([true, true]);

    const other = await dojo([...course, 'check', 'life-other'], env);
    expect(other.exitCode).toBe(1);
    const all = await dojo([...course, 'check', '--all'], env);
    expect(all.exitCode, all.stdout + all.stderr).toBe(1);
    expect(all.stdout).toMatch(/✔ life-web .*2\/2 checks/);
    expect(all.stdout).toMatch(/1 of 2 started labs pass, 1 fail \(\d+ ms\)\./);
    const allJson = JSON.parse((await dojo([...course, 'check', '--all', '--json'], env)).stdout);
    expect(allJson.summary).toMatchObject({ labs: 2, passed: 1, failed: 1, errors: 0 });
    expect(allJson.labs.map((l: { lab: string }) => l.lab)).toEqual(['life-web', 'life-other']);

    const progress = await dojo([...course, 'progress', '--json'], env);
    expect(JSON.parse(progress.stdout)).toMatchObject({ labsPassed: 1, score: 20 });
    expect(JSON.parse(progress.stdout).modules[0].lessons[0].labs[0]).toMatchObject({ id: 'life-web', attempts: 4 });
    const file = JSON.parse(readFileSync(path.join(env.DOCKER_DOJO_HOME, 'progress.json'), 'utf8'));
    expect(file.labs['life-web'].status).toBe('passed');

    const reset = await dojo([...course, 'reset', 'life-web', '--yes'], env);
    expect(reset.exitCode).toBe(0);
    expect(reset.stdout).toContain('container life-web (created during this lab)');
    expect((await docker('container', 'inspect', 'life-web')).exitCode).not.toBe(0);
    expect((await docker('image', 'inspect', 'nginx:1.27-alpine')).exitCode).toBe(0);
  });

  it('a container named like the lab target that existed before the lab never passes it and survives reset', async () => {
    const env = tempHome();
    const id = (await dockerOk('run', '-d', '--name', 'life-web', 'nginx:1.27-alpine')).trim();
    const check = await dojo([...course, 'check', 'life-web'], env);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toContain('a container named "life-web" already exists; the lab will not touch it');
    expect(check.stdout).toContain('which existed before the lab started');
    // Shown for as long as it blocks, at every check, with a remedy that frees the name and the port.
    const again = await dojo([...course, 'check', 'life-web'], env);
    expect(again.stdout).toContain('a container named "life-web" already exists; the lab will not touch it');
    expect(again.stdout).toContain('docker rename life-web life-web-old && docker stop life-web-old');
    expect(again.stdout).not.toContain('Run the container first');

    const reset = await dojo([...course, 'reset', 'life-web', '--yes'], env);
    expect(reset.exitCode).toBe(0);
    expect(reset.stdout).toContain('kept: container life-web (it existed before the lab started)');
    expect(reset.stdout).toContain('In the way: a container named "life-web" already exists');
    const still = JSON.parse(await dockerOk('container', 'inspect', 'life-web'))[0];
    expect(still.Id).toBe(id);
    expect(still.State.Running).toBe(true);
    await removeQuietly('container', 'life-web');
  });

  it('a container from before the lab holding its name and port: every check names the port and a remedy, and that remedy lets the solution pass', async () => {
    const env = tempHome();
    await dockerOk('run', '-d', '--name', 'life-web', '-p', '18090:80', 'nginx:1.27-alpine');
    for (let i = 0; i < 2; i++) {
      const check = await dojo([...course, 'check', 'life-web'], env);
      expect(check.exitCode).toBe(1);
      expect(check.stdout).toContain('a container named "life-web" already exists');
      expect(check.stdout).toContain('18090');
      expect(check.stdout).toContain('docker rename life-web life-web-old && docker stop life-web-old');
    }
    const work = path.join(env.DOCKER_DOJO_WORKSPACE, 'life-web');
    mkdirSync(work, { recursive: true });
    expect((await shell('docker rename life-web life-web-old && docker stop life-web-old', work)).exitCode).toBe(0);
    const solved = await shell('docker run -d --name life-web -p 18090:80 nginx:1.27-alpine', work);
    expect(solved.exitCode, solved.stderr).toBe(0);
    const passed = await dojo([...course, 'check', 'life-web', '--json'], env);
    expect(JSON.parse(passed.stdout).passed, passed.stdout).toBe(true);
    await dojo([...course, 'reset', 'life-web', '--yes'], env);
    expect(JSON.parse(await dockerOk('container', 'inspect', 'life-web-old'))[0].State.Status).toBe('exited');
    await removeQuietly('container', 'life-web', 'life-web-old');
  });

  it('reset removes the lab’s container when another container links to it, and its anonymous volume; a reset after it finds nothing; the work redone at once passes', async () => {
    const env = tempHome();
    const work = path.join(env.DOCKER_DOJO_WORKSPACE, 'life-web');
    mkdirSync(work, { recursive: true });
    await dojo([...course, 'check', 'life-web'], env);
    expect((await shell('docker run -d --name life-web -p 18090:80 -v /cache nginx:1.27-alpine', work)).exitCode).toBe(0);
    // The learner's own container, linking to the lab's: life-web is then also listed as /life-web-linker/web.
    expect((await shell('docker run -d --name life-web-linker --link life-web:web busybox:1.36 sleep 3600', work)).exitCode).toBe(0);
    const anonymous = (JSON.parse(await dockerOk('container', 'inspect', 'life-web'))[0].Mounts as Array<{ Type: string; Name: string }>).find((m) => m.Type === 'volume')!.Name;

    const reset = await dojo([...course, 'reset', 'life-web', '--yes', '--json'], env);
    expect(reset.exitCode, reset.stdout).toBe(0);
    const removed = JSON.parse(reset.stdout).removed.map((r: { kind: string; id: string }) => `${r.kind} ${r.id}`);
    expect(removed).toEqual(expect.arrayContaining([expect.stringMatching(/^container /), `volume ${anonymous}`]));
    expect((await docker('container', 'inspect', 'life-web')).exitCode).not.toBe(0);
    expect((await docker('volume', 'inspect', anonymous)).exitCode).not.toBe(0);
    expect((await docker('container', 'inspect', 'life-web-linker')).exitCode, 'the learner’s own container stays').toBe(0);

    const second = await dojo([...course, 'reset', 'life-web', '--yes', '--json'], env);
    expect(second.exitCode, second.stdout).toBe(0);
    expect(JSON.parse(second.stdout).removed).toEqual([]);

    // Redone at once: the lab started again at the reset, so this counts.
    expect((await shell('docker run -d --name life-web -p 18090:80 nginx:1.27-alpine', work)).exitCode).toBe(0);
    const redo = await dojo([...course, 'check', 'life-web', '--json'], env);
    expect(JSON.parse(redo.stdout).passed, redo.stdout).toBe(true);
    await removeQuietly('container', 'life-web-linker', 'life-web');
  });

  it('reset without --yes and without a terminal changes nothing', async () => {
    const env = tempHome();
    await dojo([...course, 'check', 'life-other'], env);
    await dockerOk('volume', 'create', 'life-other-vol');
    const reset = await dojo([...course, 'reset', 'life-other'], env);
    expect(reset.exitCode).toBe(1);
    expect(reset.stdout).toContain('add --yes');
    expect((await docker('volume', 'inspect', 'life-other-vol')).exitCode).toBe(0);
    expect((await dojo([...course, 'reset', 'life-other', '--yes'], env)).exitCode).toBe(0);
    expect((await docker('volume', 'inspect', 'life-other-vol')).exitCode).not.toBe(0);
  });

  it('reset removes a tag made during the lab from an image that existed before, and only unnamed containers of the declared image', async () => {
    const env = tempHome();
    await dockerOk('pull', '-q', 'busybox:1.36');
    await removeQuietly('image', 'life-mine:1');
    await dojo([...course, 'check', 'life-tag'], env);
    await dockerOk('tag', 'busybox:1.36', 'life-mine:1');
    const unnamed = (await dockerOk('create', 'life-mine:1', 'true')).trim();
    const bystander = (await dockerOk('create', '--name', 'life-bystander', 'busybox:1.36', 'true')).trim();
    const reset = await dojo([...course, 'reset', 'life-tag', '--yes'], env);
    expect(reset.exitCode, reset.stdout + reset.stderr).toBe(0);
    expect((await docker('image', 'inspect', 'life-mine:1')).exitCode).not.toBe(0);
    expect((await docker('image', 'inspect', 'busybox:1.36')).exitCode).toBe(0);
    expect((await docker('container', 'inspect', unnamed)).exitCode).not.toBe(0);
    expect(JSON.parse(await dockerOk('container', 'inspect', bystander))[0].Id).toBe(bystander);
    await removeQuietly('container', 'life-bystander');
  });

  it('an image the lab removes but a container from before the lab uses: the lab says how to keep the container, and that way works', async () => {
    const env = tempHome();
    await removeQuietly('container', 'life-holder');
    await removeQuietly('image', 'life-drop:1');
    await removeQuietly('image', 'life-drop:1-mine');
    await dockerOk('pull', '-q', 'busybox:1.36');
    // An image of its own (not shared with other tags), so the holder is its only user.
    const build = await shell("printf 'FROM busybox:1.36\\nLABEL dojo.test=life-drop\\n' | docker build -q -t life-drop:1 -", process.cwd());
    expect(build.exitCode, build.stderr).toBe(0);
    const holder = (await dockerOk('create', '--name', 'life-holder', 'life-drop:1', 'true')).trim();

    const first = JSON.parse((await dojo([...course, 'check', 'life-drop', '--json'], env)).stdout);
    expect(first.passed).toBe(false);
    expect(first.notes).toEqual([expect.stringContaining('your container life-holder uses life-drop:1')]);
    expect(first.notes[0]).toContain('(docker tag life-drop:1 life-drop:1-mine)');
    expect((await docker('rmi', 'life-drop:1')).stderr).toContain('is using its referenced image');

    await dockerOk('tag', 'life-drop:1', 'life-drop:1-mine');
    await dockerOk('rmi', 'life-drop:1');
    expect((await dojo([...course, 'check', 'life-drop'], env)).exitCode).toBe(0);
    expect((await dojo([...course, 'reset', 'life-drop', '--yes'], env)).exitCode).toBe(0);
    expect(JSON.parse(await dockerOk('container', 'inspect', 'life-holder'))[0].Id).toBe(holder);
    expect((await docker('image', 'inspect', 'life-drop:1-mine')).exitCode).toBe(0);
    await removeQuietly('container', 'life-holder');
    await removeQuietly('image', 'life-drop:1-mine');
  });

  it('live quiz answers are read from the engine at answer time', async () => {
    const env = tempHome();
    const info = JSON.parse(await dockerOk('info', '--format', '{{json .}}'));
    const right = await dojo([...course, 'quiz', 'life-quiz', 'driver', info.Driver], env);
    expect(right.exitCode, right.stdout + right.stderr).toBe(0);
    const wrong = await dojo([...course, 'quiz', 'life-quiz', 'driver', 'not-a-driver'], env);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stdout).toContain(`the answer is ${info.Driver}`);

    await dockerOk('run', '-d', '--name', 'life-web', '-p', '18091:80', 'nginx:1.27-alpine');
    expect((await dojo([...course, 'quiz', 'life-quiz', 'port', '18091'], env)).exitCode).toBe(0);
    await removeQuietly('container', 'life-web');
    const gone = await dojo([...course, 'quiz', 'life-quiz', 'port', '18091'], env);
    expect(gone.exitCode).toBe(2);
    expect(gone.stderr).toContain('There is no container life-web on your engine yet.');
  });

  it('doctor finds the engine and reports its versions', async () => {
    const result = await dojo(['doctor', '--json']);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, server: { apiVersion: expect.stringMatching(/^\d+\.\d+$/) } });
  });
});
