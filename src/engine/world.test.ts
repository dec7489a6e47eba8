import { describe, expect, it } from 'vitest';
import { builderOf, composeOf, imageStoreOf } from './world.js';

describe('which world the learner is in', () => {
  it('names the image store from info: the containerd snapshotter, or a classic storage driver', () => {
    expect(imageStoreOf({ Driver: 'overlayfs', DriverStatus: [['driver-type', 'io.containerd.snapshotter.v1']] })).toBe('containerd');
    expect(imageStoreOf({ Driver: 'overlay2', DriverStatus: [['Backing Filesystem', 'extfs'], ['Supports d_type', 'true']] })).toBe('classic');
    expect(imageStoreOf({ Driver: 'overlay2', DriverStatus: null })).toBe('classic');
  });

  it('names the builder as the docker CLI chooses it: DOCKER_BUILDKIT, then the buildx plugin', () => {
    const plugin = '/home/ana/.docker/cli-plugins/docker-buildx';
    const none = { home: '/home/ana', platform: 'linux' as const, exists: () => false, readText: () => undefined };
    expect(builderOf({ ...none, env: {} })).toEqual({ builder: 'legacy', why: 'no buildx plugin found' });
    expect(builderOf({ ...none, env: {}, exists: (f) => f === plugin })).toEqual({ builder: 'BuildKit', why: `buildx plugin at ${plugin}` });
    expect(builderOf({ ...none, env: { DOCKER_BUILDKIT: '0' }, exists: (f) => f === plugin }).builder).toBe('legacy');
    expect(builderOf({ ...none, env: { DOCKER_BUILDKIT: '1' } }).builder).toBe('BuildKit');
    expect(builderOf({ ...none, env: { DOCKER_CONFIG: '/cfg' }, exists: (f) => f === '/cfg/cli-plugins/docker-buildx' }).builder).toBe('BuildKit');
    expect(builderOf({ ...none, env: {}, exists: (f) => f === '/usr/libexec/docker/cli-plugins/docker-buildx' }).builder).toBe('BuildKit');
  });
});

describe('whether Docker Compose is installed', () => {
  const bare = { platform: 'linux' as const, home: '/home/ada', readText: () => undefined };
  it('finds the plugin where the CLI looks for plugins, the config folder first', () => {
    const plugin = '/home/ada/.docker/cli-plugins/docker-compose';
    expect(composeOf({ ...bare, env: {}, exists: (f) => f === plugin })).toEqual({ found: true, how: `docker compose (plugin at ${plugin})` });
    expect(composeOf({ ...bare, env: {}, exists: (f) => f === '/usr/libexec/docker/cli-plugins/docker-compose' }).found).toBe(true);
  });

  it('a standalone docker-compose alone is found, and named as such', () => {
    const found = composeOf({ ...bare, env: { PATH: '/usr/bin:/bin' }, exists: (f) => f === '/usr/bin/docker-compose' });
    expect(found).toMatchObject({ found: true, how: expect.stringContaining('only the standalone docker-compose (/usr/bin/docker-compose)') });
  });

  it('none says what to install', () => {
    const missing = composeOf({ ...bare, env: { PATH: '/usr/bin' }, exists: () => false });
    expect(missing).toMatchObject({ found: false, fix: expect.stringContaining('docker-compose-plugin') });
  });
});
