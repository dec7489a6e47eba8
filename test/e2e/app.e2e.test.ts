/**
 * The interactive app end to end: the built binary in a real terminal (tmux, 80×24) against the
 * real engine. A learner opens a lab, creates the container from another terminal, and sees the
 * lab pass without pressing a key; then quits and finds the terminal and progress.json in order.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppTest, probeAppTests, repo, type AppTest } from '../support/app-terminal.js';
import { dockerOk } from '../support/engine.js';
import type { Terminal } from '../support/terminal.js';

const course = path.join(repo, 'test/fixtures/e2e-course');
const CONTAINER = 'e2e-hello';

const { connection, skip } = await probeAppTests();

describe.skipIf(skip !== undefined)(`the interactive app in a terminal ${skip ?? ''}`, () => {
  let app: AppTest;
  let home: string;
  let workspace: string;
  let terminal: Terminal;

  beforeAll(async () => {
    app = await openAppTest('e2e', [CONTAINER, 'e2e-long']);
    ({ home, workspace, terminal } = app);
  });

  afterAll(async () => {
    await app?.close();
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
    await terminal.keys(command, 'Enter');

    // Other work on the same engine may trigger re-checks meanwhile; the checklist stays failing.
    const failing = await terminal.shows([`✘ container "${CONTAINER}" exists`, '◉ watching your engine'], 60_000);
    expect(failing).toContain('Lab Create the e2e-hello container · 10 pts');
    expect(failing).toContain('found:    none');
    expect(failing.split('\n').length).toBeLessThanOrEqual(24);
    expect(await terminal.pane('#{alternate_on}')).toBe('1');

    // Another terminal: the learner does the task.
    await dockerOk('run', '--name', CONTAINER, 'alpine:3.20', 'true');

    const passed = await terminal.shows('Lab passed!');
    expect(passed).toContain(`✔ container "${CONTAINER}" exists`);
    expect(passed).toContain('Checks 1/1 passing');

    await terminal.keys('q');
    const map = await terminal.shows('1. Basics');
    expect(map).toMatch(/✔ lab {2}Create the e2e-hello container\s+10\/10 pts/);
    // A course loaded with --course is not docker-dojo's own, and the map says so.
    expect(map.replace(/\s+/g, ' ')).toContain('! This course comes from');

    await terminal.keys('C-c');
    await terminal.shows('EXIT:130');
    expect(await terminal.pane('#{alternate_on}')).toBe('0');
    expect(await terminal.pane('#{cursor_flag}')).toBe('1');
    await terminal.keys('stty -a | tr " " "\\n" | grep -x -e "-\\?icanon" -e "-\\?echo"; echo STTY-DONE', 'Enter');
    const stty = await terminal.shows(/^STTY-DONE$/m);
    expect(stty).toMatch(/^icanon$/m);
    expect(stty).toMatch(/^echo$/m);

    const progress = JSON.parse(await readFile(path.join(home, 'progress.json'), 'utf8'));
    expect(progress.labs[CONTAINER]).toMatchObject({ status: 'passed', score: 10, checksPassed: [0] });
  });

  it('at 80×24, a lab longer than the screen scrolls: the task says there is more, a wide diagram scrolls sideways, the solution is read to its last line', async () => {
    await terminal.keys('clear', 'Enter');
    const command = `env -u CI -u NO_COLOR DOCKER_DOJO_HOME=${JSON.stringify(home)} DOCKER_DOJO_WORKSPACE=${JSON.stringify(workspace)} node bin/docker-dojo.js --course ${JSON.stringify(course)} open e2e-long; echo "EXIT:$?"`;
    await terminal.keys(command, 'Enter');

    const first = await terminal.shows(['Lab A lab longer than the screen', '◉ watching your engine', /↓ \d+ more lines of the task/], 60_000);
    // The diagram is clipped, not wrapped: its left edge shows with a marker at the right.
    expect(first).toMatch(/left-edge ─+›/);
    expect(first).not.toContain('right-edge-of-the-diagram');
    for (let i = 0; i < 12; i++) await terminal.keys('Right');
    const panned = await terminal.shows('right-edge-of-the-diagram');
    expect(panned).toMatch(/‹─+ right-edge-of-the-diagram/);

    await terminal.keys('s');
    await terminal.shows('halves the points');
    await terminal.keys('y');
    // The solution scrolls into view when it is revealed, down to its last line.
    const solution = await terminal.shows(['Solution', 'echo the-last-line-of-the-solution']);
    expect(solution.split('\n').length).toBeLessThanOrEqual(24);
    expect(solution).toMatch(/▲ \d+ above/);

    // K scrolls back up to the checks; J comes back down to the last line.
    for (let i = 0; i < 20; i++) await terminal.keys('K');
    const top = await terminal.shows([/Checks 0\/2 passing/, /▼ \d+ more below/]);
    expect(top).not.toContain('the-last-line-of-the-solution');
    for (let i = 0; i < 30; i++) await terminal.keys('J');
    await terminal.shows('echo the-last-line-of-the-solution');

    await terminal.keys('?');
    const help = await terminal.shows('scroll the checks, hints and solution');
    expect(help).toContain('scroll wide code sideways');
    await terminal.keys('Escape');

    // m goes to the map in one key; q there asks first, since this lab is not passed.
    await terminal.keys('m');
    await terminal.shows('1. Basics');
    await terminal.keys('q');
    await terminal.shows(/Quit now\? y yes · n no — lab "A lab longer than the screen" is not passed yet/);
    await terminal.keys('y');
    await terminal.shows('EXIT:0');
  });
});
