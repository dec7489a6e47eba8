import { afterEach, describe, expect, it } from 'vitest';
import type { LabGradeView, LayerPull, PullView, Verdict } from '../../app/api.js';
import { FakeServices } from '../testing/fake-services.js';
import { courseSummary, failing, labDoc, passing } from '../testing/fixtures.js';
import { frameFits, renderApp, type Harness } from '../testing/harness.js';

let app: Harness | undefined;
afterEach(() => app?.unmount());

const grade = (verdicts: Verdict[], extra: Partial<LabGradeView> = {}): LabGradeView => ({
  verdicts,
  passed: verdicts.every((v) => v.ok),
  points: 10,
  score: verdicts.every((v) => v.ok) ? 10 : 0,
  attempts: 1,
  everPassed: verdicts.every((v) => v.ok),
  fresh: false,
  conflicts: [],
  copiedFiles: [],
  checkedAt: 0,
  ...extra,
});

const webMissing = failing('container "web" is running', 'a running container "web"', 'none', 'Start one with: docker run -d --name web …');
const portMissing = failing('port 80/tcp of "web" is published on 8080', 'host port 8080', 'not published');

function openLab(doc = labDoc()) {
  const services = new FakeServices({ summary: courseSummary(), labs: { web: doc } });
  services.allHints.web = ['Use docker run -d.', 'Publish with -p 8080:80.'];
  services.solutions.web = ['docker run -d --name web -p 8080:80 nginx:1.27-alpine'];
  app = renderApp(services, { stack: [{ kind: 'home' }, { kind: 'lab', id: 'web' }] });
  return { services, app };
}

