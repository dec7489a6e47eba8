import { afterEach, describe, expect, it } from 'vitest';
import type { FakeData } from '../testing/fake-services.js';
import { FakeServices } from '../testing/fake-services.js';
import { courseSummary, engineMap, imageStacks, lessonDoc, longLesson } from '../testing/fixtures.js';
import { frameFits, renderApp, type Harness } from '../testing/harness.js';

let app: Harness | undefined;
afterEach(() => app?.unmount());

const openPicture = (id: string, data: FakeData = {}, options: { columns?: number; rows?: number } = {}) => {
  const services = new FakeServices({ summary: courseSummary(), ...data });
  app = renderApp(services, { stack: [{ kind: 'home' }, { kind: 'picture', id }], ...options });
  return { services, app };
};

describe('your engine, drawn', () => {
  it('draws the chain from the CLI down to the running containers with the versions the engine reports', async () => {
    const { app } = openPicture('engine', { engineMap: engineMap(2) });
    const frame = await app.waitFor('Your engine, drawn');
    const lines = frame.split('\n');
    const row = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(frame).toContain('│ docker CLI (client)');
    expect(frame).toContain('│ REST API over unix:///var/run/docker.sock');
    expect(frame).toContain('│ dockerd 27.3.1 (API 1.47) │');
    expect(frame).toContain('│ containerd 1.7.22');
    expect(frame).toContain('├─ containerd-shim-runc-v2 ─ runc 1.1.14 ─▶ web  nginx:1.27-alpine\n');
    expect(frame).toContain('└─ containerd-shim-runc-v2 ─ runc 1.1.14 ─▶ db  postgres:16');
    expect(frame).toContain('containers: 2 running, 3 stopped');
    expect(frame).toContain('images: 12 · storage driver: overlay2');
    expect(frame).toContain('cgroup driver: systemd');
    expect(frame).toContain('default runtime: runc');
    expect(frame).toContain('linux/amd64');
    // Top to bottom, in the order a docker run travels.
    expect(row('docker CLI')).toBeLessThan(row('REST API'));
    expect(row('REST API')).toBeLessThan(row('dockerd 27.3.1'));
    expect(row('dockerd 27.3.1')).toBeLessThan(row('containerd 1.7.22'));
    expect(row('containerd 1.7.22')).toBeLessThan(row('─▶ web'));
    expect(frameFits(frame)).toMatchObject({ ok: true });
  });

  it('draws at most six containers and counts the others, still within 80×24', async () => {
    const { app } = openPicture('engine', { engineMap: engineMap(9) });
    const frame = await app.waitFor('+3 more running');
    expect(frame.match(/─▶ /g)).toHaveLength(6);
    expect(frame).toContain('runc sets each container up, then exits; the shim stays as its parent.');
    expect(frame).not.toContain('▼ more');
    expect(frameFits(frame)).toMatchObject({ ok: true, height: 23 });
  });

  it('says so when nothing runs, and "unknown" for versions the engine does not report', async () => {
    const { app } = openPicture('engine', { engineMap: engineMap(0, { containerd: 'unknown', runc: 'unknown' }) });
    const frame = await app.waitFor('no running containers');
    expect(frame).toContain('│ containerd unknown');
  });

  it('fits a narrow terminal: notes move under the boxes and the picture scrolls', async () => {
    const { app } = openPicture('engine', { engineMap: engineMap(2) }, { columns: 50 });
    const frame = await app.waitFor('Your engine, drawn');
    expect(frameFits(frame, 50)).toMatchObject({ ok: true });
    expect(frame).toContain('    │ containers: 2 running, 3 stopped');
    expect(frame).toContain('▼ more');
    await app.press('G');
    const end = await app.waitFor('shim ─ runc 1.1.14 ─▶ web');
    // No room for the shim's full name on every branch: the legend gives it once.
    expect(end).toContain(' shim = containerd-shim-runc-v2; it stays');
    expect(frameFits(end, 50)).toMatchObject({ ok: true });
  });

  it('says what to do when the engine is not there, and draws it on r once it is back', async () => {
    const { services, app } = openPicture('engine', {});
    const frame = await app.waitFor('Could not draw your engine.');
    expect(frame).toContain('✘ The Docker engine is not running.');
    expect(frame).toContain('→ Start the Docker daemon, then try again.');
    services.data.engineMap = engineMap(1);
    await app.press('r');
    await app.waitFor('─▶ web');
    expect(services.calls.filter((c) => c === 'engine-map')).toHaveLength(2);
  });
});

