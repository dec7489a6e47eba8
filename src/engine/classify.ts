import { describeError, EngineError } from '../errors.js';
import { describeEndpoint, localPath, type EngineEndpoint, type FinderDeps } from './endpoint.js';

/** The bits of a raw Node, dockerode or ssh2 error that tell failures apart. */
interface ErrorFacts {
  /** Codes and names found along the `cause` chain, outermost first. */
  codes: string[];
  names: string[];
  code?: string;
  statusCode?: number;
  /** ssh2 puts the stage that failed here: 'client-authentication', 'client-timeout', … */
  level?: string;
  hostname?: string;
  path?: string;
  message: string;
  /** What the engine itself said (dockerode's `json.message`), else the message. */
  engineMessage: string;
}

function factsOf(error: unknown): ErrorFacts {
  const json = (error as { json?: { message?: unknown } } | undefined)?.json;
  const message = describeError(error);
  const facts: ErrorFacts = { codes: [], names: [], message, engineMessage: (typeof json?.message === 'string' ? json.message : message).trim() };
  let current: unknown = error;
  // Look through `cause` and AggregateError (Node tries IPv6 and IPv4 and reports both).
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as Record<string, unknown>;
    if (typeof e.code === 'string') facts.codes.push(e.code);
    if (typeof e.name === 'string') facts.names.push(e.name);
    if (typeof e.statusCode === 'number') facts.statusCode ??= e.statusCode;
    if (typeof e.level === 'string') facts.level ??= e.level;
    if (typeof e.hostname === 'string') facts.hostname ??= e.hostname;
    if (typeof e.path === 'string') facts.path ??= e.path;
    current = Array.isArray(e.errors) && e.errors.length > 0 ? e.errors[0] : e.cause;
  }
  facts.code = facts.codes[0];
  return facts;
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ABORT_ERR', 'UND_ERR_CONNECT_TIMEOUT']);
const TLS_CODES = new Set([
  'EPROTO',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
]);
const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening on that port',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be looked up (is the network up?)',
  EHOSTUNREACH: 'there is no route to that host',
  ENETUNREACH: 'the network is unreachable',
  EHOSTDOWN: 'the host is down',
  ECONNRESET: 'the connection was closed before Docker answered',
  EPIPE: 'the connection was closed before Docker answered',
};

/** What was going on when an engine call failed: it names the place, the work and the deadline in the sentence. */
export interface EngineErrorContext {
  /** Where the engine is; it picks the fix ("start Colima", "check the context"). */
  endpoint?: EngineEndpoint;
  /**
   * What docker-dojo was doing on an engine it had already found ("listing containers"). Absent
   * while finding the engine, where an HTTP answer means the address is not a Docker engine.
   */
  doing?: string;
  timeoutMs?: number;
  pathKind?: FinderDeps['pathKind'];
}

/** What the engine says when it cannot get to a registry (DNS, routing, refused, timed out). */
const REGISTRY_UNREACHABLE = /no such host|dial tcp|i\/o timeout|TLS handshake timeout|network is unreachable|connection refused|Client\.Timeout|server misbehaving/i;

/**
 * The one classifier of engine failures, for finding the engine and for every call after: turns
 * whatever was thrown into an EngineError that says what happened, where, and in one sentence
 * what to do next.
 */
