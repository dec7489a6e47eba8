/**
 * The engine goes away while a learner has a lab open in watch mode, then comes back: the app
 * says it lost the engine, keeps running, reconnects by itself and grades correctly afterwards.
 * This stops and starts the real dockerd, so it runs only where that is allowed
 * (DOJO_ENGINE_RESTART=1, set by the CI on its own engine kit).
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, dockerOk, probeEngine, removeQuietly, waitFor } from '../support/engine.js';
import { openTerminal, tmuxAvailable, type Terminal } from '../support/terminal.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const course = path.join(repo, 'test/fixtures/e2e-course');
const CONTAINER = 'e2e-hello';

const { skipReason } = await probeEngine();
const skip =
  skipReason ??
  (process.env.DOJO_ENGINE_RESTART !== '1'
    ? 'skipped: it stops and starts dockerd; set DOJO_ENGINE_RESTART=1 where that is allowed (the CI does)'
    : (await tmuxAvailable())
      ? undefined
      : 'skipped, tmux is not installed (apt-get install tmux)');

const engineAnswers = async () => (await docker('version', '--format', '{{.Server.Version}}')).exitCode === 0;
// An engine in a namespace of its own (scripts/engine-ns.sh) names its dockerd and how to restart it.
const startEngine = () =>
  process.env.DOJO_KIT_UP
    ? execa('bash', ['-c', process.env.DOJO_KIT_UP], { reject: false, stdin: 'ignore' })
    : execa('bash', [path.join(repo, 'scripts/engine-up.sh')], { reject: false, stdin: 'ignore', env: { DOJO_KIT_CLEAN_LOCAL: '0' } });
async function dockerdPid() {
  const file = process.env.DOJO_DOCKERD_PIDFILE;
  if (file) return existsSync(file) ? (await readFile(file, 'utf8')).trim() : '';
  return (await execa('pgrep', ['-x', '-o', 'dockerd'], { reject: false })).stdout.trim();
}

describe.skipIf(skip !== undefined)(`the app when the engine stops and starts again ${skip ?? ''}`, () => {
  let home: string;
  let terminal: Terminal;
  let runningBefore: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(repo, 'dist/cli.js'))) await execa('node', ['scripts/build.mjs'], { cwd: repo });
    if ((await docker('image', 'inspect', 'alpine:3.20')).exitCode !== 0) await dockerOk('pull', 'alpine:3.20');
    await removeQuietly('container', CONTAINER);
    runningBefore = (await dockerOk('ps', '-q', '--no-trunc')).split('\n').filter(Boolean);
    home = await mkdtemp(path.join(os.tmpdir(), 'dojo-restart-home-'));
    terminal = await openTerminal('restart');
  });

  afterAll(async () => {
    // Whatever happened above, leave the engine as it was found: up, with the same containers running.
    if (!(await engineAnswers())) await startEngine();
    for (const id of runningBefore) await docker('start', id);
    await removeQuietly('container', CONTAINER);
    await terminal?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('shows the engine lost, keeps running, reconnects by itself and then grades the lab', async () => {
    const command = [
      `cd ${JSON.stringify(repo)}`,
      `export PS1='$ '`,
      'clear',
      `env -u CI -u NO_COLOR DOCKER_DOJO_HOME=${JSON.stringify(home)} node bin/docker-dojo.js --course ${JSON.stringify(course)} open ${CONTAINER}; echo "EXIT:$?"`,
    ].join('; ');
    await terminal.keys(command, 'Enter');
    await terminal.shows([`✘ container "${CONTAINER}" exists`, '◉ watching your engine'], 60_000);

    const dockerd = await dockerdPid();
    expect(dockerd, 'no dockerd process to stop').toMatch(/^\d+$/);
    await execa('kill', ['-TERM', dockerd]);
    await waitFor('dockerd to stop', async () => !(await engineAnswers()), 60_000, 200);

    const lost = await terminal.shows(/engine lost|reconnecting/, 60_000);
    expect(lost).toContain('Lab Create the e2e-hello container');
    expect(lost).not.toContain('EXIT:');

    const started = await startEngine();
    expect(started.exitCode, started.stderr || started.stdout).toBe(0);
    for (const id of runningBefore) await docker('start', id);

    const back = await terminal.shows(['◉ watching your engine', '● Docker'], 90_000);
    expect(back).toContain(`✘ container "${CONTAINER}" exists`);

    await dockerOk('run', '--name', CONTAINER, 'alpine:3.20', 'true');
    const passed = await terminal.shows('Lab passed!', 30_000);
    expect(passed).toContain(`✔ container "${CONTAINER}" exists`);

    await terminal.keys('C-c');
    await terminal.shows('EXIT:130');
    const progress = JSON.parse(await readFile(path.join(home, 'progress.json'), 'utf8'));
    expect(progress.labs[CONTAINER]).toMatchObject({ status: 'passed' });
  });
});
