import path from 'node:path';

/** Which well-known runtime owns a socket; lets a failure suggest the right way to start it. */
export type SocketOwner = 'docker' | 'docker-desktop' | 'rootless' | 'colima' | 'orbstack' | 'podman';

export interface EngineEndpoint {
  /** Normalized address, e.g. 'unix:///var/run/docker.sock', 'tcp://1.2.3.4:2376', 'ssh://me@box'. */
  host: string;
  /** DOCKER_HOST and contexts are authoritative; sockets are guesses tried in order. */
  source: 'DOCKER_HOST' | 'context' | 'socket';
  /** Why this endpoint, in a learner's words. */
  reason: string;
  contextName?: string;
  /** Set for the known sockets only. */
  owner?: SocketOwner;
  /** File paths of the TLS material that exists; `verify: false` skips checking the server's certificate. */
  tls?: { ca?: string; cert?: string; key?: string; verify: boolean };
}

/** Everything the finder reads from the outside world, so tests can hand in fakes. */
export interface FinderDeps {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  homedir: string;
  uid?: number;
  fileExists(p: string): boolean;
  /** Reads a text file; throws (like fs.readFileSync) when it is missing. */
  readFile(p: string): string;
  /** What is at a path, to tell "nothing listens on the socket" from "this is not a socket". */
  pathKind?(p: string): 'socket' | 'file' | 'directory' | 'other' | undefined;
}

/** Paths follow the platform being described, not the one running the tests. */
export function pathsFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** '/home/me/.docker/run/docker.sock' → '~/.docker/run/docker.sock', for messages. */
export function tildify(p: string, deps: Pick<FinderDeps, 'homedir' | 'platform'>): string {
  const { sep } = pathsFor(deps.platform);
  const home = deps.homedir.endsWith(sep) ? deps.homedir.slice(0, -1) : deps.homedir;
  if (home && (p === home || p.startsWith(home + sep))) return `~${p.slice(home.length)}`;
  return p;
}

/** The directory the docker CLI keeps config.json and contexts in. */
export function dockerConfigDir(deps: Pick<FinderDeps, 'env' | 'homedir' | 'platform'>): string {
  const fromEnv = deps.env.DOCKER_CONFIG?.trim();
  return fromEnv ? fromEnv : pathsFor(deps.platform).join(deps.homedir, '.docker');
}

/** The socket or pipe path of a unix:// or npipe:// endpoint; undefined for tcp and ssh. */
export function localPath(endpoint: Pick<EngineEndpoint, 'host'>): string | undefined {
  const match = /^(unix|npipe):\/\/(.+)$/.exec(endpoint.host);
  return match?.[2];
}

/** A short phrase naming an endpoint inside a sentence: "the default socket /var/run/docker.sock". */
export function describeEndpoint(endpoint: EngineEndpoint): string {
  switch (endpoint.source) {
    case 'DOCKER_HOST':
      return `${endpoint.host} (from DOCKER_HOST)`;
    case 'context':
      return `${endpoint.host} (context "${endpoint.contextName ?? '?'}")`;
    case 'socket':
      return endpoint.reason;
  }
}
