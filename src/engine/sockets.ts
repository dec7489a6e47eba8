import { pathsFor, tildify, type EngineEndpoint, type FinderDeps, type SocketOwner } from './endpoint.js';

export const WINDOWS_PIPE = '//./pipe/docker_engine';

interface KnownSocket {
  path: string;
  owner: SocketOwner;
  reason: (shown: string) => string;
}

/**
 * Where engines put their socket when nobody configured anything, in the order we try them:
 * the system daemon, Docker Desktop, rootless Docker, Colima, OrbStack, then Podman's
 * Docker-compatible API (rootless first, then rootful).
 */
export function knownSockets(deps: FinderDeps): KnownSocket[] {
  const { join } = pathsFor(deps.platform);
  const runtimeDir = deps.env.XDG_RUNTIME_DIR?.trim() || (deps.uid !== undefined ? `/run/user/${deps.uid}` : undefined);
  const sockets: Array<KnownSocket | undefined> = [
    { path: '/var/run/docker.sock', owner: 'docker', reason: (s) => `the default socket ${s}` },
    { path: join(deps.homedir, '.docker', 'run', 'docker.sock'), owner: 'docker-desktop', reason: (s) => `Docker Desktop's socket at ${s}` },
    runtimeDir ? { path: `${runtimeDir}/docker.sock`, owner: 'rootless', reason: (s) => `rootless Docker's socket at ${s}` } : undefined,
    { path: join(deps.homedir, '.colima', 'default', 'docker.sock'), owner: 'colima', reason: (s) => `Colima's socket at ${s}` },
    { path: join(deps.homedir, '.orbstack', 'run', 'docker.sock'), owner: 'orbstack', reason: (s) => `OrbStack's socket at ${s}` },
    runtimeDir
      ? { path: `${runtimeDir}/podman/podman.sock`, owner: 'podman', reason: (s) => `Podman's Docker-compatible socket at ${s}` }
      : undefined,
    { path: '/run/podman/podman.sock', owner: 'podman', reason: (s) => `Podman's Docker-compatible socket at ${s} (rootful)` },
  ];
  const seen = new Set<string>();
  return sockets.filter((socket): socket is KnownSocket => {
    if (!socket || seen.has(socket.path)) return false;
    seen.add(socket.path);
    return true;
  });
}

/** The known sockets that exist, as candidates; on Windows, Docker Desktop's named pipe. */
export function socketCandidates(deps: FinderDeps): EngineEndpoint[] {
  if (deps.platform === 'win32') {
    // A named pipe cannot be checked like a file; Docker Desktop and Podman both answer here.
    return [
      { host: `npipe://${WINDOWS_PIPE}`, source: 'socket', owner: 'docker-desktop', reason: `the default named pipe ${WINDOWS_PIPE}` },
    ];
  }
  return knownSockets(deps)
    .filter((socket) => deps.fileExists(socket.path))
    .map((socket) => ({
      host: `unix://${socket.path}`,
      source: 'socket' as const,
      owner: socket.owner,
      reason: socket.reason(tildify(socket.path, deps)),
    }));
}
