/**
 * An engine in memory for the learner's tests: containers the test adds or removes, nothing
 * else on it. Tests only; nothing at run time imports this.
 */
import type Dockerode from 'dockerode';
import type { EngineClient } from '../../engine/client.js';
import { EngineError } from '../../errors.js';

export interface FakeContainer {
  id: string;
  name: string;
  image: string;
  running: boolean;
}

export class FakeEngine {
  readonly containers: FakeContainer[] = [];
  /** Engine calls made, by method name, in order. */
  readonly calls: string[] = [];
  up = true;
  private made = 0;

  run(name: string, image = 'nginx:1.27-alpine'): void {
    this.containers.push({ id: `${name}-${this.made++}`, name, image, running: true });
  }

  remove(name: string): void {
    const i = this.containers.findIndex((c) => c.name === name);
    if (i >= 0) this.containers.splice(i, 1);
  }

  private answer<T>(method: string, value: () => T): Promise<T> {
    this.calls.push(method);
    if (!this.up) return Promise.reject(new EngineError('not-running', 'The Docker engine is not running.', 'Start the Docker daemon.'));
    return Promise.resolve(value());
  }

  readonly client = {
    ping: () => this.answer('ping', () => 'OK'),
    info: () => this.answer('info', () => ({ Swarm: { LocalNodeState: 'inactive' } })),
    version: () => this.answer('version', () => ({ Version: '26.1.5', ApiVersion: '1.45' })),
    listContainers: () =>
      this.answer('listContainers', () =>
        this.containers.map((c, i) => ({ Id: c.id, Names: [`/${c.name}`], Image: c.image, ImageID: `sha256:${c.image}`, State: c.running ? 'running' : 'exited', Created: i, Labels: {}, Ports: [] })),
      ),
    inspectContainer: (nameOrId: string) =>
      this.answer('inspectContainer', () => {
        const c = this.containers.find((x) => x.id === nameOrId || x.name === nameOrId);
        return c
          ? { Id: c.id, Name: `/${c.name}`, Image: `sha256:${c.image}`, Created: '2026-01-01T00:00:00Z', Config: { Image: c.image, Labels: {}, Env: [] }, State: { Status: c.running ? 'running' : 'exited', Running: c.running, ExitCode: 0 }, HostConfig: {}, NetworkSettings: { Networks: {} }, Mounts: [] }
          : undefined;
      }),
    listImages: () => this.answer('listImages', () => []),
    inspectImage: () => this.answer('inspectImage', () => undefined),
    listVolumes: () => this.answer('listVolumes', () => []),
    inspectVolume: () => this.answer('inspectVolume', () => undefined),
    listNetworks: () => this.answer('listNetworks', () => []),
    inspectNetwork: () => this.answer('inspectNetwork', () => undefined),
  } as unknown as EngineClient;

  /** The learner's engine source over this engine. */
  source = async (): Promise<EngineClient> => {
    if (!this.up) throw new EngineError('not-running', 'The Docker engine is not running.', 'Start the Docker daemon.');
    return this.client;
  };
}

export type { Dockerode };
