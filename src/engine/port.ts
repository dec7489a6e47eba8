/**
 * The engine as the rest of docker-dojo sees it: the calls it makes and the fields it reads, in
 * the Docker Engine API's own names. The dockerode implementation (client.ts) is one way to
 * answer them; tests answer them with fakes. Every field the API may leave out is optional here.
 */

export interface EngineVersion {
  Version: string;
  ApiVersion: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
  Components?: Array<{ Name?: string; Version?: string }>;
}

export interface EngineInfo {
  ServerVersion?: string;
  KernelVersion?: string;
  OperatingSystem?: string;
  OSType?: string;
  Architecture?: string;
  NCPU?: number;
  Driver?: string;
  /** [key, value] pairs; the containerd image store says ["driver-type", "io.containerd.snapshotter.v1"]. */
  DriverStatus?: Array<[string, string]> | null;
  CgroupDriver?: string;
  DefaultRuntime?: string;
  Runtimes?: Record<string, { path?: string; runtimeType?: string }>;
  SecurityOptions?: string[];
  Containers?: number;
  ContainersRunning?: number;
  ContainersPaused?: number;
  ContainersStopped?: number;
  Images?: number;
  Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean };
}

export interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

/** A container as GET /containers/json lists it. */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  State: string;
  Status: string;
  Created: number;
  Labels?: Record<string, string>;
  Ports?: Array<{ IP?: string; PrivatePort?: number; PublicPort?: number; Type?: string }>;
  Mounts?: Array<{ Type?: string; Name?: string; Destination?: string }>;
}

/** A container as GET /containers/{id}/json describes it. */
export interface ContainerDetails {
  Id: string;
  Name: string;
  /** The image ID. */
  Image: string;
  Created: string;
  /** The main process: its program and arguments. */
  Path?: string;
  Args?: string[];
  Config?: {
    Image?: string;
    Tty?: boolean;
    OpenStdin?: boolean;
    Env?: string[];
    Labels?: Record<string, string>;
    /** The healthcheck it was created with (its own, or the image's HEALTHCHECK); Test ["NONE"] turns one off. */
    Healthcheck?: { Test?: string[] | null } | null;
    /** --user as given at run time ("" when the image's USER applies). */
    User?: string;
  };
  State?: {
    Status?: string;
    Running?: boolean;
    ExitCode?: number;
    Pid?: number;
    StartedAt?: string;
    FinishedAt?: string;
    OOMKilled?: boolean;
    /** Present while a healthcheck is configured: "starting", "healthy" or "unhealthy". */
    Health?: { Status?: string; FailingStreak?: number; Log?: Array<{ ExitCode?: number; Output?: string }> | null } | null;
  };
  /** How often the engine restarted it under its restart policy. */
  RestartCount?: number;
  HostConfig?: {
    PortBindings?: Record<string, PortBinding[] | null>;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
    /** Bytes; 0 is no limit. */
    Memory?: number;
    MemoryReservation?: number;
    /** --cpus, in billionths of a CPU; 0 is no limit. */
    NanoCpus?: number;
    CpuQuota?: number;
    CpuPeriod?: number;
    CpuShares?: number;
    /** 0, -1 or null: no limit. */
    PidsLimit?: number | null;
    ReadonlyRootfs?: boolean;
    CapAdd?: string[] | null;
    CapDrop?: string[] | null;
    /** --tmpfs mounts: destination → options. */
    Tmpfs?: Record<string, string> | null;
  };
  NetworkSettings?: {
    Ports?: Record<string, PortBinding[] | null>;
    Networks?: Record<string, { IPAddress?: string }>;
  };
  Mounts?: Array<{ Type?: string; Name?: string; Source?: string; Destination: string; RW?: boolean }>;
}

export interface ImageSummary {
  Id: string;
  RepoTags?: string[] | null;
  /** Seconds since the epoch. */
  Created?: number;
}

export interface ImageDetails {
  Id: string;
  RepoTags?: string[];
  RepoDigests?: string[];
  Created: string;
  Size: number;
  RootFS?: { Type?: string; Layers?: string[] };
  Config?: {
    Cmd?: string[] | null;
    Entrypoint?: string[] | string | null;
    Env?: string[];
    Labels?: Record<string, string> | null;
    ExposedPorts?: Record<string, object>;
    WorkingDir?: string;
    /** USER: the user (and group) its containers run as unless docker run says otherwise. */
    User?: string;
  };
}

/** One entry of an image layer's archive, its path without a leading "./" or "/" ("app/notes.txt"). */
export interface LayerEntry {
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other';
}

/**
 * One filesystem layer of an image as `docker save` stores it, bottom layer first. A file deleted
 * by this layer is stored as a whiteout entry, ".wh.NAME" beside it.
 */
export interface ImageLayerContent {
  entries: LayerEntry[];
  /** Text of the asked-for paths that this layer stores, cut at the size asked for. */
  contents: Record<string, string>;
}

/** One step of an image's history (GET /images/{name}/history), newest first. */
export interface ImageHistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

export interface VolumeDetails {
  Name: string;
  Driver?: string;
  CreatedAt?: string;
  Labels?: Record<string, string> | null;
}

export interface NetworkDetails {
  Id: string;
  Name: string;
  Driver: string;
  Created: string;
  /** "local", or "swarm" for a network the whole swarm shares. */
  Scope?: string;
  /** True for swarm's routing-mesh network. */
  Ingress?: boolean;
  Labels?: Record<string, string> | null;
  Containers?: Record<string, { Name: string }>;
}

