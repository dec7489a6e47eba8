/**
 * A pull the tutor makes (a lab's setup) cut short — by the network going away or by Ctrl-C —
 * leaves the learner's progress consistent, and the next attempt works. The network is taken
 * away by stopping the offline kit's registry mirror, so this runs only where the kit may be
 * disturbed (DOJO_ENGINE_RESTART=1, set by the CI).
 */
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dojo, fixture, tempHome } from './support/cli.js';
import { docker, dockerOk, probeEngine, removeQuietly, waitFor } from './support/engine.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const course = ['--course', fixture('life-course')];
const IMAGE = 'busybox:latest';
const KIT_DIR = process.env.DOJO_KIT_DIR ?? '/var/lib/docker-dojo-kit';
// An engine in a namespace of its own (scripts/engine-ns.sh) names its own mirror and how to restart it.
const mirrorPidFile = process.env.DOJO_MIRROR_PIDFILE ?? path.join(KIT_DIR, 'registry.pid');

const { skipReason } = await probeEngine();
const skip =
  skipReason ??
  (process.env.DOJO_ENGINE_RESTART !== '1'
    ? 'skipped: it stops the offline kit’s registry mirror; set DOJO_ENGINE_RESTART=1 where that is allowed (the CI does)'
    : existsSync(mirrorPidFile)
      ? undefined
      : `skipped: no offline kit mirror (${mirrorPidFile})`);

const mirrorAnswers = async () => (await execa('curl', ['-fsS', '-m', '2', '-o', '/dev/null', 'http://127.0.0.1:5000/v2/'], { reject: false })).exitCode === 0;
const startKit = () =>
  process.env.DOJO_KIT_UP
    ? execa('bash', ['-c', process.env.DOJO_KIT_UP], { reject: false, stdin: 'ignore' })
    : execa('bash', [path.join(repo, 'scripts/engine-up.sh')], { reject: false, stdin: 'ignore', env: { DOJO_KIT_CLEAN_LOCAL: '0' } });

/** The progress file is absent or whole, and a started lab always has its baseline. */
function progressIsConsistent(home: string) {
  const file = path.join(home, 'progress.json');
  if (!existsSync(file)) return;
  const progress = JSON.parse(readFileSync(file, 'utf8'));
  const lab = progress.labs?.['life-pull'];
  if (lab && lab.status !== 'not-started') expect(lab.baseline, 'a started lab without its baseline').toBeDefined();
}

describe.skipIf(skip !== undefined)(`a pull cut short ${skip ?? ''}`, () => {
  let imageBefore = false;

  beforeAll(async () => {
    imageBefore = (await docker('image', 'inspect', IMAGE)).exitCode === 0;
    await removeQuietly('container', 'life-pull-box');
  });

  afterAll(async () => {
    if (!(await mirrorAnswers())) await startKit();
    await removeQuietly('container', 'life-pull-box');
    if (imageBefore && (await docker('image', 'inspect', IMAGE)).exitCode !== 0) await docker('pull', '-q', IMAGE);
  });

  /** Untags the image so the lab's setup must pull it; refuses to touch an image a container uses. */
  async function withoutImage() {
    if ((await docker('image', 'inspect', IMAGE)).exitCode !== 0) return;
    const removed = await docker('image', 'rm', IMAGE);
    expect(removed.exitCode, `could not remove ${IMAGE} for the test: ${removed.stderr}`).toBe(0);
  }

  it('with the registry gone, the lab does not start, says why, and starts once the registry is back', async () => {
    const env = tempHome();
    await withoutImage();
    const pid = readFileSync(mirrorPidFile, 'utf8').trim();
    await execa('kill', ['-TERM', pid], { reject: false });
    await waitFor('the mirror to stop', async () => !(await mirrorAnswers()), 30_000, 200);

    const cut = await dojo([...course, 'check', 'life-pull'], env);
    expect(cut.exitCode, cut.stdout + cut.stderr).toBe(2);
    expect(cut.stderr).toContain(`The engine could not reach the registry while pulling ${IMAGE}`);
    expect(cut.stderr).toContain('network connection');
    expect(cut.stderr).not.toMatch(/\n\s+at /); // no stack trace
    progressIsConsistent(env.DOCKER_DOJO_HOME);

    const kit = await startKit();
    expect(kit.exitCode, kit.stderr || kit.stdout).toBe(0);
    const again = await dojo([...course, 'check', 'life-pull', '--json'], env);
    expect(again.exitCode, again.stderr).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ passed: false, progress: { status: 'in-progress' } });
    expect((await docker('image', 'inspect', IMAGE)).exitCode).toBe(0);
    progressIsConsistent(env.DOCKER_DOJO_HOME);
  });

  it('Ctrl-C at any moment of the pull leaves progress consistent, and the next attempt works', async () => {
    let env = tempHome();
    for (const afterMs of [30, 80, 150, 250, 400, 700]) {
      env = tempHome();
      await withoutImage();
      const child = execa('node', [path.join(repo, 'bin/docker-dojo.js'), ...course, 'check', 'life-pull'], { env: { ...process.env, ...env }, reject: false, stdin: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      child.kill('SIGINT');
      const interrupted = await child;
      progressIsConsistent(env.DOCKER_DOJO_HOME);
      const next = await dojo([...course, 'check', 'life-pull', '--json'], env);
      const what = `Ctrl-C after ${afterMs} ms (exit ${interrupted.exitCode ?? interrupted.signal}), then check`;
      expect(next.exitCode, `${what}: ${next.stderr}`).toBe(1);
      expect(JSON.parse(next.stdout).progress.status, what).toBe('in-progress');
      expect((await docker('image', 'inspect', IMAGE)).exitCode, `${what}: ${IMAGE} is not there`).toBe(0);
      progressIsConsistent(env.DOCKER_DOJO_HOME);
    }

    await dockerOk('create', '--name', 'life-pull-box', IMAGE);
    expect((await dojo([...course, 'check', 'life-pull'], env)).exitCode).toBe(0);
    expect((await dojo([...course, 'reset', 'life-pull', '--yes'], env)).exitCode).toBe(0);
    expect((await docker('container', 'inspect', 'life-pull-box')).exitCode).not.toBe(0);
  });
});
