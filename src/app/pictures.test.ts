import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { ImageHistoryEntry } from '../engine/port.js';
import { buildEngineMap, buildImageStack, buildsImage, matchHistory, sharedBase, sharedLayers, shimFor, shortCreatedBy } from './pictures.js';

const step = (CreatedBy: string, Size: number, Comment = ''): ImageHistoryEntry => ({ Id: '<missing>', Created: 0, CreatedBy, Tags: null, Size, Comment });

/** `docker history` of a classic-builder image on alpine, newest first. */
const legacyHistory = [
  step('/bin/sh -c #(nop)  CMD ["cat" "/app/a.txt"]', 0),
  step('/bin/sh -c #(nop)  ENV X=1', 0),
  step('/bin/sh -c echo hi > /app/b.txt', 3),
  step('/bin/sh -c #(nop) COPY file:00ec16333078d287782d462baefc8bb9eb0231dc3aefba3ca3e2f7e5cf0cadda in /app/a.txt ', 6),
  step('/bin/sh -c #(nop) WORKDIR /app', 0),
  step('/bin/sh -c #(nop)  CMD ["/bin/sh"]', 0),
  step('/bin/sh -c #(nop) ADD file:5758b97d8301c84a204a6e516241275d785a7cb2ec4ae0a4f8a5bdbd3d1ad1b6 in / ', 7_800_000),
];

/** The same kind of image built with BuildKit. */
const buildkitHistory = [
  step('CMD ["sh" "/app/hello.sh"]', 0, 'buildkit.dockerfile.v0'),
  step('RUN |1 VERSION=2 /bin/sh -c apk add --no-cache curl # buildkit', 2_100_000, 'buildkit.dockerfile.v0'),
  step('COPY hello.sh /app/hello.sh # buildkit', 40, 'buildkit.dockerfile.v0'),
  step('ARG VERSION=2', 0, 'buildkit.dockerfile.v0'),
  step('CMD ["/bin/sh"]', 0, 'buildkit.dockerfile.v0'),
  step('ADD alpine-minirootfs-3.20.6-x86_64.tar.gz / # buildkit', 7_800_000, 'buildkit.dockerfile.v0'),
];

const inspect = (layers: string[]) =>
  ({ Id: 'sha256:abc', Size: 7_900_000, RootFS: { Type: 'layers', Layers: layers }, Config: { Cmd: ['sh', '/app/hello.sh'] } }) as unknown as Dockerode.ImageInspectInfo;

describe('the layers picture data', () => {
  it('counts as shared only a common base: the same layers in the same order from the bottom', () => {
    expect(sharedBase(['a', 'b', 'c'], ['a', 'b'])).toBe(2);
    expect(sharedBase(['a', 'b'], ['a', 'x', 'b'])).toBe(1);
    expect(sharedBase(['x', 'a'], ['a'])).toBe(0);
    expect(sharedBase([], ['a'])).toBe(0);
  });

  it('matches a classic build history to its layers: configuration steps add none, an empty WORKDIR does', () => {
    const matched = matchHistory(4, legacyHistory)!;
    expect(matched.map((h) => shortCreatedBy(h))).toEqual(['ADD file:5758b97d8301… in /', 'WORKDIR /app', 'COPY file:00ec16333078… in /app/a.txt', 'RUN echo hi > /app/b.txt']);
  });

  it('matches a BuildKit history, dropping the shell wrapping and the build arguments', () => {
    const matched = matchHistory(3, buildkitHistory)!;
    expect(matched.map((h) => shortCreatedBy(h))).toEqual(['ADD alpine-minirootfs-3.20.6-x86_64.tar.gz /', 'COPY hello.sh /app/hello.sh', 'RUN apk add --no-cache curl']);
  });

  it('falls back to the steps with a size, and gives up rather than guess', () => {
    expect(matchHistory(2, [step('/bin/sh -c #(nop) WORKDIR /x', 0), step('/bin/sh -c true', 5), step('', 100, 'Imported from -')])?.map((h) => h.Size)).toEqual([100, 5]);
    expect(matchHistory(7, legacyHistory)).toBeUndefined();
    expect(shortCreatedBy(step('', 100, 'Imported from -'))).toBe('(imported from a file)');
  });

  it('builds a stack bottom first with sizes and steps, and without them when the history does not fit', () => {
    const stack = buildImageStack('hello:1', inspect(['sha256:base', 'sha256:copy', 'sha256:run']), buildkitHistory);
    expect(stack).toMatchObject({ ref: 'hello:1', present: true, size: 7_900_000, cmd: ['sh', '/app/hello.sh'] });
    expect(stack.present && stack.layers).toEqual([
      { diffId: 'sha256:base', size: 7_800_000, createdBy: 'ADD alpine-minirootfs-3.20.6-x86_64.tar.gz /' },
      { diffId: 'sha256:copy', size: 40, createdBy: 'COPY hello.sh /app/hello.sh' },
      { diffId: 'sha256:run', size: 2_100_000, createdBy: 'RUN apk add --no-cache curl' },
    ]);
    const bare = buildImageStack('hello:1', inspect(['sha256:base']), buildkitHistory);
    expect(bare.present && bare.layers).toEqual([{ diffId: 'sha256:base' }]);
    expect(buildImageStack('gone:1', undefined, [])).toEqual({ ref: 'gone:1', present: false });
  });

  it('knows a lab solution line that builds an image, so the picture can say "build it" instead of "pull it"', () => {
    expect(buildsImage('docker build -t build-hello:1.0 .', 'build-hello:1.0')).toBe(true);
    expect(buildsImage('docker buildx build --tag build-hello:1.0 .', 'build-hello:1.0')).toBe(true);
    expect(buildsImage('docker build --tag=build-hello:1.0 .', 'build-hello:1.0')).toBe(true);
    expect(buildsImage('docker build -t build-hello:2.0 .', 'build-hello:1.0')).toBe(false);
    expect(buildsImage('docker run build-hello:1.0', 'build-hello:1.0')).toBe(false);
    expect(buildsImage('docker tag alpine:3.20 build-hello:1.0', 'build-hello:1.0')).toBe(false);
  });

  it('marks the alpine base of an image built on it as shared with alpine', () => {
    const alpine = buildImageStack('alpine:3.20', inspect(['sha256:base']), []);
    const hello = buildImageStack('hello:1', inspect(['sha256:base', 'sha256:copy']), []);
    expect(sharedLayers(hello, alpine)).toBe(1);
    expect(sharedLayers(hello, { ref: 'x', present: false })).toBe(0);
    expect(sharedLayers(hello, undefined)).toBe(0);
  });
});

