/**
 * The terminal hand-over, as a learner meets it in lesson 51 of the shipped course at 80×24:
 * the app steps aside for `docker run -it`, the learner types in the container's shell and
 * leaves with `exit`; then `docker attach` to a background shell, left with Ctrl-P Ctrl-Q, which
 * the app reports as a detach (the container goes on running), not as a failure.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppTest, probeAppTests, repo, type AppTest } from '../support/app-terminal.js';
import { dockerOk } from '../support/engine.js';
import type { Terminal } from '../support/terminal.js';

const LESSON = 'containers-interactive';
const SHELL = 'demo-shell';

const { skip } = await probeAppTests();

describe.skipIf(skip !== undefined)(`the terminal handed over from a lesson ${skip ?? ''}`, () => {
  let app: AppTest;
  let home: string;
  let terminal: Terminal;

  beforeAll(async () => {
    app = await openAppTest('handover', [SHELL]);
    ({ home, terminal } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Tab to the lesson's next command, run it (Enter, then y where the app asks first). */
  async function runNextCommand(command: string): Promise<void> {
    await terminal.keys('Tab');
    await terminal.shows(['Enter runs it', `┃ ${command}`]);
    await terminal.keys('Enter');
    const asked = await terminal.shows(/Enter\/y run|\$ docker/);
    if (asked.includes('Enter/y run')) await terminal.keys('y');
  }

  it('gives the terminal to docker run -it and docker attach, and reads Ctrl-P Ctrl-Q as a detach', async () => {
    await terminal.keys(
      [`cd ${JSON.stringify(repo)}`, 'clear', `env -u CI -u NO_COLOR DOCKER_DOJO_HOME=${JSON.stringify(home)} node bin/docker-dojo.js open ${LESSON}; echo "EXIT:$?"`].join('; '),
      'Enter',
    );
    await terminal.shows(['Interactive containers, -it and detaching', 'Tab selects it'], 30_000);

    await runNextCommand('docker run -it alpine:3.20 sh');
    await terminal.shows('/ #', 30_000);
    await terminal.keys('cat /etc/alpine-release', 'Enter');
    await terminal.shows(/\n3\.20\.\d+/);
    await terminal.keys('exit', 'Enter');
    await terminal.shows('[exit code 0] Press Enter to go back to docker-dojo.');
    await terminal.keys('Enter');
    expect(await terminal.shows('✔ exit code 0 (ran in your terminal)')).toContain('$ docker run -it alpine:3.20 sh');
    await terminal.keys('Escape');

    await runNextCommand(`docker run -dit --name ${SHELL} alpine:3.20 sh`);
    await terminal.shows('✔ exit code 0 · Esc closes', 30_000);
    await terminal.keys('Escape');

    await runNextCommand(`docker attach ${SHELL}`);
    await terminal.shows(`$ docker attach ${SHELL}`);
    await terminal.keys('Enter');
    await terminal.keys('echo inside-$((6*7))', 'Enter');
    await terminal.shows('inside-42');
    await terminal.keys('C-p');
    await terminal.keys('C-q');
    await terminal.shows('[detached: the container goes on running] Press Enter to go back to docker-dojo.');
    await terminal.keys('Enter');
    const back = await terminal.shows('⏏ detached: the container goes on running');
    expect(back).not.toContain('exit code 1');
    expect((await dockerOk('inspect', '--format', '{{.State.Status}}', SHELL)).trim()).toBe('running');

    await terminal.keys('C-c');
    await terminal.shows('EXIT:130');
  });
});
