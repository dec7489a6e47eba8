/**
 * The two pictures' data, read by the real service methods from the real engine and compared with
 * what the docker CLI says about the same engine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DojoServices } from '../src/app/api.js';
import { sharedBase } from '../src/app/pictures.js';
import { createDojoServices } from '../src/app/services.js';
import { loadCourse } from '../src/course/load.js';
import { connectEngine } from '../src/engine/connect.js';
import { ProgressStore } from '../src/progress/store.js';
import { fixture } from './support/cli.js';
import { docker, dockerOk, probeEngine, removeQuietly } from './support/engine.js';

const { skipReason } = await probeEngine();

const WEB = 'dojo-pictures-web';
const BUILT = 'dojo-pictures-built:1';

const layersOf = async (image: string): Promise<string[]> => JSON.parse(await dockerOk('image', 'inspect', '--format', '{{json .RootFS.Layers}}', image));

describe.skipIf(Boolean(skipReason))(`the pictures, drawn from the real engine${skipReason ? ` (${skipReason})` : ''}`, () => {
  let services: DojoServices;

  beforeAll(async () => {
    await removeQuietly('container', WEB);
    for (const image of ['alpine:3.20', 'nginx:1.27-alpine']) {
      if ((await docker('image', 'inspect', image)).exitCode !== 0) await dockerOk('pull', '-q', image);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'dojo-pictures-'));
    const env = { ...process.env, DOCKER_DOJO_HOME: path.join(dir, 'home'), DOCKER_DOJO_WORKSPACE: path.join(dir, 'work') };
    services = createDojoServices({
      course: await loadCourse(fixture('life-course')),
      store: new ProgressStore({ env }),
      env,
      connect: () => connectEngine({ env }),
    });
  });

  afterAll(async () => {
    await services?.close();
    await removeQuietly('container', WEB);
    await removeQuietly('image', BUILT);
  });

  it('the engine map names the server version, API version, components and storage the engine reports, and its running containers', async () => {
    await dockerOk('run', '-d', '--name', WEB, 'nginx:1.27-alpine');
    const map = await services.engineMap();
    const cli = JSON.parse(await dockerOk('version', '--format', '{{json .Server}}')) as { Version: string; ApiVersion: string; Components?: Array<{ Name: string; Version: string }> };
    expect(map.server.version).toBe(cli.Version);
    expect(map.server.apiVersion).toBe(cli.ApiVersion);
    const component = (name: string) => cli.Components?.find((c) => c.Name === name)?.Version ?? 'unknown';
    expect(map.containerd).toBe(component('containerd'));
    expect(map.runc).toBe(component('runc'));
    expect(map.storageDriver).toBe((await dockerOk('info', '--format', '{{.Driver}}')).trim());
    expect(map.cgroupDriver).toBe((await dockerOk('info', '--format', '{{.CgroupDriver}}')).trim());
    expect(map.defaultRuntime).toBe((await dockerOk('info', '--format', '{{.DefaultRuntime}}')).trim());
    expect(map.endpoint).toMatch(/^(unix|tcp|ssh|npipe):\/\//);
    expect(map.running.find((c) => c.name === WEB)).toMatchObject({ image: 'nginx:1.27-alpine' });
    expect(map.containers.running).toBeGreaterThanOrEqual(1);
  });

  it('the layer stack of alpine:3.20 has exactly the layers docker image inspect reports, bottom first', async () => {
    const alpine = await layersOf('alpine:3.20');
    const nginx = await layersOf('nginx:1.27-alpine');
    const view = await services.imageLayers('alpine:3.20', 'nginx:1.27-alpine');
    if (!view.image.present || !view.compare?.present) throw new Error('both images should be there');
    expect(view.image.layers).toHaveLength(alpine.length);
    expect(view.image.layers.map((l) => l.diffId)).toEqual(alpine);
    expect(view.compare.layers.map((l) => l.diffId)).toEqual(nginx);
    expect(view.shared).toBe(sharedBase(alpine, nginx));
  });

  it('an image built FROM alpine:3.20 shares all of alpine’s layers, and its own layer names the step that made it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dojo-pictures-build-'));
    writeFileSync(path.join(dir, 'note.txt'), 'drawn\n');
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.20\nCOPY note.txt /note.txt\nCMD ["cat", "/note.txt"]\n');
    await dockerOk('build', '-q', '-t', BUILT, dir);

    const alpine = await layersOf('alpine:3.20');
    const view = await services.imageLayers(BUILT, 'alpine:3.20');
    if (!view.image.present) throw new Error(`${BUILT} should be there`);
    expect(view.image.layers).toHaveLength(alpine.length + 1);
    expect(view.shared).toBe(alpine.length);
    expect(view.image.layers.at(-1)?.createdBy).toMatch(/^COPY /);
    expect(view.image.cmd).toEqual(['cat', '/note.txt']);
  });

  it('an image that is not on the engine comes back as not present', async () => {
    const view = await services.imageLayers('dojo-no-such-image:0');
    expect(view.image).toEqual({ ref: 'dojo-no-such-image:0', present: false });
    expect(view.shared).toBe(0);
  });
});