describe('the engine picture data', () => {
  const version = {
    Version: '27.3.1',
    ApiVersion: '1.47',
    Os: 'linux',
    Arch: 'arm64',
    KernelVersion: '6.10.14-linuxkit',
    Components: [
      { Name: 'Engine', Version: '27.3.1' },
      { Name: 'containerd', Version: '1.7.21' },
      { Name: 'runc', Version: '1.1.13' },
      { Name: 'docker-init', Version: '0.19.0' },
    ],
  } as unknown as Dockerode.DockerVersion;
  const info = { Driver: 'overlayfs', CgroupDriver: 'cgroupfs', DefaultRuntime: 'runc', Runtimes: { runc: { path: 'runc' }, 'io.containerd.runc.v2': { path: 'runc' } }, ContainersRunning: 2, ContainersPaused: 0, ContainersStopped: 3, Images: 9, OperatingSystem: 'Docker Desktop' };
  const container = (name: string, state: string, created: number) => ({ Id: `${name}0123456789abcdef`, Names: [`/${name}`], Image: 'nginx:1.27-alpine', State: state, Status: state === 'running' ? 'Up 2 minutes' : 'Exited (0)', Created: created }) as unknown as Dockerode.ContainerInfo;

  it('names each program in the chain with the version the engine reports, and lists only running containers, newest first', () => {
    const map = buildEngineMap({ endpoint: 'unix:///var/run/docker.sock', version, info, containers: [container('old', 'running', 1), container('done', 'exited', 2), container('new', 'running', 3)] });
    expect(map).toMatchObject({
      endpoint: 'unix:///var/run/docker.sock',
      server: { version: '27.3.1', apiVersion: '1.47', os: 'linux', arch: 'arm64', kernel: '6.10.14-linuxkit', operatingSystem: 'Docker Desktop' },
      containerd: '1.7.21',
      runc: '1.1.13',
      dockerInit: '0.19.0',
      defaultRuntime: 'runc',
      shim: 'containerd-shim-runc-v2',
      runtimes: ['io.containerd.runc.v2', 'runc'],
      storageDriver: 'overlayfs',
      cgroupDriver: 'cgroupfs',
      containers: { running: 2, paused: 0, stopped: 3 },
      images: 9,
    });
    expect(map.running.map((c) => c.name)).toEqual(['new', 'old']);
    expect(map.running[0]).toEqual({ id: 'new012345678', name: 'new', image: 'nginx:1.27-alpine', status: 'Up 2 minutes' });
  });

  it('says "unknown" for what an engine does not report, instead of failing', () => {
    const map = buildEngineMap({ endpoint: 'ssh://me@box', version: { Version: '4.9.0', ApiVersion: '1.41' } as Dockerode.DockerVersion, info: {}, containers: [] });
    expect(map).toMatchObject({ containerd: 'unknown', runc: 'unknown', dockerInit: 'unknown', storageDriver: 'unknown', defaultRuntime: 'unknown', runtimes: [], images: 0 });
    expect(map.containers).toEqual({ running: 0, paused: 0, stopped: 0 });
  });

  it('names the shim containerd starts for a runtime', () => {
    expect(shimFor('runc')).toBe('containerd-shim-runc-v2');
    expect(shimFor('runsc', 'io.containerd.runsc.v1')).toBe('containerd-shim-runsc-v1');
    expect(shimFor('crun')).toBe('containerd-shim-runc-v2');
    expect(shimFor('kata', 'io.kata')).toBe('shim for kata');
  });
});