export interface ServiceDetails {
  ID: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    TaskTemplate?: { ContainerSpec?: { Image?: string } };
    Mode?: { Replicated?: { Replicas?: number } };
    UpdateConfig?: { Parallelism?: number; Delay?: number };
    EndpointSpec?: { Ports?: Array<{ TargetPort?: number; PublishedPort?: number; Protocol?: string; PublishMode?: string }> };
  };
}

/** A swarm secret or config as listed (never its data). */
export interface SwarmObject {
  ID: string;
  Spec?: { Name?: string; Labels?: Record<string, string> };
}

export interface TaskDetails {
  DesiredState?: string;
  Status?: { State?: string };
  Spec?: { ContainerSpec?: { Image?: string } };
  /** Replicated services number their tasks by slot; a global service's task is known by its node. */
  Slot?: number;
  NodeID?: string;
  CreatedAt?: string;
}

export interface RawEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> };
  time: number;
  timeNano?: number;
}

export interface PullProgress {
  id?: string;
  status: string;
  current?: number;
  total?: number;
  /**
   * The containerd image store sends progressDetail {"hidecounts": true} with a layer's last word
   * ("Download complete", "Already exists"): there is no extraction step per layer after it.
   */
  hideCounts?: boolean;
}

/** One process of a running container, as GET /containers/{id}/top lists it. */
export interface ContainerProcess {
  pid: number;
  /** The user ID it runs as, on the host (the same number inside without user namespaces). */
  uid: number;
  command: string;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What a lab's setup creates: a named container from an image, with labels and published ports. */
export interface ContainerSpec {
  name: string;
  Image: string;
  Cmd?: string[];
  Labels: Record<string, string>;
  ExposedPorts: Record<string, object>;
  HostConfig: { PortBindings: Record<string, PortBinding[]> };
}

/**
 * The engine calls docker-dojo makes. Each has a deadline; a failure is an EngineError that says
 * what was being done. `inspect…` calls answer undefined for something that does not exist.
 */
export interface EngineClient {
  ping(timeoutMs?: number): Promise<unknown>;
  version(): Promise<EngineVersion>;
  info(): Promise<EngineInfo>;

  listContainers(): Promise<ContainerSummary[]>;
  inspectContainer(nameOrId: string): Promise<ContainerDetails | undefined>;
  listImages(): Promise<ImageSummary[]>;
  inspectImage(ref: string): Promise<ImageDetails | undefined>;
  imageHistory(ref: string): Promise<ImageHistoryEntry[] | undefined>;
  /** The files each layer of an image stores (from `docker save`), with the text of the paths in `read`. */
  imageLayerContents(ref: string, read: readonly string[]): Promise<ImageLayerContent[] | undefined>;
  listVolumes(): Promise<VolumeDetails[]>;
  inspectVolume(name: string): Promise<VolumeDetails | undefined>;
  listNetworks(): Promise<NetworkDetails[]>;
  inspectNetwork(name: string): Promise<NetworkDetails | undefined>;
  listServices(): Promise<ServiceDetails[]>;
  /** One service in full, with the engine's defaults filled in (its update settings included). */
  inspectService(nameOrId: string): Promise<ServiceDetails | undefined>;
  /** The tasks of one service (by ID or name); undefined when there is no such service (any more). */
  listTasks(service: string): Promise<TaskDetails[] | undefined>;
  listSecrets(): Promise<SwarmObject[]>;
  listConfigs(): Promise<SwarmObject[]>;

  /** Events between two times (the engine's "seconds.nanoseconds"), read to the end. */
  events(since: string, until: string): Promise<RawEvent[]>;
  /** Follows the live event stream until the signal aborts. */
  streamEvents(onEvent: (event: RawEvent) => void, signal: AbortSignal): Promise<void>;
  containerLogs(name: string, tail?: number): Promise<string | undefined>;
  /** The processes of a running container; undefined when there is no such container, [] when it is not running. */
  containerProcesses(name: string): Promise<ContainerProcess[] | undefined>;
  exec(container: string, cmd: string[], timeoutMs?: number): Promise<ExecResult>;
  /** `modified`: the file's last change as the engine states it (RFC 3339, nanoseconds). */
  readFile(container: string, filePath: string, maxBytes?: number): Promise<{ exists: boolean; content?: string; modified?: string }>;

  pull(ref: string, onProgress?: (p: PullProgress) => void, timeoutMs?: number): Promise<void>;
  createContainer(spec: ContainerSpec): Promise<{ id: string }>;
  startContainer(id: string): Promise<void>;
  renameContainer(id: string, name: string): Promise<void>;
  /** Stops a container; one already stopped is left as it is. */
  stopContainer(id: string): Promise<void>;
  removeContainer(id: string): Promise<void>;
  removeImage(ref: string): Promise<void>;
  /** Gives an image (by ID) the reference `ref` ("name:tag"), moving the tag if another image has it. */
  tagImage(id: string, ref: string): Promise<void>;
  createVolume(name: string, labels: Record<string, string>): Promise<void>;
  removeVolume(name: string): Promise<void>;
  createNetwork(name: string, labels: Record<string, string>): Promise<void>;
  removeNetwork(id: string): Promise<void>;
  removeService(id: string): Promise<void>;
  leaveSwarm(): Promise<void>;
}
