import { describe, expect, it } from 'vitest';
import { FakeEngine } from './testing/fake-engine.js';
import { readOnce } from './read-once.js';

describe('one look at the engine shared by many graders', () => {
  it('asks the engine once for each read, however many callers ask, and at once', async () => {
    const engine = new FakeEngine();
    engine.run('web');
    const shared = readOnce(engine);
    const [a, b] = await Promise.all([shared.listContainers(), shared.listContainers()]);
    await shared.listContainers();
    expect(a).toBe(b);
    await shared.inspectContainer('web');
    await shared.inspectContainer('web');
    await shared.inspectContainer('db');
    expect(engine.calls.filter((c) => c === 'listContainers')).toHaveLength(1);
    expect(engine.calls.filter((c) => c === 'inspectContainer')).toHaveLength(2);
  });

  it('forgets what it read once something changes the engine', async () => {
    const engine = new FakeEngine();
    const shared = readOnce(engine);
    expect(await shared.listContainers()).toHaveLength(0);
    const { id } = await shared.createContainer({ name: 'web', Image: 'nginx:1.27-alpine', Labels: {}, ExposedPorts: {}, HostConfig: { PortBindings: {} } });
    expect((await shared.listContainers()).map((c) => c.Id)).toEqual([id]);
    expect(engine.calls.filter((c) => c === 'listContainers')).toHaveLength(2);
  });

  it('runs every exec: a command run is not a read', async () => {
    const engine = new FakeEngine();
    engine.run('web');
    const shared = readOnce(engine);
    await shared.exec('web', ['true']);
    await shared.exec('web', ['true']);
    expect(engine.calls.filter((c) => c === 'exec')).toHaveLength(2);
  });

  it('a failed read fails the same way for every caller', async () => {
    const engine = new FakeEngine();
    const shared = readOnce(engine);
    engine.up = false;
    await expect(shared.listVolumes()).rejects.toThrow();
    engine.up = true;
    await expect(shared.listVolumes()).rejects.toThrow();
    expect(engine.calls.filter((c) => c === 'listVolumes')).toHaveLength(1);
  });
});
