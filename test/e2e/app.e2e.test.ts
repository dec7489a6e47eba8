/**
 * The interactive app end to end: the built binary in a real terminal (tmux, 80×24) against the
 * real engine. A learner opens a lab, creates the container from another terminal, and sees the
 * lab pass without pressing a key; then quits and finds the terminal and progress.json in order.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, dockerOk, probeEngine, removeQuietly, waitFor } from '../support/engine.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const course = path.join(repo, 'test/fixtures/e2e-course');
const socket = `dojo-e2e-${process.pid}`;
const session = 'app';
const CONTAINER = 'e2e-hello';

const tmux = (...args: string[]) => execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], { reject: false, stdin: 'ignore' });
const screen = async () => (await tmux('capture-pane', '-p', '-t', session)).stdout;
const pane = async (format: string) => (await tmux('display-message', '-p', '-t', session, format)).stdout.trim();
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);
/** Polls the visible pane until it shows all the texts (no fixed sleeps). */
const screenShows = (text: string | RegExp | Array<string | RegExp>, timeoutMs = 20_000) =>
  waitFor(
    `the pane to show ${String(text)}`,
    async () => {
      const s = await screen();
      const all = Array.isArray(text) ? text : [text];
      return all.every((t) => (typeof t === 'string' ? s.includes(t) : t.test(s))) ? s : undefined;
    },
    timeoutMs,
    100,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}\n--- pane ---\n${await screen()}`);
  });

const tmuxVersion = await execa('tmux', ['-V'], { reject: false }).catch(() => undefined);
const { connection, skipReason } = await probeEngine();
const skip = skipReason ?? (tmuxVersion?.exitCode === 0 ? undefined : 'skipped, tmux is not installed (apt-get install tmux)');

describe.skipIf(skip !== undefined)(`the interactive app in a terminal ${skip ?? ''}`, () => {
  let home: string;
  let workspace: string;

  beforeAll(async () => {
    if (!existsSync(path.join(repo, 'dist/cli.js'))) await execa('node', ['scripts/build.mjs'], { cwd: repo });
    if ((await docker('image', 'inspect', 'alpine:3.20')).exitCode !== 0) await dockerOk('pull', 'alpine:3.20');
    await removeQuietly('container', CONTAINER);
    home = await mkdtemp(path.join(os.tmpdir(), 'dojo-e2e-home-'));
    workspace = await mkdtemp(path.join(os.tmpdir(), 'dojo-e2e-ws-'));
    const started = await tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', 'bash --norc --noprofile');
    if (started.exitCode !== 0) throw new Error(`tmux did not start: ${started.stderr}`);
  });

  afterAll(async () => {
    await removeQuietly('container', CONTAINER);
    const socketPath = (await tmux('display-message', '-p', '#{socket_path}')).stdout.trim();
    await tmux('kill-session', '-t', session);
    await tmux('kill-server');
    // tmux leaves its socket file behind; this one is ours alone (named after this process).
    if (socketPath.endsWith(socket)) await rm(socketPath, { force: true });
    if (home) await rm(home, { recursive: true, force: true });
    if (workspace) await rm(workspace, { recursive: true, force: true });
    await connection?.client.ping().catch(() => undefined);
  });

  it('opens a lab, turns it passed when the engine changes (no key pressed), and quits cleanly', async () => {
    // CI=true would make the app plain (and Ink print only its last frame): a learner's terminal has no CI.
    const command = [
      `cd ${JSON.stringify(repo)}`,
      `export PS1='$ '`,
      'clear',
      `env -u CI -u NO_COLOR DOCKER_DOJO_HOME=${JSON.stringify(home)} DOCKER_DOJO_WORKSPACE=${JSON.stringify(workspace)} node bin/docker-dojo.js --course ${JSON.stringify(course)} open ${CONTAINER}; echo "EXIT:$?"`,
    ].join('; ');
    await keys(command, 'Enter');

    // Other work on the same engine may trigger re-checks meanwhile; the checklist stays failing.
    const failing = await screenShows([`✘ container "${CONTAINER}" exists`, '◉ watching your engine'], 60_000);
    expect(failing).toContain('Lab Create the e2e-hello container · 10 pts');
    expect(failing).toContain('found:    none');
    expect(failing.split('\n').length).toBeLessThanOrEqual(24);
    expect(await pane('#{alternate_on}')).toBe('1');

    // Another terminal: the learner does the task.
    await dockerOk('run', '--name', CONTAINER, 'alpine:3.20', 'true');

    const passed = await screenShows('Lab passed!');
    expect(passed).toContain(`✔ container "${CONTAINER}" exists`);
    expect(passed).toContain('Checks 1/1 passing');

    await keys('q');
    const map = await screenShows('1. Basics');
    expect(map).toMatch(/✔ lab {2}Create the e2e-hello container\s+10\/10 pts/);

    await keys('C-c');
    await screenShows('EXIT:130');
    expect(await pane('#{alternate_on}')).toBe('0');
    expect(await pane('#{cursor_flag}')).toBe('1');
    await keys('stty -a | tr " " "\\n" | grep -x -e "-\\?icanon" -e "-\\?echo"; echo STTY-DONE', 'Enter');
    const stty = await screenShows(/^STTY-DONE$/m);
    expect(stty).toMatch(/^icanon$/m);
    expect(stty).toMatch(/^echo$/m);

    const progress = JSON.parse(await readFile(path.join(home, 'progress.json'), 'utf8'));
    expect(progress.labs[CONTAINER]).toMatchObject({ status: 'passed', score: 10, checksPassed: [0] });
  });
});