describe('an image as a stack of layers', () => {
  it('draws two images side by side, newest layer on top, and marks the base they share', async () => {
    const { app } = openPicture('layers alpine:3.20 nginx:1.27-alpine', { images: imageStacks() });
    const frame = await app.waitFor('Layers of alpine:3.20 and nginx:1.27-alpine');
    const lines = frame.split('\n');
    const row = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(frame).toContain('alpine:3.20 · 1 layer · 7.8 MB');
    // Too long for its column on one line: the facts go below the name.
    expect(frame).toMatch(/nginx:1\.27-alpine\n.*\(no layer\) +4 layers · 48\.3 MB/);
    expect(frame).toContain('config: CMD ["/bin/sh"] (no layer)');
    expect(row('COPY 10-listen-on-ip')).toBeLessThan(row('COPY docker-entrypoi'));
    expect(row('COPY docker-entrypoi')).toBeLessThan(row('RUN set -x'));
    expect(row('RUN set -x')).toBeLessThan(row('◆ 1 ADD alpine-minirootfs'));
    // The shared base stands on the same line in both stacks, joined.
    const base = lines[row('◆ 1 ADD alpine-minirootfs')]!;
    expect(base.match(/◆ 1 ADD alpine-minirootfs/g)).toHaveLength(2);
    expect(base).toContain(' ══ ');
    expect(base).toContain('7.8 MB');
    expect(lines[row('RUN set -x')]).toContain('39.4 MB');
    expect(lines[row('COPY docker-entrypoi')]).toContain('1.62 kB');
    expect(frame).toContain('◆ 1 layer is the same in both images (7.8 MB): your engine stores and pulls');
    expect(frame).not.toContain('▼ more');
    expect(frameFits(frame)).toMatchObject({ ok: true });
  });

  it('stacks the two images one above the other when the terminal is narrow', async () => {
    const { app } = openPicture('layers alpine:3.20 nginx:1.27-alpine', { images: imageStacks() }, { columns: 60 });
    const frame = await app.waitFor('Layers of alpine:3.20');
    expect(frameFits(frame, 60)).toMatchObject({ ok: true });
    expect(frame).not.toContain(' ══ ');
    await app.press('G');
    const end = await app.waitFor('1 layer is the same in both images');
    expect(frameFits(end, 60)).toMatchObject({ ok: true });
  });

  it('says there is nothing in common when the images share no base', async () => {
    const images = imageStacks();
    const other = { ...images['nginx:1.27-alpine']!, ref: 'busybox:1.36' } as typeof images[string];
    if (other.present) other.layers = other.layers.map((l) => ({ ...l, diffId: l.diffId.replace('sha256:', 'sha256:f') }));
    const { app } = openPicture('layers alpine:3.20 busybox:1.36', { images: { ...images, 'busybox:1.36': other } });
    const frame = await app.waitFor('No layers in common');
    expect(frame).not.toContain('◆');
  });

  it('asks to build, not pull, an image that a lab of the course builds', async () => {
    const images = { ...imageStacks(), 'build-hello:1.0': { ref: 'build-hello:1.0', present: false as const, builtBy: { labId: 'build-hello', title: 'Build your first image' } } };
    const { app } = openPicture('layers build-hello:1.0', { images });
    const sentence = 'build-hello:1.0 is not on your engine. Build it first in the lab "Build your first image": docker-dojo open build-hello';
    const frame = await app.waitUntil('the sentence', (f) => f.replace(/\n /g, ' ').includes(sentence));
    expect(frame).not.toContain('docker pull');
  });

  it('asks to pull an image that is not on the engine, in one sentence', async () => {
    const { app } = openPicture('layers redis:7', { images: imageStacks() });
    const frame = await app.waitFor('redis:7 is not on your engine. Pull it first: docker pull redis:7');
    expect(frameFits(frame)).toMatchObject({ ok: true });
  });
});

describe('pictures in a lesson', () => {
  const lesson = (() => {
    const parts = longLesson(30).split('\n');
    const at = parts.indexOf('Paragraph 12 says something about containers.');
    parts.splice(at, 0, 'See your own engine:', '', '```dojo', 'picture engine', '```', '');
    return parts.join('\n');
  })();

  it('shows a picture block as one selectable line that opens the picture, and q returns to the same place', async () => {
    const services = new FakeServices({ summary: courseSummary(), lessons: { 'run-intro': lessonDoc(lesson) }, engineMap: engineMap(1) });
    app = renderApp(services, { stack: [{ kind: 'home' }, { kind: 'lesson', id: 'run-intro' }] });
    await app.waitFor('Paragraph 1 says');
    await app.press('pagedown');
    const reading = await app.waitFor('▷ Show your engine as a picture (Tab, then Enter)');
    expect(reading).not.toContain('│ picture engine');
    await app.press('tab');
    const selected = await app.waitFor('▶ Show your engine as a picture (Enter)');
    expect(selected).toContain('Enter show picture');
    await app.press('enter');
    await app.waitFor('Your engine, drawn');
    expect(app.ui.top()).toEqual({ kind: 'picture', id: 'engine' });
    await app.press('q');
    const back = await app.waitFor('▶ Show your engine as a picture (Enter)');
    expect(back.split('\n').slice(0, -2)).toEqual(selected.split('\n').slice(0, -2));
    expect(app.ui.top()).toEqual({ kind: 'lesson', id: 'run-intro' });
  });

  it('numbers commands among themselves, whatever pictures stand between them', async () => {
    const markdown = ['```dojo', 'picture layers alpine:3.20', '```', '', '```sh run', 'docker image ls', '```'].join('\n');
    const services = new FakeServices({ summary: courseSummary(), lessons: { 'run-intro': lessonDoc(markdown) }, images: imageStacks() });
    app = renderApp(services, { stack: [{ kind: 'home' }, { kind: 'lesson', id: 'run-intro' }] });
    const frame = await app.waitFor('▷ command 1: Tab selects it');
    expect(frame).toContain('▷ Show the layers of alpine:3.20 as a picture');
    await app.press('tab', 'enter');
    await app.waitFor('alpine:3.20 · 1 layer · 7.8 MB');
    await app.press('escape');
    await app.waitFor('▷ command 1: Tab selects it');
  });
});
