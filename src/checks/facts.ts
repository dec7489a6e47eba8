/**
 * What the engine adapter reports and the checks judge: small plain objects, no dockerode types,
 * so checks stay pure and tests can write facts by hand.
 */

export interface ImageFact {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  created: string;
  layers: string[];
  cmd: string[] | null;
  entrypoint: string[] | null;
  env: string[];
  labels: Record<string, string>;
  exposedPorts: string[];
  /** WORKDIR: where relative paths in its command start ("" or absent: /). */
  workingDir?: string;
  /** USER ("" or absent: root). */
  user?: string;
}

/** One filesystem layer of an image, bottom first: its entries' paths ("app/notes.txt") and kinds. */
export interface LayerFact {
  entries: Array<{ path: string; type: 'file' | 'directory' | 'symlink' | 'link' | 'other' }>;
  /** Text of the files a check asked for, by layer path. */
  contents: Record<string, string>;
}

/** A file in the lab's workspace on the learner's machine. */
export interface WorkspaceFileFact {
  exists: boolean;
  content?: string;
  error?: string;
}

export interface MountFact {
  type: string;
  /** Volume name for volumes. */
  name?: string;
  source: string;
  destination: string;
  /** Mounted read-only (-v …:ro, --mount …,readonly). */
  readOnly?: boolean;
}

export interface ContainerFact {
  id: string;
  name: string;
  /** The image as the container was created with ("alpine:3.20"). */
  image: string;
  imageId: string;
  state: string;
  running: boolean;
  exitCode: number;
  created: string;
  /** When its process last started and stopped (absent, or "0001-…", if never). */
  startedAt?: string;
  finishedAt?: string;
  tty: boolean;
  openStdin: boolean;
  env: string[];
  restartPolicy: string;
  /** on-failure:N's N (0: no limit). */
  restartMaxRetries?: number;
  /** Restarts the engine made under the policy. */
  restartCount?: number;
  /** Limits from HostConfig; 0 means none. */
  resources?: ResourcesFact;
  /** Absent when the container has no healthcheck. */
  health?: HealthFact;
  /** The kernel's out-of-memory killer ended its last run. */
  oomKilled?: boolean;
  /** "80/tcp" → host ports published for it. */
  ports: Record<string, number[]>;
  mounts: MountFact[];
  networks: string[];
  labels: Record<string, string>;
  /** The main process as it was started: the program (Path) and its arguments. */
  command?: string[];
  /** "80/tcp" → where it is bound on the host; hostIp "0.0.0.0" or "::" means every interface. */
  portBindings?: Record<string, Array<{ hostIp: string; hostPort: number }>>;
  /** "80/tcp" → host ports the learner named (-p 8080:80); ports Docker chose (-P, -p 80) are not here. */
  requestedHostPorts?: Record<string, number[]>;
  /** --user given at run time ("" or absent: the image's USER). */
  user?: string;
  /** --read-only: the root filesystem cannot be written. */
  readOnlyRootfs?: boolean;
  /** Capabilities as given to docker run (--cap-add, --cap-drop), as written. */
  capAdd?: string[];
  capDrop?: string[];
  /** --tmpfs mount points. */
  tmpfs?: string[];
}

/** A process of a running container. */
export interface ProcessFact {
  pid: number;
  uid: number;
  command: string;
}

export interface ResourcesFact {
  memory: number;
  memoryReservation: number;
  nanoCpus: number;
  cpuQuota: number;
  cpuPeriod: number;
  cpuShares: number;
  pidsLimit: number;
}

export interface HealthFact {
  status: string;
  failingStreak: number;
  /** What the last check printed, trimmed. */
  lastOutput?: string;
  /** The healthcheck's command as configured (the image's, unless docker run gave one). */
  test?: string[];
}

export interface VolumeFact {
  name: string;
  createdAt?: string;
  labels: Record<string, string>;
}

export interface NetworkFact {
  id: string;
  name: string;
  driver: string;
  created: string;
  /** Names of attached containers. */
  containers: string[];
  labels: Record<string, string>;
}

export interface EventFact {
  type: string;
  action: string;
  /** Container name, image reference, volume or network name as the engine reports it. */
  name: string;
  id: string;
  /** Seconds since the epoch; timeNano, when the engine gives it, orders events within a second. */
  time: number;
  timeNano?: number;
  /** Container events: the image it was made from, and (on "die") the exit code. */
  image?: string;
  exitCode?: number;
}

