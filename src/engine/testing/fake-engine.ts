/**
 * An engine in memory that answers the engine port: containers the test runs or removes, and
 * nothing else on it unless a test adds it. Tests only; nothing at run time imports this.
 */
import { EngineError } from '../../errors.js';
import type { Connection } from '../connect.js';
import type {
  ContainerDetails,
  ContainerProcess,
  ContainerSpec,
  ContainerSummary,
  EngineClient,
  EngineInfo,
  EngineVersion,
  ExecResult,
  ImageDetails,
  ImageHistoryEntry,
  ImageLayerContent,
  ImageSummary,
  NetworkDetails,
  PullProgress,
  RawEvent,
  ServiceDetails,
  SwarmObject,
  TaskDetails,
  VolumeDetails,
} from '../port.js';

export interface FakeContainer {
  id: string;
  name: string;
  image: string;
  running: boolean;
  labels: Record<string, string>;
  /** Other names it is listed under: link aliases such as "/client/web". */
  aliases?: string[];
  /** Names of the volumes it mounts. */
  volumes?: string[];
}

/** A service, secret or config in the fake swarm. */
export interface FakeSwarmObject {
  id: string;
  name: string;
  labels?: Record<string, string>;
}

export class FakeEngine implements EngineClient {
  readonly containers: FakeContainer[] = [];
  readonly images = new Map<string, ImageDetails>();
  /** Engine calls made, by method name, in order. */
  readonly calls: string[] = [];
  readonly volumes: Array<{ Name: string; Labels: Record<string, string> }> = [];
  readonly networks: NetworkDetails[] = [];
  /** Swarm mode, with what it holds. */
  swarm = false;
  readonly services: FakeSwarmObject[] = [];
  readonly secrets: FakeSwarmObject[] = [];
  readonly configs: FakeSwarmObject[] = [];
  /** False: every call fails the way a stopped daemon does. */
  up = true;
  private made = 0;

  run(name: string, image = 'nginx:1.27-alpine', labels: Record<string, string> = {}): FakeContainer {
    const container = { id: `${name}-${this.made++}`, name, image, running: true, labels };
    this.containers.push(container);
    return container;
  }

  /** Turns swarm mode on, with its ingress network. */
  initSwarm(): void {
    this.swarm = true;
    this.networks.push({ Id: 'ingress-id', Name: 'ingress', Driver: 'overlay', Created: '2026-01-01T00:00:00Z', Scope: 'swarm', Ingress: true, Labels: {} });
  }

  remove(name: string): void {
    const i = this.containers.findIndex((c) => c.name === name || c.id === name);
    if (i >= 0) this.containers.splice(i, 1);
  }

  /** A connection to this engine, as finding one on a unix socket gives it. */
  connection(host = 'unix:///var/run/docker.sock'): Connection {
    const endpoint = { host, source: 'socket' as const, reason: 'the default socket' };
    return { client: this, found: { endpoint, tried: [{ endpoint }] } };
  }

  /** The engine source the learner's use cases take. */
  source = async (): Promise<EngineClient> => {
    if (!this.up) throw stopped();
    return this;
  };

  private answer<T>(method: string, value: () => T): Promise<T> {
    this.calls.push(method);
    if (!this.up) return Promise.reject(stopped());
    return Promise.resolve(value());
  }

  ping(): Promise<unknown> {
    return this.answer('ping', () => 'OK');
  }
  version(): Promise<EngineVersion> {
    return this.answer('version', () => ({ Version: '26.1.5', ApiVersion: '1.45' }));
  }
  info(): Promise<EngineInfo> {
    return this.answer('info', () => ({ Swarm: { LocalNodeState: this.swarm ? 'active' : 'inactive', ControlAvailable: this.swarm }, ContainersRunning: this.containers.filter((c) => c.running).length }));
  }