describe('the lab view', () => {
  it('shows the task, the failing checks with expected and found, and that it is watching the engine', async () => {
    const { services, app } = openLab();
    await app.waitFor('Start a container named');
    expect(app.frame()).toContain('Starting the lab');
    await app.waitUntil('the watch', () => services.watching('web'));
    services.emitWatch('web', { phase: 'idle', grade: grade([webMissing, portMissing], { fresh: true }) });
    const frame = await app.waitFor('Checks 0/2 passing');
    expect(frame).toContain('Lab Run a web server · 10 pts');
    expect(frame).toContain('◉ watching your engine');
    expect(frame).toContain('✘ container "web" is running');
    expect(frame).toContain('expected: a running container "web"');
    expect(frame).toContain('found:    none');
    expect(frame).toContain('try:      Start one with: docker run -d --name web …');
    expect(frame).toContain('Lab started: only what you do from now on counts.');
    expect(frameFits(frame)).toMatchObject({ ok: true });
  });

  it('turns passed by itself when the engine changes, with a celebration and the next item', async () => {
    const { services, app } = openLab();
    await app.waitUntil('the watch', () => services.watching('web'));
    services.emitWatch('web', { phase: 'idle', grade: grade([webMissing]) });
    await app.waitFor('✘ container "web" is running');
    services.emitWatch('web', { phase: 'checking', grade: grade([webMissing]) });
    await app.waitFor('passing · 1 attempt · checking…');
    expect(app.frame()).toContain('◉ watching your engine');
    services.emitWatch('web', { phase: 'idle', grade: grade([passing('container "web" is running')], { attempts: 2 }) });
    const frame = await app.waitFor('Lab passed!');
    expect(frame).toContain('✔ container "web" is running');
    expect(frame).toContain('Score 10/10.');
    await app.waitFor('Enter next: Tag an image (lab)');
    await app.press('enter');
    await app.waitUntil('the next lab', () => app.ui.top().kind === 'lab' && (app.ui.top() as { id: string }).id === 'tag-it');
    expect(app.ui.get().stack).toHaveLength(2);
  });

  it('shows when the engine is lost and when it is back', async () => {
    const { services, app } = openLab();
    await app.waitUntil('the watch', () => services.watching('web'));
    services.emitWatch('web', { phase: 'idle', grade: grade([webMissing]) });
    await app.waitFor('◉ watching your engine');
    services.emitWatch('web', { phase: 'idle', grade: grade([webMissing]), engine: { state: 'lost', line: 'gone', attempt: 1, retryInMs: 500 } });
    await app.waitFor('○ engine lost · retrying');
    services.emitWatch('web', { phase: 'idle', grade: grade([webMissing]), engine: { state: 'connected', line: 'back' } });
    await app.waitFor('◉ watching your engine');
  });

  it('reveals hints one at a time with h', async () => {
    const { services, app } = openLab();
    await app.waitFor('Start a container named');
    await app.press('h');
    await app.waitFor('Hint 1/2: Use docker run -d.');
    await app.press('h');
    await app.waitFor('Hint 2/2: Publish with -p 8080:80.');
    await app.press('h');
    await app.waitFor('No more hints. To see the solution: press s.');
    expect(services.calls.filter((c) => c === 'hint web')).toHaveLength(2);
  });

  it('shows the solution only after confirming that it halves the points', async () => {
    const { services, app } = openLab();
    await app.waitFor('Start a container named');
    await app.press('s');
    await app.waitFor('Seeing the solution halves the points for this lab.');
    await app.press('n');
    await app.waitUntil('the question gone', (f) => !f.includes('halves the points'));
    expect(services.calls).not.toContain('solution web');
    await app.press('s');
    await app.waitFor('Show it?');
    await app.press('y');
    await app.waitFor('$ docker run -d --name web -p 8080:80 nginx:1.27-alpine');
    expect(services.calls).toContain('solution web');
  });

  it('lists what reset removes and resets only after confirmation', async () => {
    const services = new FakeServices({
      summary: courseSummary(),
      labs: { web: labDoc() },
      resetPlan: { labId: 'web', items: [{ kind: 'container', name: 'web', why: 'created during this lab' }], kept: ['volume data'] },
    });
    app = renderApp(services, { stack: [{ kind: 'home' }, { kind: 'lab', id: 'web' }] });
    await app.waitFor('Start a container named');
    await app.press('r');
    const plan = await app.waitFor('Reset will remove 1 object:');
    expect(plan).toContain('- container web (created during this lab)');
    expect(plan).toContain('kept: volume data (it existed before the lab started)');
    expect(services.calls).not.toContain('reset web');
    await app.press('y');
    await app.waitFor('Reset done: 1 object removed');
    expect(services.calls).toContain('reset web');
    await app.press('escape');
    await app.waitUntil('the message gone', (f) => !f.includes('Reset done'));
  });

  it('c checks again; q goes back and stops watching', async () => {
    const { services, app } = openLab();
    await app.waitFor('Start a container named');
    await app.press('c');
    await app.waitUntil('a check', () => services.calls.includes('check web'));
    await app.press('q');
    await app.waitFor('Continue');
    expect(services.calls).toContain('unwatch web');
  });

  it('shows a problem the learner can fix in one sentence', async () => {
    const { services, app } = openLab();
    await app.waitUntil('the watch', () => services.watching('web'));
    services.emitWatch('web', { phase: 'idle', problem: { message: 'The Docker engine is not running.', tryThis: 'Start the Docker daemon, then try again.' } });
    const frame = await app.waitFor('✘ The Docker engine is not running.');
    expect(frame).toContain('→ Start the Docker daemon, then try again.');
  });

  it('keeps within 80×24 even with many failing checks', async () => {
    const { services, app } = openLab();
    await app.waitUntil('the watch', () => services.watching('web'));
    const many = Array.from({ length: 14 }, (_, i) => failing(`check number ${i + 1} with a rather long title that wraps around`, 'something', 'nothing at all'));
    services.emitWatch('web', { phase: 'idle', grade: grade(many) });
    const frame = await app.waitFor('Checks 0/14 passing');
    expect(frameFits(frame)).toMatchObject({ ok: true, height: 23 });
    expect(frame).toMatch(/▼ \d+ more below · J \(Shift-↓\) scrolls/);
    expect(frame).toContain('Start a container named');
    expect(frame).not.toContain('check number 14 ');
    for (let i = 0; i < 30; i++) await app.press('J');
    const end = await app.waitFor('check number 14 ');
    expect(frameFits(end)).toMatchObject({ ok: true, height: 23 });
    expect(end).toMatch(/▲ \d+ above · K \(Shift-↑\) scrolls/);
  });

  it('shows one progress bar per layer while the lab set-up pulls an image, then the checklist', async () => {
    const { services, app } = openLab();
    await app.waitUntil('the watch', () => services.watching('web'));
    const layer = (id: string, status: string, extra: Partial<LayerPull> = {}): LayerPull => ({ id, status, done: false, existed: false, ...extra });
    const pull = (layers: LayerPull[]): PullView => ({ image: 'nginx:1.27-alpine', layers });
    services.emitWatch('web', {
      phase: 'starting',
      activity: 'pulling nginx:1.27-alpine',
      pull: pull([
        layer('f18232174bc9', 'Already exists', { done: true, existed: true }),
        layer('61ca4f733c80', 'Downloading', { current: 3_000_000, total: 4_000_000 }),
        layer('b464cfdf2a63', 'Waiting'),
      ]),
    });
    const frame = await app.waitFor('pulling nginx:1.27-alpine · 1 of 3 layers ready');
    expect(frame).toMatch(/f18232174bc9 Already exists +◆ already on your engine/);
    expect(frame).toMatch(/61ca4f733c80 Downloading +\[█+░+\] 75% 3 MB\/4 MB/);
    expect(frame).toMatch(/b464cfdf2a63 Waiting/);
    expect(frameFits(frame)).toMatchObject({ ok: true });

    services.emitWatch('web', {
      phase: 'starting',
      activity: 'pulling nginx:1.27-alpine',
      pull: pull([
        layer('f18232174bc9', 'Already exists', { done: true, existed: true }),
        layer('61ca4f733c80', 'Pull complete', { done: true, current: 4_000_000, total: 4_000_000 }),
        layer('b464cfdf2a63', 'Extracting', { current: 500, total: 2_000 }),
      ]),
    });
    const later = await app.waitFor('2 of 3 layers ready');
    expect(later).toMatch(/61ca4f733c80 Pull complete +\[█+\] 100%/);
    expect(later).toMatch(/b464cfdf2a63 Extracting +\[█+░+\] 25% 500 B\/2 kB/);

    services.emitWatch('web', { phase: 'idle', grade: grade([webMissing], { fresh: true }) });
    const graded = await app.waitFor('Checks 0/1 passing');
    expect(graded).not.toContain('61ca4f733c80');
  });

  it('folds finished layers into one line when an image has more layers than there is room for', async () => {
    const { services, app } = openLab();
    await app.waitUntil('the watch', () => services.watching('web'));
    const layers: LayerPull[] = Array.from({ length: 14 }, (_, i) => ({ id: `layer${String(i).padStart(7, '0')}`, status: i < 6 ? 'Pull complete' : 'Waiting', done: i < 6, existed: false }));
    services.emitWatch('web', { phase: 'starting', pull: { image: 'big:1', layers } });
    const frame = await app.waitFor('6 of 14 layers ready');
    expect(frame).toContain('✔ 6 layers done');
    expect(frame).toContain('… 2 more layers');
    expect(frame).not.toContain('layer0000000');
    expect(frameFits(frame)).toMatchObject({ ok: true });
  });
});
