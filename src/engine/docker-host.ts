import { EngineError } from '../errors.js';

/**
 * Parses a Docker host address (DOCKER_HOST or a context's endpoint) the way the docker CLI
 * reads it, but stricter where a learner's typo would otherwise fail far away: a missing path
 * or host, a bad port, or an unknown scheme is a `malformed-host` error that quotes the value.
 */
export type ParsedDockerHost =
  | { scheme: 'unix' | 'npipe'; host: string; path: string }
  | { scheme: 'tcp'; host: string; hostname: string; port: number }
  | { scheme: 'ssh'; host: string; hostname: string; port?: number; user?: string };

export interface ParseOptions {
  /** Where the value came from, for the error: 'DOCKER_HOST' or 'context "colima"'. */
  origin: string;
  /** Port for tcp:// without one: 2375, or 2376 when TLS is on (as the CLI does). */
  defaultTcpPort: number;
  /** Replaces the generic "what a valid value looks like" sentence. */
  tryThis?: string;
}

export const VALID_HOST_EXAMPLES =
  'unix:///var/run/docker.sock, tcp://192.168.1.10:2376, ssh://me@build-box or npipe:////./pipe/docker_engine';

export function parseDockerHost(raw: string, options: ParseOptions): ParsedDockerHost {
  const value = raw.trim();
  const fail = (problem: string, hint?: string): never => {
    throw new EngineError(
      'malformed-host',
      `${options.origin} is set to "${raw}", which is not a Docker host address: ${problem}.`,
      hint ?? options.tryThis ?? `Use an address like ${VALID_HOST_EXAMPLES}, or unset DOCKER_HOST to use the default socket.`,
    );
  };

  const separator = value.indexOf('://');
  if (separator < 0) {
    if (value.startsWith('/')) {
      return fail('a socket path needs the unix:// scheme', `Write it as unix://${value}.`);
    }
    // "unix:/var/run/docker.sock" or "tcp:host:2375": a scheme missing its "//".
    const halfScheme = /^(unix|npipe|tcp|ssh):\/*(.*)$/i.exec(value);
    if (halfScheme?.[1] && halfScheme[2] && !/^\d+$/.test(halfScheme[2])) {
      const scheme = halfScheme[1].toLowerCase();
      const slashes = scheme === 'unix' ? '///' : scheme === 'npipe' ? '////' : '//';
      return fail(`"${scheme}:" must be followed by "//"`, `Write it as ${scheme}:${slashes}${halfScheme[2]}.`);
    }
    // "htp:/host" or "unx:/path": a scheme we do not know, not a host called "htp".
    const otherScheme = /^([a-z][a-z0-9+.-]*):\/+/i.exec(value);
    if (otherScheme) return fail(`unknown scheme "${otherScheme[1]}:"`);
    // The CLI reads a bare "host:port" as tcp://host:port.
    if (/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[^:]*)?$/.test(value)) {
      return parseTcp(value, options, fail);
    }
    return fail('it has no scheme such as unix:// or tcp://');
  }

  const scheme = value.slice(0, separator).toLowerCase();
  const rest = value.slice(separator + 3);
  switch (scheme) {
    case 'unix':
    case 'npipe': {
      if (rest === '') {
        return fail(`it is missing the ${scheme === 'unix' ? 'socket' : 'pipe'} path after ${scheme}://`);
      }
      return { scheme, host: `${scheme}://${rest}`, path: rest };
    }
    case 'tcp':
      return parseTcp(rest, options, fail);
    case 'ssh':
      return parseSsh(rest, fail);
    case 'http':
    case 'https':
      return fail(
        `Docker expects tcp:// rather than ${scheme}://`,
        `Write it as tcp://${rest} (set DOCKER_TLS_VERIFY=1 for TLS).`,
      );
    default:
      return fail(`unknown scheme "${scheme}://"`);
  }
}

type Fail = (problem: string, hint?: string) => never;

function parseTcp(rest: string, options: ParseOptions, fail: Fail): ParsedDockerHost {
  const authority = stripTrailingSlash(rest);
  if (authority.includes('/') || authority.includes('?')) {
    return fail('a tcp:// address has a host and port but no path');
  }
  if (authority.includes('@')) {
    return fail('a tcp:// address has no user name', 'To log in as a user, use ssh://user@host instead.');
  }
  const { hostname, port } = splitHostPort(authority, fail);
  return {
    scheme: 'tcp',
    host: `tcp://${hostname}:${port ?? options.defaultTcpPort}`,
    hostname: unbracket(hostname),
    port: port ?? options.defaultTcpPort,
  };
}

function parseSsh(rest: string, fail: Fail): ParsedDockerHost {
  const authority = stripTrailingSlash(rest);
  if (authority.includes('/') || authority.includes('?')) {
    return fail('an ssh:// address has a user, host and port but no path');
  }
  const at = authority.lastIndexOf('@');
  const user = at >= 0 ? authority.slice(0, at) : undefined;
  if (user === '') return fail('the user name before "@" is empty');
  const { hostname, port } = splitHostPort(authority.slice(at + 1), fail);
  const host = `ssh://${user ? `${user}@` : ''}${hostname}${port ? `:${port}` : ''}`;
  return { scheme: 'ssh', host, hostname: unbracket(hostname), port, user };
}

function splitHostPort(authority: string, fail: Fail): { hostname: string; port?: number } {
  let hostname = authority;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return fail('the IPv6 address is missing its closing "]"');
    hostname = authority.slice(0, close + 1);
    const after = authority.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return fail(`unexpected "${after}" after the IPv6 address`);
      portText = after.slice(1);
    }
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0) {
      hostname = authority.slice(0, colon);
      portText = authority.slice(colon + 1);
    }
  }
  if (hostname === '' || hostname === '[]') return fail('it is missing the host name');
  if (!hostname.startsWith('[') && hostname.includes(':')) {
    return fail('it has more than one ":" (write an IPv6 address in brackets, like [::1]:2375)');
  }
  if (portText === undefined) return { hostname };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    return fail(`"${portText}" is not a port number (1–65535)`);
  }
  return { hostname, port };
}

function stripTrailingSlash(text: string): string {
  return text.endsWith('/') ? text.slice(0, -1) : text;
}

function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}
