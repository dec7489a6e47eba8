/**
 * A learner's own container in the lab's way, in the app at 80×24 against the real engine: the
 * note naming it stays on screen through every re-grade, reset offers to rename it out of the
 * way (after asking), the learner's container keeps its ID under the new name, and the lab then
 * passes with what the learner does.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppTest, probeAppTests, repo, type AppTest } from '../support/app-terminal.js';
import { dockerOk } from '../support/engine.js';
import type { Terminal } from '../support/terminal.js';

const course = path.join(repo, 'test/fixtures/e2e-course');
const CONTAINER = 'e2e-hello';
const RENAMED = 'e2e-hello-old';
const flat = (screen: string) => screen.replace(/\s+/g, ' ');

const { skip } = await probeAppTests();

describe.skipIf(skip !== undefined)(`a blocker in the app ${skip ?? ''}`, () => {
  let app: AppTest;
  let home: string;
  let workspace: string;
  let terminal: Terminal;

  beforeAll(async () => {
    app = await openAppTest('blocker', [CONTAINER, RENAMED]);
    ({ home, workspace, terminal } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('keeps the note through re-grades, renames the learner’s container only when asked, and then passes', async () => {
    const mine = (await dockerOk('create', '--name', CONTAINER, 'alpine:3.20', 'true')).trim();
    await terminal.keys(
      [
        `cd ${JSON.stringify(repo)}`,
        'clear',
        `env -u CI -u NO_COLOR DOCKER_DOJO_HOME=${JSON.stringify(home)} DOCKER_DOJO_WORKSPACE=${JSON.stringify(workspace)} node bin/docker-dojo.js --course ${JSON.stringify(course)} open ${CONTAINER}; echo "EXIT:$?"`,
      ].join('; '),
      'Enter',
    );
    const first = await terminal.shows([`Note: a container named "${CONTAINER}" already exists`, '◉ watching your engine'], 60_000);
    expect(flat(first)).toContain(`docker rename ${CONTAINER} ${RENAMED}`);

    // Other work on the engine re-grades the open lab; the note stays while the container blocks.
    for (let i = 0; i < 2; i++) await dockerOk('run', '--rm', 'alpine:3.20', 'true');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(flat(await terminal.shows('Checks 0/1 passing'))).toContain(`Note: a container named "${CONTAINER}" already exists`);

    await terminal.keys('r');
    expect(flat(await terminal.shows('Go ahead?'))).toContain(`kept: container ${CONTAINER} (it existed before the lab started)`);
    await terminal.keys('y');
    expect(flat(await terminal.shows('Do that?'))).toContain(`Reset can rename your container ${CONTAINER} to ${RENAMED}`);
    // Nothing happens to the learner's container before they say yes.
    expect((await dockerOk('inspect', '--format', '{{.Name}}', mine)).trim()).toBe(`/${CONTAINER}`);
    await terminal.keys('y');
    await terminal.shows('Reset done');
    expect((await dockerOk('inspect', '--format', '{{.Name}} {{.State.Status}}', mine)).trim()).toBe(`/${RENAMED} created`);

    await terminal.keys('Escape');
    await dockerOk('run', '--name', CONTAINER, 'alpine:3.20', 'true');
    const passed = await terminal.shows('Lab passed!');
    expect(passed).toContain(`✔ container "${CONTAINER}" exists`);

    await terminal.keys('C-c');
    await terminal.shows('EXIT:130');
  });
});
