/**
 * Finds the Docker engine the way the docker CLI does: DOCKER_HOST, else the selected context,
 * else the sockets engines usually listen on. Each step is a strategy that reads only what it is
 * handed (env, platform, home, files), so tests drive it with fakes.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type https from 'node:https';
import { createRequire } from 'node:module';
import os from 'node:os';
import createDebug from 'debug';
import type { DockerOptions } from 'dockerode';
import { describeError, EngineError, type EngineProblemCode } from '../errors.js';
import { classifyEngineError } from './classify.js';
import { chooseContext, contextEndpoint, existingTlsFiles } from './contexts.js';
import { parseDockerHost } from './docker-host.js';
import { dockerConfigDir, tildify, type EngineEndpoint, type FinderDeps } from './endpoint.js';
import { knownSockets, socketCandidates } from './sockets.js';

export type { EngineEndpoint, FinderDeps, SocketOwner } from './endpoint.js';
export { classifyEngineError } from './classify.js';

const debug = createDebug('docker-dojo:engine');

export const DEFAULT_PING_TIMEOUT_MS = 2000;
/** An ssh:// engine starts an ssh client and a handshake before the first answer: seconds, not milliseconds. */
export const SSH_PING_TIMEOUT_MS = 10_000;

/**
 * One keep-alive agent for every plain-HTTP engine connection, so the finder's ping and the
 * checks that follow share a socket. An empty `servername` tells Node there is no TLS name to
 * work out for a request (it would test the host against its IPv6 pattern, ~7 ms on first use).
 */
const plainHttpAgent = new http.Agent({ keepAlive: true, servername: '' } as http.AgentOptions);
/** TLS (and its ~10 ms of start-up) is loaded only for an engine reached over TLS. */
const loadHttps = () => createRequire(import.meta.url)('node:https') as typeof https;

/** Resolves when the endpoint answers a ping; rejects with the raw error otherwise. */
export type Pinger = (endpoint: EngineEndpoint, timeoutMs: number) => Promise<void>;

export interface FindResult {
  endpoint: EngineEndpoint;
  /** Every endpoint pinged, in order, the winner last (without an error). */
  tried: Array<{ endpoint: EngineEndpoint; error?: string }>;
}

/** No candidate answered: the most useful of their failures, plus the list of what was tried. */
export class NoEngineError extends EngineError {
  readonly tried: FindResult['tried'];
  constructor(failure: EngineError, tried: FindResult['tried']) {
    const others = tried.length - 1;
    const also = others > 0 ? ` ${others === 1 ? 'One other place' : `${others} other places`} did not answer either.` : '';
    super(failure.code, failure.message + also, failure.tryThis, failure.cause);
    this.tried = tried;
  }
}

/**
 * A strategy either decides (returns the candidates to try, possibly none) or passes
 * (returns undefined) to the next one.
 */
type CandidateStrategy = (deps: FinderDeps) => EngineEndpoint[] | undefined;

const fromDockerHost: CandidateStrategy = (deps) => {
  const value = deps.env.DOCKER_HOST?.trim();
  if (!value) return undefined;
  // Like the CLI, any non-empty DOCKER_TLS_VERIFY turns verification on — even "0".
  const verify = Boolean(deps.env.DOCKER_TLS_VERIFY);
  const useTls = verify || Boolean(deps.env.DOCKER_TLS);
  const parsed = parseDockerHost(value, { origin: 'DOCKER_HOST', defaultTcpPort: useTls ? 2376 : 2375 });
  const endpoint: EngineEndpoint = { host: parsed.host, source: 'DOCKER_HOST', reason: `DOCKER_HOST is set to ${value}` };
  if (parsed.scheme === 'tcp' && useTls) {
    const certDir = deps.env.DOCKER_CERT_PATH?.trim() || dockerConfigDir(deps);
    const { ca, cert, key } = existingTlsFiles(certDir, deps);
    endpoint.tls = { ...(verify && ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), verify };
    endpoint.reason += `, with TLS (certificates from ${tildify(certDir, deps)})`;
  }
  return [endpoint];
};

const fromContext: CandidateStrategy = (deps) => {
  const choice = chooseContext(deps);
  return choice ? [contextEndpoint(choice, deps)] : undefined;
};

const fromKnownSockets: CandidateStrategy = (deps) => socketCandidates(deps);

const STRATEGIES: CandidateStrategy[] = [fromDockerHost, fromContext, fromKnownSockets];

/**
 * The endpoints to try, in order. DOCKER_HOST or a context yields exactly one (authoritative,
 * as in the CLI); otherwise the known sockets that exist. Throws `malformed-host` or
 * `dead-context` when the configuration itself is broken.
 */
export function listCandidates(deps: FinderDeps): EngineEndpoint[] {
  for (const strategy of STRATEGIES) {
    const candidates = strategy(deps);
    if (candidates) return candidates;
  }
  return [];
}

/** Pings the candidates in order; the first that answers wins. */
export async function findEngine(deps: FinderDeps & { ping: Pinger; timeoutMs?: number }): Promise<FindResult> {
  const candidates = listCandidates(deps);
  debug('candidates: %o', candidates.map((c) => c.host));
  if (candidates.length === 0) throw notInstalled(deps);

  const tried: FindResult['tried'] = [];
  const failures: EngineError[] = [];
  for (const endpoint of candidates) {
    const timeoutMs = endpoint.host.startsWith('ssh://') ? Math.max(deps.timeoutMs ?? 0, SSH_PING_TIMEOUT_MS) : (deps.timeoutMs ?? DEFAULT_PING_TIMEOUT_MS);
    try {
      await withDeadline(() => deps.ping(endpoint, timeoutMs), timeoutMs);
      tried.push({ endpoint });
      debug('engine found at %s (%s)', endpoint.host, endpoint.reason);
      return { endpoint, tried };
    } catch (error) {
      debug('no answer from %s: %s', endpoint.host, describeError(error));
      tried.push({ endpoint, error: describeError(error) });
      failures.push(classifyEngineError(error, { endpoint, timeoutMs, ...(deps.pathKind ? { pathKind: deps.pathKind } : {}) }));
    }
  }
  throw new NoEngineError(mostUseful(failures), tried);
}