export interface FileFact {
  exists: boolean;
  content?: string;
  /** Last modification time as the engine reports it (RFC 3339, nanoseconds). */
  modified?: string;
  error?: string;
}

export interface ProbeFact {
  ok: boolean;
  detail: string;
}

export interface HttpFact {
  status?: number;
  body?: string;
  error?: string;
}

export interface ServiceFact {
  id: string;
  name: string;
  image: string;
  replicas?: number;
  runningTasks: number;
  /** Image of each running task (with digest, as swarm pins it). */
  runningTaskImages?: string[];
  ports?: ServicePortFact[];
  update?: { parallelism?: number; delayNs?: number };
  /** Every task the swarm still lists, old ones included: the history of the service's rollouts. */
  tasks?: ServiceTaskFact[];
}

export interface ServiceTaskFact {
  /** The replica slot ("3"), or the node for a global service. */
  slot: string;
  image: string;
  /** RFC 3339 with nanoseconds, as the engine reports it. */
  createdAt: string;
  running: boolean;
}

export interface ServicePortFact {
  target: number;
  published?: number;
  protocol: string;
  /** "ingress" (the routing mesh) or "host". */
  mode: string;
}

/** What existed when the learner started the lab; objects in it never count as "made for this lab". */
export interface Baseline {
  startedAt: string;
  containers: string[];
  images: string[];
  /** Image references ("alpine:3.20") that existed, normalized; absent in baselines from older versions. */
  imageTags?: string[];
  /** The image ID each of those references named then; absent in baselines from older versions. */
  imageTagIds?: Record<string, string>;
  volumes: string[];
  networks: string[];
  services: string[];
  swarmActive: boolean;
  /** Files in the lab's workspace before the lab put its starter files in (the learner's own). */
  workspaceFiles?: string[];
}

/** Every value is keyed by what the check asked for, so the same fact is fetched once per run. */
export interface EngineFacts {
  reachable: ProbeFact;
  baseline?: Baseline;
  /** The lab's workspace folder, against which relative bind-mount paths are read. */
  workspace?: string;
  /** The workspace with its symbolic links resolved, when that differs. */
  workspaceReal?: string;
  images: Record<string, ImageFact | null>;
  /** What each layer of an image stores (from `docker save`), bottom first; an error when it could not be read. */
  imageLayers: Record<string, LayerFact[] | { error: string } | null>;
  /** The build steps of an image (its history's CreatedBy), oldest first; null when there is no such image. */
  imageHistory: Record<string, string[] | null>;
  /** Files of the lab's workspace, by path relative to it. */
  workspaceFiles: Record<string, WorkspaceFileFact>;
  /** Every container on the engine (summaries are inspected only where a check needs them). */
  containers: ContainerFact[];
  volumes: Record<string, VolumeFact | null>;
  networks: Record<string, NetworkFact | null>;
  /** Every volume and network on the engine, with their labels (for the objects Compose made). */
  volumeList: VolumeFact[];
  networkList: NetworkFact[];
  events: EventFact[];
  files: Record<string, FileFact>;
  logs: Record<string, string | null>;
  /** The processes of a container by its name: [] when it is not running, null when there is no such container. */
  processes: Record<string, ProcessFact[] | null>;
  resolves: Record<string, ProbeFact>;
  http: Record<string, HttpFact>;
  registryTags: Record<string, { tags: string[]; error?: string }>;
  swarmActive?: boolean;
  services: Record<string, ServiceFact | null>;
  /** The kernel release of the engine's host, as `docker info` reports it. */
  kernelVersion?: string;
}

export const emptyFacts = (): EngineFacts => ({
  reachable: { ok: true, detail: 'engine answered' },
  images: {},
  imageLayers: {},
  imageHistory: {},
  workspaceFiles: {},
  containers: [],
  volumes: {},
  networks: {},
  volumeList: [],
  networkList: [],
  events: [],
  files: {},
  logs: {},
  processes: {},
  resolves: {},
  http: {},
  registryTags: {},
  services: {},
});

export const factKey = {
  file: (container: string, path: string) => `${container}:${path}`,
  resolve: (container: string, target: string) => `${container}->${target}`,
  http: (port: number, path: string) => `${port}${path}`,
  registry: (registry: string, repository: string) => `${registry}/${repository}`,
};