  listContainers(): Promise<ContainerSummary[]> {
    return this.answer('listContainers', () =>
      this.containers.map((c, i) => ({
        Id: c.id,
        Names: [...(c.aliases ?? []), `/${c.name}`],
        Image: c.image,
        ImageID: `sha256:${c.image}`,
        State: c.running ? 'running' : 'exited',
        Status: c.running ? 'Up' : 'Exited (0)',
        Created: i,
        Labels: c.labels,
        Mounts: (c.volumes ?? []).map((Name) => ({ Type: 'volume', Name })),
      })),
    );
  }
  inspectContainer(nameOrId: string): Promise<ContainerDetails | undefined> {
    return this.answer('inspectContainer', () => {
      const c = this.containers.find((x) => x.id === nameOrId || x.name === nameOrId);
      if (!c) return undefined;
      return {
        Id: c.id,
        Name: `/${c.name}`,
        Image: `sha256:${c.image}`,
        Created: '2026-01-01T00:00:00Z',
        Config: { Image: c.image, Labels: c.labels, Env: [] },
        State: { Status: c.running ? 'running' : 'exited', Running: c.running, ExitCode: 0 },
      };
    });
  }
  listImages(): Promise<ImageSummary[]> {
    return this.answer('listImages', () => [...this.images.entries()].map(([ref, image]) => ({ Id: image.Id, RepoTags: [ref] })));
  }
  inspectImage(ref: string): Promise<ImageDetails | undefined> {
    return this.answer('inspectImage', () => this.images.get(ref));
  }
  imageHistory(ref: string): Promise<ImageHistoryEntry[] | undefined> {
    return this.answer('imageHistory', () => (this.images.has(ref) ? [] : undefined));
  }
  imageLayerContents(ref: string): Promise<ImageLayerContent[] | undefined> {
    return this.answer('imageLayerContents', () => (this.images.has(ref) ? [] : undefined));
  }
  listVolumes(): Promise<VolumeDetails[]> {
    return this.answer('listVolumes', () => [...this.volumes]);
  }
  inspectVolume(name: string): Promise<VolumeDetails | undefined> {
    return this.answer('inspectVolume', () => this.volumes.find((v) => v.Name === name));
  }
  listNetworks(): Promise<NetworkDetails[]> {
    return this.answer('listNetworks', () => [...this.networks]);
  }
  inspectNetwork(name: string): Promise<NetworkDetails | undefined> {
    return this.answer('inspectNetwork', () => this.networks.find((n) => n.Name === name));
  }
  listServices(): Promise<ServiceDetails[]> {
    return this.answer('listServices', () => this.services.map((s) => ({ ID: s.id, Spec: { Name: s.name, Labels: s.labels ?? {} } })));
  }
  listSecrets(): Promise<SwarmObject[]> {
    return this.answer('listSecrets', () => this.secrets.map((s) => ({ ID: s.id, Spec: { Name: s.name, Labels: s.labels ?? {} } })));
  }
  listConfigs(): Promise<SwarmObject[]> {
    return this.answer('listConfigs', () => this.configs.map((s) => ({ ID: s.id, Spec: { Name: s.name, Labels: s.labels ?? {} } })));
  }
  inspectService(): Promise<ServiceDetails | undefined> {
    return this.answer('inspectService', () => undefined);
  }
  listTasks(): Promise<TaskDetails[] | undefined> {
    return this.answer('listTasks', () => []);
  }
  events(): Promise<RawEvent[]> {
    return this.answer('events', () => []);
  }
  streamEvents(_onEvent: (event: RawEvent) => void, signal: AbortSignal): Promise<void> {
    this.calls.push('streamEvents');
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  containerLogs(name: string): Promise<string | undefined> {
    return this.answer('containerLogs', () => (this.containers.some((c) => c.name === name) ? '' : undefined));
  }
  containerProcesses(name: string): Promise<ContainerProcess[] | undefined> {
    return this.answer('containerProcesses', () => (this.containers.some((c) => c.name === name) ? [] : undefined));
  }
  exec(): Promise<ExecResult> {
    return this.answer('exec', () => ({ exitCode: 0, stdout: '', stderr: '' }));
  }
  readFile(): Promise<{ exists: boolean; content?: string }> {
    return this.answer('readFile', () => ({ exists: false }));
  }
  pull(ref: string, onProgress?: (p: PullProgress) => void): Promise<void> {
    return this.answer('pull', () => {
      onProgress?.({ status: `Status: Downloaded newer image for ${ref}` });
      this.images.set(ref, { Id: `sha256:${ref}`, RepoTags: [ref], Created: '2026-01-01T00:00:00Z', Size: 0 });
    });
  }
  createContainer(spec: ContainerSpec): Promise<{ id: string }> {
    return this.answer('createContainer', () => {
      const c = this.run(spec.name, spec.Image, spec.Labels);
      c.running = false;
      return { id: c.id };
    });
  }
  startContainer(id: string): Promise<void> {
    return this.answer('startContainer', () => {
      const c = this.containers.find((x) => x.id === id);
      if (c) c.running = true;
    });
  }
  renameContainer(id: string, name: string): Promise<void> {
    return this.answer('renameContainer', () => {
      const c = this.containers.find((x) => x.id === id);
      if (c) c.name = name;
    });
  }
  stopContainer(id: string): Promise<void> {
    return this.answer('stopContainer', () => {
      const c = this.containers.find((x) => x.id === id);
      if (c) c.running = false;
    });
  }
  removeContainer(id: string): Promise<void> {
    return this.answer('removeContainer', () => this.remove(id));
  }
  removeImage(ref: string): Promise<void> {
    return this.answer('removeImage', () => void this.images.delete(ref));
  }
  tagImage(id: string, ref: string): Promise<void> {
    return this.answer('tagImage', () => {
      const image = [...this.images.values()].find((i) => i.Id === id);
      if (image) this.images.set(ref, { ...image, RepoTags: [ref] });
    });
  }
  createVolume(): Promise<void> {
    return this.answer('createVolume', () => undefined);
  }
  removeVolume(name: string): Promise<void> {
    return this.answer('removeVolume', () => void this.volumes.splice(this.volumes.findIndex((v) => v.Name === name) >>> 0, 1));
  }
  createNetwork(): Promise<void> {
    return this.answer('createNetwork', () => undefined);
  }
  removeNetwork(id: string): Promise<void> {
    return this.answer('removeNetwork', () => {
      const at = this.networks.findIndex((n) => n.Id === id);
      if (at >= 0) this.networks.splice(at, 1);
    });
  }
  removeService(id: string): Promise<void> {
    return this.answer('removeService', () => void this.services.splice(this.services.findIndex((s) => s.id === id) >>> 0, 1));
  }
  leaveSwarm(): Promise<void> {
    return this.answer('leaveSwarm', () => {
      this.swarm = false;
      this.services.length = this.secrets.length = this.configs.length = 0;
    });
  }
}

const stopped = () => new EngineError('not-running', 'The Docker engine is not running.', 'Start the Docker daemon.');