/** When several sockets fail, the failure with the most actionable fix is shown; ties go to the first tried. */
const FAILURE_PRIORITY: EngineProblemCode[] = ['permission-denied', 'tls', 'api', 'timeout', 'unreachable', 'not-running'];

function mostUseful(failures: EngineError[]): EngineError {
  const rank = (e: EngineError) => {
    const index = FAILURE_PRIORITY.indexOf(e.code);
    return index < 0 ? FAILURE_PRIORITY.length : index;
  };
  return failures.reduce((best, next) => (rank(next) < rank(best) ? next : best));
}

function notInstalled(deps: FinderDeps): EngineError {
  const places = knownSockets(deps).map((socket) => tildify(socket.path, deps));
  return new EngineError(
    'not-installed',
    `No Docker engine found: DOCKER_HOST is not set, no context is selected, and none of the usual sockets exist (${places.join(', ')}).`,
    'Install Docker Engine or Docker Desktop, or run scripts/engine-up.sh for an offline engine.',
  );
}

/** A pinger that never settles must not hang the finder: give up a little after its own deadline. */
async function withDeadline(ping: () => Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' }));
    }, timeoutMs + 50);
  });
  try {
    await Promise.race([Promise.resolve().then(ping), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Client options for dockerode. `timeoutMs` bounds the SSH handshake only: dockerode's own
 * `timeout` is an idle timeout on every request and would cut long streams such as `events`,
 * so a ping's deadline is an AbortSignal instead (see dockerodePinger).
 */
export function dockerodeOptions(
  endpoint: EngineEndpoint,
  timeoutMs: number,
  deps: Pick<FinderDeps, 'env' | 'readFile'> = realFinderDeps(),
): DockerOptions & { agent?: http.Agent } {
  // dockerode merges DOCKER_HOST and DOCKER_CERT_PATH from process.env under these options;
  // naming every connection field keeps the endpoint we chose in charge.
  const base: DockerOptions & { agent?: http.Agent } = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    username: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
  };
  const parsed = parseDockerHost(endpoint.host, { origin: 'The engine address', defaultTcpPort: endpoint.tls ? 2376 : 2375 });
  switch (parsed.scheme) {
    case 'unix':
    case 'npipe':
      return { ...base, socketPath: parsed.path, protocol: 'http', agent: plainHttpAgent };
    case 'tcp': {
      const tls = endpoint.tls;
      if (!tls) return { ...base, host: parsed.hostname, port: parsed.port, protocol: 'http', agent: plainHttpAgent };
      const read = (file: string | undefined) => (file === undefined ? undefined : deps.readFile(file));
      const options: DockerOptions & { agent?: http.Agent } = {
        ...base,
        host: parsed.hostname,
        port: parsed.port,
        protocol: 'https',
        ca: tls.verify ? read(tls.ca) : undefined,
        cert: read(tls.cert),
        key: read(tls.key),
      };
      // SkipTLSVerify / DOCKER_TLS without verify: encrypt, but do not check the server's certificate.
      if (!tls.verify) options.agent = new (loadHttps().Agent)({ rejectUnauthorized: false });
      return options;
    }
    case 'ssh':
      return {
        ...base,
        protocol: 'ssh',
        host: parsed.hostname,
        port: parsed.port,
        username: parsed.user ?? deps.env.USER ?? deps.env.USERNAME,
        sshOptions: { agent: deps.env.SSH_AUTH_SOCK, readyTimeout: timeoutMs },
      };
  }
}

/** The real world: this process's env and platform, the user's home, the real file system. */
export function realFinderDeps(): FinderDeps {
  return {
    env: process.env,
    platform: process.platform,
    homedir: os.homedir(),
    uid: process.getuid?.(),
    fileExists: (p) => existsSync(p),
    readFile: (p) => readFileSync(p, 'utf8'),
    pathKind: (p) => {
      const info = statSync(p, { throwIfNoEntry: false });
      if (!info) return undefined;
      return info.isSocket() ? 'socket' : info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
    },
  };
}

/** dockerode's typings omit ping's options, which carry the abort signal. */
interface PingWithSignal {
  ping(options: { abortSignal: AbortSignal }): Promise<unknown>;
}

/** A Pinger backed by dockerode; `deps` supplies SSH_AUTH_SOCK and reads TLS files. */
export function createDockerodePinger(deps: Pick<FinderDeps, 'env' | 'readFile'>): Pinger {
  return async (endpoint, timeoutMs) => {
    // dockerode pulls in ssh2 and friends; load it only when an engine is actually pinged.
    const { default: Docker } = await import('dockerode');
    const docker = new Docker(dockerodeOptions(endpoint, timeoutMs, deps));
    await (docker as unknown as PingWithSignal).ping({ abortSignal: AbortSignal.timeout(timeoutMs) });
  };
}

export const dockerodePinger: Pinger = (endpoint, timeoutMs) => createDockerodePinger(realFinderDeps())(endpoint, timeoutMs);