export function classifyEngineError(error: unknown, context: EngineErrorContext = {}): EngineError {
  if (error instanceof EngineError) return error;
  const { endpoint, doing, timeoutMs, pathKind } = context;
  const facts = factsOf(error);
  const where = endpoint ? describeEndpoint(endpoint) : 'the engine';
  const during = doing ? ` while ${doing}` : '';
  const path = endpoint ? localPath(endpoint) : undefined;
  const isLocal = endpoint ? path !== undefined : true;
  const make = (code: EngineError['code'], message: string, tryThis: string | undefined, statusCode?: number) =>
    new EngineError(code, message, tryThis, error, statusCode);

  if (isTimeout(facts)) {
    const within = timeoutMs ? `within ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}` : 'in time';
    return make(
      'timeout',
      `Docker did not answer ${within} at ${where}${during}.`,
      !endpoint
        ? 'Check that the Docker daemon is healthy (`docker-dojo doctor`), then try again.'
        : isLocal
          ? 'The engine may be starting or stuck: wait a moment and try again, or restart it (`sudo systemctl restart docker`, or restart Docker Desktop).'
          : 'Check that the machine is up and no firewall blocks the port, then try again.',
    );
  }

  if (doing?.startsWith('pulling ') && REGISTRY_UNREACHABLE.test(facts.engineMessage)) {
    return make(
      'registry-unreachable',
      `The engine could not reach the registry${during}: ${facts.engineMessage}`,
      "Check this machine's network connection (and any proxy or registry-mirrors setting in the engine's daemon.json), then try again.",
    );
  }

  // The engine answered and refused the call: its own words say why.
  if (doing && facts.statusCode !== undefined && !isPlainHttpToTls(facts)) {
    return make('api', `The engine refused ${doing}: ${facts.engineMessage}`, undefined, facts.statusCode);
  }

  if (isTls(facts)) {
    const plainToTls = isPlainHttpToTls(facts);
    return make(
      'tls',
      plainToTls
        ? `${where} only speaks TLS, but the connection was made without it.`
        : `The TLS connection to ${where} failed${during}: ${clean(facts.message)}.`,
      plainToTls
        ? 'Turn TLS on with `export DOCKER_TLS_VERIFY=1` and point DOCKER_CERT_PATH at the folder holding ca.pem, cert.pem and key.pem.'
        : endpoint?.source === 'context'
          ? `Check the certificates of context "${endpoint.contextName}" with \`docker context inspect ${endpoint.contextName}\`, or switch back with \`docker context use default\`.`
          : 'Check that DOCKER_CERT_PATH (default ~/.docker) holds the ca.pem, cert.pem and key.pem made for this engine, or unset DOCKER_TLS_VERIFY if it does not use TLS.',
    );
  }

  if (facts.codes.some((code) => code === 'EACCES' || code === 'EPERM') || facts.level === 'client-authentication') {
    if (endpoint?.host.startsWith('ssh://')) {
      return make(
        'permission-denied',
        `SSH would not let us log in to ${where}.`,
        `Check that \`${sshCommand(endpoint)}\` works from this terminal and load your key into the agent with \`ssh-add\`.`,
      );
    }
    return make(
      'permission-denied',
      `You are not allowed to use ${where}${facts.code ? ` (${facts.code})` : ''}${during}.`,
      endpoint?.owner === 'podman'
        ? "Use Podman's rootless socket instead: `systemctl --user start podman.socket`."
        : 'Add yourself to the docker group with `sudo usermod -aG docker $USER` and log in again, or use rootless Docker.',
    );
  }

  if (facts.statusCode !== undefined) {
    const said = clean(facts.message.replace(/^\(HTTP code \d+\)\s*(unexpected\s*-\s*)?/, ''));
    return make(
      'api',
      `Something answered at ${where}, but not like a healthy Docker engine (HTTP ${facts.statusCode}${said ? `: ${said}` : ''}).`,
      'Check that this address belongs to a Docker engine and that `docker version` works against it.',
    );
  }

  if (isLocal && ['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'ECONNRESET', 'EPIPE'].includes(facts.code ?? '')) {
    // Connecting to a regular file also says "refused"; a stopped daemon is not the problem then.
    const kind = facts.code === 'ENOENT' || path === undefined ? undefined : pathKind?.(path);
    const what =
      facts.code === 'ENOENT'
        ? 'the socket file is missing'
        : kind === 'file' || kind === 'directory'
          ? `${path} is a ${kind === 'file' ? 'regular file' : 'folder'}, not a socket`
          : 'the connection was refused, so the daemon behind it is stopped';
    return make('not-running', `Docker is not answering at ${where}${during}: ${what}.`, startItHint(endpoint));
  }

  const detail =
    (facts.code && UNREACHABLE_CODES[facts.code]) ??
    (facts.level === 'client-socket' || facts.level === 'client-dns' ? `SSH could not connect (${clean(facts.message)})` : clean(facts.message));
  return make(
    'unreachable',
    `Cannot reach Docker at ${where}${during}: ${facts.code === 'ENOTFOUND' && facts.hostname ? `the host name "${facts.hostname}" does not resolve` : detail}.`,
    endpoint ? unreachableHint(endpoint) : 'Run `docker-dojo doctor` to see which engine docker-dojo finds and why it fails.',
  );
}

/** A raw message ready to sit inside our sentence: no trailing spaces or full stop. */
function clean(message: string): string {
  return message.trim().replace(/\.$/, '');
}

function isTimeout(facts: ErrorFacts): boolean {
  return (
    facts.names.some((name) => name === 'AbortError' || name === 'TimeoutError') ||
    facts.codes.some((code) => TIMEOUT_CODES.has(code)) ||
    facts.level === 'client-timeout'
  );
}

function isPlainHttpToTls(facts: ErrorFacts): boolean {
  return facts.statusCode === 400 && /HTTPS server/i.test(facts.message);
}

function isTls(facts: ErrorFacts): boolean {
  return (
    facts.codes.some((code) => TLS_CODES.has(code) || /^ERR_(TLS|SSL|OSSL)_/.test(code)) ||
    (facts.path !== undefined && facts.path.endsWith('.pem')) ||
    isPlainHttpToTls(facts) ||
    /\b(SSL|TLS)\b|certificate/i.test(facts.message)
  );
}

/** How to start whatever should be listening on a local socket or pipe. */
function startItHint(endpoint: EngineEndpoint | undefined): string {
  if (!endpoint) return 'Start the Docker daemon (`sudo systemctl start docker`, or open Docker Desktop), then try again.';
  if (endpoint.source === 'DOCKER_HOST') {
    return 'Start the Docker daemon that should listen there, or run `unset DOCKER_HOST` to use the default socket.';
  }
  if (endpoint.source === 'context') {
    return `Start the engine behind context "${endpoint.contextName}", or switch back with \`docker context use default\` (and \`unset DOCKER_CONTEXT\` if you set it).`;
  }
  switch (endpoint.owner) {
    case 'docker-desktop':
      return endpoint.host.startsWith('npipe://')
        ? 'Open Docker Desktop (install it first if you have not) and wait until it says the engine is running.'
        : 'Open Docker Desktop and wait until it says the engine is running.';
    case 'rootless':
      return 'Start rootless Docker: `systemctl --user start docker`.';
    case 'colima':
      return 'Start Colima: `colima start`.';
    case 'orbstack':
      return 'Open OrbStack, or run `orb start`.';
    case 'podman':
      return localPath(endpoint)?.startsWith('/run/podman/')
        ? "Start Podman's API socket: `sudo systemctl start podman.socket`."
        : "Start Podman's API socket: `systemctl --user start podman.socket` (or `podman machine start` on macOS).";
    default:
      return 'Start the Docker daemon: `sudo systemctl start docker` or open Docker Desktop.';
  }
}

function unreachableHint(endpoint: EngineEndpoint): string {
  if (endpoint.source === 'context') {
    return `Check that the machine behind context "${endpoint.contextName}" is up, or switch back with \`docker context use default\`.`;
  }
  if (endpoint.host.startsWith('ssh://')) {
    return `Check that \`${sshCommand(endpoint)} docker version\` works from this terminal.`;
  }
  if (endpoint.source === 'DOCKER_HOST') {
    return 'Check the host and port in DOCKER_HOST and that the daemon listens there, or run `unset DOCKER_HOST` to use the local engine.';
  }
  return startItHint(endpoint);
}

/** 'ssh://me@box:2222' → 'ssh -p 2222 me@box', the command a learner can try by hand. */
function sshCommand(endpoint: EngineEndpoint): string {
  const match = /^ssh:\/\/(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(endpoint.host);
  if (!match) return `ssh ${endpoint.host}`;
  const [, user, host = '', port] = match;
  return `ssh ${port ? `-p ${port} ` : ''}${user ? `${user}@` : ''}${host.replace(/^\[|\]$/g, '')}`;
}
