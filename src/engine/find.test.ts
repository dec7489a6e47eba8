import { mkdtempSync, rmSync } from 'node:fs';
import http, { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors.js';
import {
  classifyEngineError,
  createDockerodePinger,
  dockerodeOptions,
  findEngine,
  listCandidates,
  NoEngineError,
  type EngineEndpoint,
  type FinderDeps,
  type Pinger,
} from './find.js';

// ── A fake world: env, platform, home and a map of files (sockets are files with no text). ──

const HOME = '/home/learner';
const SOCKET = '';

interface WorldOptions {
  env?: NodeJS.ProcessEnv;
  files?: Record<string, string>;
  platform?: NodeJS.Platform;
  uid?: number | undefined;
  homedir?: string;
}

function world(options: WorldOptions = {}): FinderDeps {
  const files = new Map(Object.entries(options.files ?? {}));
  return {
    env: options.env ?? {},
    platform: options.platform ?? 'linux',
    homedir: options.homedir ?? HOME,
    uid: 'uid' in options ? options.uid : 1000,
    fileExists: (p) => files.has(p),
    readFile: (p) => {
      const text = files.get(p);
      if (text === undefined) throw errno('ENOENT', { path: p });
      return text;
    },
  };
}

/** A Node-style system error, as net/http/fs produce them. */
function errno(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${code}: simulated`), { code, ...extra });
}

/** A pinger that answers for some hosts and fails for others; it remembers who it was asked about. */
function fakePinger(outcomes: Record<string, 'answers' | Error>): Pinger & { asked: string[]; timeouts: number[] } {
  const asked: string[] = [];
  const timeouts: number[] = [];
  const ping = async (endpoint: EngineEndpoint, timeoutMs: number) => {
    asked.push(endpoint.host);
    timeouts.push(timeoutMs);
    const outcome = outcomes[endpoint.host] ?? errno('ENOENT');
    if (outcome !== 'answers') throw outcome;
  };
  return Object.assign(ping, { asked, timeouts });
}

function thrownBy(action: () => unknown): EngineError {
  try {
    action();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected an EngineError, but nothing was thrown');
}

async function rejectionOf(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected an EngineError, but the promise resolved');
}

// sha256 of the context names, as the docker CLI names their folders.
const COLIMA_ID = 'f24fd3749c1368328e2b149bec149cb6795619f244c5b584e844961215dadd16';
const REMOTE_ID = 'b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a';

function contextMeta(name: string, host: string, skipTlsVerify = false): string {
  return JSON.stringify({
    Name: name,
    Metadata: { Description: `${name} engine` },
    Endpoints: { docker: { Host: host, SkipTLSVerify: skipTlsVerify } },
  });
}

const COLIMA_SOCKET = `${HOME}/.colima/default/docker.sock`;
const colimaContext = {
  [`${HOME}/.docker/contexts/meta/${COLIMA_ID}/meta.json`]: contextMeta('colima', `unix://${COLIMA_SOCKET}`),
};

// ── DOCKER_HOST ─────────────────────────────────────────────────────────────────────────────

describe('DOCKER_HOST decides, when it is set', () => {
  it('a unix socket path is used as is, and the reason says DOCKER_HOST chose it', () => {
    const [endpoint, ...rest] = listCandidates(world({ env: { DOCKER_HOST: 'unix:///srv/docker/engine.sock' } }));
    expect(rest).toEqual([]);
    expect(endpoint).toEqual({
      host: 'unix:///srv/docker/engine.sock',
      source: 'DOCKER_HOST',
      reason: 'DOCKER_HOST is set to unix:///srv/docker/engine.sock',
    });
  });

  it('tcp://host:port is a plain connection when no TLS variable is set', () => {
    expect(listCandidates(world({ env: { DOCKER_HOST: 'tcp://192.168.1.10:2375' } }))).toEqual([
      { host: 'tcp://192.168.1.10:2375', source: 'DOCKER_HOST', reason: 'DOCKER_HOST is set to tcp://192.168.1.10:2375' },
    ]);
  });

  it('tcp:// without a port gets 2375, like the CLI', () => {
    expect(listCandidates(world({ env: { DOCKER_HOST: 'tcp://build-box' } }))[0]?.host).toBe('tcp://build-box:2375');
  });

  it('a bare host:port is read as tcp://, like the CLI', () => {
    expect(listCandidates(world({ env: { DOCKER_HOST: 'localhost:2375' } }))[0]?.host).toBe('tcp://localhost:2375');
  });

  it('an IPv6 address keeps its brackets in the host', () => {
    expect(listCandidates(world({ env: { DOCKER_HOST: 'tcp://[::1]:2375' } }))[0]?.host).toBe('tcp://[::1]:2375');
  });

  it('DOCKER_TLS_VERIFY turns on verified TLS with certificates from DOCKER_CERT_PATH, and the port defaults to 2376', () => {
    const [endpoint] = listCandidates(
      world({
        env: { DOCKER_HOST: 'tcp://secure-box', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/etc/docker-certs' },
        files: { '/etc/docker-certs/ca.pem': 'CA', '/etc/docker-certs/cert.pem': 'CERT', '/etc/docker-certs/key.pem': 'KEY' },
      }),
    );
    expect(endpoint?.host).toBe('tcp://secure-box:2376');
    expect(endpoint?.tls).toEqual({
      ca: '/etc/docker-certs/ca.pem',
      cert: '/etc/docker-certs/cert.pem',
      key: '/etc/docker-certs/key.pem',
      verify: true,
    });
    expect(endpoint?.reason).toBe('DOCKER_HOST is set to tcp://secure-box, with TLS (certificates from /etc/docker-certs)');
  });

  it('without DOCKER_CERT_PATH the certificates come from ~/.docker', () => {
    const [endpoint] = listCandidates(
      world({
        env: { DOCKER_HOST: 'tcp://secure-box:2376', DOCKER_TLS_VERIFY: '1' },
        files: { [`${HOME}/.docker/ca.pem`]: 'CA', [`${HOME}/.docker/cert.pem`]: 'CERT', [`${HOME}/.docker/key.pem`]: 'KEY' },
      }),
    );
    expect(endpoint?.tls).toEqual({
      ca: `${HOME}/.docker/ca.pem`,
      cert: `${HOME}/.docker/cert.pem`,
      key: `${HOME}/.docker/key.pem`,
      verify: true,
    });
    expect(endpoint?.reason).toContain('certificates from ~/.docker');
  });

  it('DOCKER_TLS_VERIFY=0 still means "verify" — the CLI only checks that it is non-empty', () => {
    const [endpoint] = listCandidates(world({ env: { DOCKER_HOST: 'tcp://box:2376', DOCKER_TLS_VERIFY: '0' } }));
    expect(endpoint?.tls).toEqual({ verify: true });
  });

  it('DOCKER_TLS without DOCKER_TLS_VERIFY encrypts without checking the server, and leaves the CA out', () => {
    const [endpoint] = listCandidates(
      world({
        env: { DOCKER_HOST: 'tcp://box:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: '/certs' },
        files: { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' },
      }),
    );
    expect(endpoint?.tls).toEqual({ cert: '/certs/cert.pem', key: '/certs/key.pem', verify: false });
  });

  it('TLS variables do not apply to a unix socket', () => {
    const [endpoint] = listCandidates(world({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock', DOCKER_TLS_VERIFY: '1' } }));
    expect(endpoint?.tls).toBeUndefined();
  });

  it('a Windows named pipe keeps its four slashes', () => {
    const [endpoint] = listCandidates(world({ platform: 'win32', env: { DOCKER_HOST: 'npipe:////./pipe/docker_engine' } }));
    expect(endpoint?.host).toBe('npipe:////./pipe/docker_engine');
  });

  it('ssh://user@host:port reaches an engine on another machine', () => {
    expect(listCandidates(world({ env: { DOCKER_HOST: 'ssh://ada@build-box:2222' } }))[0]?.host).toBe('ssh://ada@build-box:2222');
    expect(listCandidates(world({ env: { DOCKER_HOST: 'ssh://build-box' } }))[0]?.host).toBe('ssh://build-box');
  });

  it('wins over DOCKER_CONTEXT and over sockets that exist', () => {
    const candidates = listCandidates(
      world({
        env: { DOCKER_HOST: 'tcp://box:2375', DOCKER_CONTEXT: 'colima' },
        files: { ...colimaContext, '/var/run/docker.sock': SOCKET },
      }),
    );
    expect(candidates.map((c) => c.host)).toEqual(['tcp://box:2375']);
  });

  it('an empty DOCKER_HOST counts as unset', () => {
    const candidates = listCandidates(world({ env: { DOCKER_HOST: '  ' }, files: { '/var/run/docker.sock': SOCKET } }));
    expect(candidates.map((c) => c.source)).toEqual(['socket']);
  });
});

describe('a malformed DOCKER_HOST is quoted back with what a valid one looks like', () => {
  it.each([
    ['foo://bar', 'unknown scheme "foo://"'],
    ['unix://', 'missing the socket path'],
    ['npipe://', 'missing the pipe path'],
    ['tcp://', 'missing the host name'],
    ['tcp://:2375', 'missing the host name'],
    ['tcp://box:99999', '"99999" is not a port number'],
    ['tcp://box:http', '"http" is not a port number'],
    ['tcp://box:', '"" is not a port number'],
    ['tcp://box:2375/v1.45', 'no path'],
    ['ssh://', 'missing the host name'],
    ['ssh://ada@', 'missing the host name'],
    ['ssh://@box', 'user name before "@" is empty'],
    ['ssh://ada@box/home', 'no path'],
    ['tcp://box:80:80', 'more than one ":"'],
    ['box:2375:1', 'no scheme'],
  ])('DOCKER_HOST=%s is malformed: %s', (value, problem) => {
    const error = thrownBy(() => listCandidates(world({ env: { DOCKER_HOST: value } })));
    expect(error.code).toBe('malformed-host');
    expect(error.message).toContain(`DOCKER_HOST is set to "${value}"`);
    expect(error.message).toContain(problem);
    expect(error.tryThis).toContain('unix:///var/run/docker.sock');
    expect(error.tryThis).toContain('tcp://');
  });

  it('a bare socket path gets the unix:// it is missing', () => {
    const error = thrownBy(() => listCandidates(world({ env: { DOCKER_HOST: '/var/run/docker.sock' } })));
    expect(error.code).toBe('malformed-host');
    expect(error.tryThis).toBe('Write it as unix:///var/run/docker.sock.');
  });

  it('"unix:/path" with one slash is shown how to write it', () => {
    const error = thrownBy(() => listCandidates(world({ env: { DOCKER_HOST: 'unix:/var/run/docker.sock' } })));
    expect(error.code).toBe('malformed-host');
    expect(error.tryThis).toBe('Write it as unix:///var/run/docker.sock.');
  });

  it('http:// is pointed at tcp://', () => {
    const error = thrownBy(() => listCandidates(world({ env: { DOCKER_HOST: 'http://box:2375' } })));
    expect(error.code).toBe('malformed-host');
    expect(error.tryThis).toContain('tcp://box:2375');
  });
});

// ── Contexts ────────────────────────────────────────────────────────────────────────────────

describe('a Docker context decides when DOCKER_HOST is not set', () => {
  it('DOCKER_CONTEXT=colima is resolved through contexts/meta/<sha256 of the name>/meta.json', () => {
    const [endpoint, ...rest] = listCandidates(world({ env: { DOCKER_CONTEXT: 'colima' }, files: colimaContext }));
    expect(rest).toEqual([]);
    expect(endpoint).toEqual({
      host: `unix://${COLIMA_SOCKET}`,
      source: 'context',
      reason: 'context "colima" (from DOCKER_CONTEXT)',
      contextName: 'colima',
    });
  });

  it('currentContext in ~/.docker/config.json is used when DOCKER_CONTEXT is not set', () => {
    const [endpoint] = listCandidates(
      world({ files: { ...colimaContext, [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'colima' }) } }),
    );
    expect(endpoint?.host).toBe(`unix://${COLIMA_SOCKET}`);
    expect(endpoint?.reason).toBe('context "colima" (from currentContext in ~/.docker/config.json)');
  });

  it('DOCKER_CONFIG moves both config.json and the contexts folder', () => {
    const [endpoint] = listCandidates(
      world({
        env: { DOCKER_CONFIG: '/opt/dockercfg' },
        files: {
          '/opt/dockercfg/config.json': JSON.stringify({ currentContext: 'colima' }),
          [`/opt/dockercfg/contexts/meta/${COLIMA_ID}/meta.json`]: contextMeta('colima', 'unix:///opt/colima.sock'),
        },
      }),
    );
    expect(endpoint?.host).toBe('unix:///opt/colima.sock');
    expect(endpoint?.reason).toBe('context "colima" (from currentContext in /opt/dockercfg/config.json)');
  });

  it('DOCKER_CONTEXT wins over currentContext', () => {
    const [endpoint] = listCandidates(
      world({
        env: { DOCKER_CONTEXT: 'colima' },
        files: { ...colimaContext, [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'remote' }) },
      }),
    );
    expect(endpoint?.contextName).toBe('colima');
  });

  it('the "default" context falls through to the usual sockets', () => {
    const files = { '/var/run/docker.sock': SOCKET, [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'default' }) };
    expect(listCandidates(world({ files })).map((c) => c.host)).toEqual(['unix:///var/run/docker.sock']);
    expect(listCandidates(world({ env: { DOCKER_CONTEXT: 'default' }, files })).map((c) => c.source)).toEqual(['socket']);
  });

  it('a config.json without currentContext, or one that is not JSON, leaves the choice to the sockets', () => {
    for (const config of ['{"auths":{}}', '{ not json']) {
      const files = { '/var/run/docker.sock': SOCKET, [`${HOME}/.docker/config.json`]: config };
      expect(listCandidates(world({ files })).map((c) => c.source)).toEqual(['socket']);
    }
  });

  it("a tcp context uses the TLS material stored beside it, and SkipTLSVerify turns checking off", () => {
    const tlsDir = `${HOME}/.docker/contexts/tls/${REMOTE_ID}/docker`;
    const files = {
      [`${HOME}/.docker/contexts/meta/${REMOTE_ID}/meta.json`]: contextMeta('remote', 'tcp://10.0.0.5:2376'),
      [`${tlsDir}/ca.pem`]: 'CA',
      [`${tlsDir}/cert.pem`]: 'CERT',
      [`${tlsDir}/key.pem`]: 'KEY',
    };
    const [verified] = listCandidates(world({ env: { DOCKER_CONTEXT: 'remote' }, files }));
    expect(verified?.tls).toEqual({ ca: `${tlsDir}/ca.pem`, cert: `${tlsDir}/cert.pem`, key: `${tlsDir}/key.pem`, verify: true });

    const skipping = {
      ...files,
      [`${HOME}/.docker/contexts/meta/${REMOTE_ID}/meta.json`]: contextMeta('remote', 'tcp://10.0.0.5:2376', true),
    };
    expect(listCandidates(world({ env: { DOCKER_CONTEXT: 'remote' }, files: skipping }))[0]?.tls?.verify).toBe(false);
  });

  it('a tcp context without TLS material is a plain connection', () => {
    const files = { [`${HOME}/.docker/contexts/meta/${REMOTE_ID}/meta.json`]: contextMeta('remote', 'tcp://10.0.0.5:2375') };
    const [endpoint] = listCandidates(world({ env: { DOCKER_CONTEXT: 'remote' }, files }));
    expect(endpoint?.host).toBe('tcp://10.0.0.5:2375');
    expect(endpoint?.tls).toBeUndefined();
  });

  it('a context whose meta.json is gone says which context and how to go back to default', () => {
    const error = thrownBy(() =>
      listCandidates(world({ files: { [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'colima' }) } })),
    );
    expect(error.code).toBe('dead-context');
    expect(error.message).toContain('context "colima"');
    expect(error.message).toContain(`~/.docker/contexts/meta/${COLIMA_ID}/meta.json`);
    expect(error.tryThis).toContain('docker context use default');
    expect(error.tryThis).toContain('docker context ls');
  });

  it('a dead context named by DOCKER_CONTEXT says to unset it, since `docker context use` cannot override the variable', () => {
    const error = thrownBy(() => listCandidates(world({ env: { DOCKER_CONTEXT: 'colima' } })));
    expect(error.code).toBe('dead-context');
    expect(error.message).toContain('context "colima" (from DOCKER_CONTEXT)');
    expect(error.tryThis).toContain('unset DOCKER_CONTEXT');
    expect(error.tryThis).toContain('docker context ls');
  });

  it('a meta.json without a docker endpoint is a dead context too', () => {
    const files = { [`${HOME}/.docker/contexts/meta/${COLIMA_ID}/meta.json`]: JSON.stringify({ Name: 'colima', Endpoints: {} }) };
    const error = thrownBy(() => listCandidates(world({ env: { DOCKER_CONTEXT: 'colima' }, files })));
    expect(error.code).toBe('dead-context');
    expect(error.message).toContain('has no Docker endpoint');
  });

  it("a context whose endpoint is malformed names the context and how to fix it", () => {
    const files = { [`${HOME}/.docker/contexts/meta/${COLIMA_ID}/meta.json`]: contextMeta('colima', 'colima-vm://socket') };
    const error = thrownBy(() => listCandidates(world({ env: { DOCKER_CONTEXT: 'colima' }, files })));
    expect(error.code).toBe('malformed-host');
    expect(error.message).toContain('The endpoint of context "colima" is set to "colima-vm://socket"');
    expect(error.tryThis).toContain('docker context update colima');
  });
});

// ── Known sockets ───────────────────────────────────────────────────────────────────────────

const EVERY_SOCKET = [
  '/var/run/docker.sock',
  `${HOME}/.docker/run/docker.sock`,
  '/run/user/1000/docker.sock',
  `${HOME}/.colima/default/docker.sock`,
  `${HOME}/.orbstack/run/docker.sock`,
  '/run/user/1000/podman/podman.sock',
  '/run/podman/podman.sock',
];

function socketsAt(paths: string[]): Record<string, string> {
  return Object.fromEntries(paths.map((p) => [p, SOCKET]));
}

describe('with nothing configured, the usual sockets are tried', () => {
  it('in order: system daemon, Docker Desktop, rootless, Colima, OrbStack, Podman rootless, Podman rootful', () => {
    const candidates = listCandidates(world({ files: socketsAt(EVERY_SOCKET) }));
    expect(candidates.map((c) => c.host)).toEqual(EVERY_SOCKET.map((p) => `unix://${p}`));
    expect(candidates.map((c) => c.reason)).toEqual([
      'the default socket /var/run/docker.sock',
      "Docker Desktop's socket at ~/.docker/run/docker.sock",
      "rootless Docker's socket at /run/user/1000/docker.sock",
      "Colima's socket at ~/.colima/default/docker.sock",
      "OrbStack's socket at ~/.orbstack/run/docker.sock",
      "Podman's Docker-compatible socket at /run/user/1000/podman/podman.sock",
      "Podman's Docker-compatible socket at /run/podman/podman.sock (rootful)",
    ]);
    expect(candidates.every((c) => c.source === 'socket')).toBe(true);
  });

  it('only the sockets that exist are listed', () => {
    const candidates = listCandidates(world({ files: socketsAt([`${HOME}/.orbstack/run/docker.sock`, '/var/run/docker.sock']) }));
    expect(candidates.map((c) => c.owner)).toEqual(['docker', 'orbstack']);
  });

  it('XDG_RUNTIME_DIR says where rootless Docker and Podman put their sockets', () => {
    const candidates = listCandidates(
      world({ env: { XDG_RUNTIME_DIR: '/tmp/xdg-ada' }, files: socketsAt(['/tmp/xdg-ada/docker.sock', '/tmp/xdg-ada/podman/podman.sock']) }),
    );
    expect(candidates.map((c) => c.host)).toEqual(['unix:///tmp/xdg-ada/docker.sock', 'unix:///tmp/xdg-ada/podman/podman.sock']);
  });

  it('a machine with only Podman offers its Docker-compatible API', () => {
    const [endpoint] = listCandidates(world({ files: socketsAt(['/run/user/1000/podman/podman.sock']) }));
    expect(endpoint).toMatchObject({
      host: 'unix:///run/user/1000/podman/podman.sock',
      owner: 'podman',
      reason: "Podman's Docker-compatible socket at /run/user/1000/podman/podman.sock",
    });
  });

  it('on Windows the default is the docker_engine named pipe', () => {
    const candidates = listCandidates(world({ platform: 'win32', homedir: 'C:\\Users\\ada', uid: undefined }));
    expect(candidates).toEqual([
      expect.objectContaining({ host: 'npipe:////./pipe/docker_engine', source: 'socket', reason: 'the default named pipe //./pipe/docker_engine' }),
    ]);
  });

  it('with no socket anywhere the list is empty', () => {
    expect(listCandidates(world())).toEqual([]);
  });
});

// ── Finding: ping, first answer wins ───────────────────────────────────────────────────────

describe('findEngine', () => {
  it('picks the first socket that answers and records what it tried on the way', async () => {
    const ping = fakePinger({
      'unix:///var/run/docker.sock': errno('ECONNREFUSED'),
      [`unix://${HOME}/.docker/run/docker.sock`]: 'answers',
      'unix:///run/podman/podman.sock': 'answers',
    });
    const result = await findEngine({ ...world({ files: socketsAt(EVERY_SOCKET) }), ping });
    expect(result.endpoint.reason).toBe("Docker Desktop's socket at ~/.docker/run/docker.sock");
    expect(result.tried.map((t) => [t.endpoint.host, t.error])).toEqual([
      ['unix:///var/run/docker.sock', 'ECONNREFUSED: simulated'],
      [`unix://${HOME}/.docker/run/docker.sock`, undefined],
    ]);
    expect(ping.asked).toHaveLength(2);
  });

  it('pings with a 2000 ms timeout unless told otherwise', async () => {
    const ping = fakePinger({ 'unix:///var/run/docker.sock': 'answers' });
    await findEngine({ ...world({ files: socketsAt(['/var/run/docker.sock']) }), ping });
    await findEngine({ ...world({ files: socketsAt(['/var/run/docker.sock']) }), ping, timeoutMs: 300 });
    expect(ping.timeouts).toEqual([2000, 300]);
  });

  it('gives an ssh:// engine 10 s, since the ssh handshake comes before the first answer', async () => {
    const ping = fakePinger({ 'ssh://ada@build-box': 'answers' });
    await findEngine({ ...world({ env: { DOCKER_HOST: 'ssh://ada@build-box' } }), ping, timeoutMs: 300 });
    expect(ping.timeouts).toEqual([10_000]);
  });

  it('a DOCKER_HOST that does not answer is reported, even though the default socket would have answered', async () => {
    const ping = fakePinger({ 'tcp://box:2375': errno('ECONNREFUSED'), 'unix:///var/run/docker.sock': 'answers' });
    const error = await rejectionOf(
      findEngine({ ...world({ env: { DOCKER_HOST: 'tcp://box:2375' }, files: socketsAt(['/var/run/docker.sock']) }), ping }),
    );
    expect(ping.asked).toEqual(['tcp://box:2375']);
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('tcp://box:2375 (from DOCKER_HOST)');
    expect(error.tryThis).toContain('unset DOCKER_HOST');
  });

  it('a context whose engine is stopped names the context instead of trying other sockets', async () => {
    const ping = fakePinger({ [`unix://${COLIMA_SOCKET}`]: errno('ECONNREFUSED'), 'unix:///var/run/docker.sock': 'answers' });
    const error = await rejectionOf(
      findEngine({ ...world({ env: { DOCKER_CONTEXT: 'colima' }, files: { ...colimaContext, ...socketsAt(['/var/run/docker.sock']) } }), ping }),
    );
    expect(ping.asked).toEqual([`unix://${COLIMA_SOCKET}`]);
    expect(error.code).toBe('not-running');
    expect(error.message).toContain('context "colima"');
    expect(error.tryThis).toContain('docker context use default');
  });

  it('no DOCKER_HOST and no socket anywhere means Docker is not installed', async () => {
    const ping = fakePinger({});
    const error = await rejectionOf(findEngine({ ...world(), ping }));
    expect(error.code).toBe('not-installed');
    expect(error.message).toContain('/var/run/docker.sock');
    expect(error.tryThis).toBe('Install Docker Engine or Docker Desktop, or run scripts/engine-up.sh for an offline engine.');
    expect(ping.asked).toEqual([]);
  });

  it('when every socket fails, the most actionable failure is shown and the rest are listed', async () => {
    const ping = fakePinger({
      'unix:///var/run/docker.sock': errno('EACCES'),
      'unix:///run/user/1000/podman/podman.sock': errno('ECONNREFUSED'),
    });
    const files = socketsAt(['/run/user/1000/podman/podman.sock', '/var/run/docker.sock']);
    const error = await rejectionOf(findEngine({ ...world({ files }), ping }));
    expect(error).toBeInstanceOf(NoEngineError);
    expect(error.code).toBe('permission-denied');
    expect(error.message).toContain('One other place did not answer either.');
    expect((error as NoEngineError).tried.map((t) => t.endpoint.host)).toEqual([
      'unix:///var/run/docker.sock',
      'unix:///run/user/1000/podman/podman.sock',
    ]);
  });

  it('a pinger that never answers is cut off and reported as a timeout', async () => {
    const hanging: Pinger = () => new Promise(() => {});
    const error = await rejectionOf(findEngine({ ...world({ files: socketsAt(['/var/run/docker.sock']) }), ping: hanging, timeoutMs: 10 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('within 10 ms');
  });

  it('a malformed DOCKER_HOST fails before anything is pinged', async () => {
    const ping = fakePinger({});
    const error = await rejectionOf(findEngine({ ...world({ env: { DOCKER_HOST: 'tpc://box' } }), ping }));
    expect(error.code).toBe('malformed-host');
    expect(ping.asked).toEqual([]);
  });
});

// ── Classifying failures ────────────────────────────────────────────────────────────────────

const defaultSocket: EngineEndpoint = {
  host: 'unix:///var/run/docker.sock',
  source: 'socket',
  owner: 'docker',
  reason: 'the default socket /var/run/docker.sock',
};
const remoteHost: EngineEndpoint = { host: 'tcp://build-box:2376', source: 'DOCKER_HOST', reason: 'DOCKER_HOST is set to tcp://build-box:2376' };

describe('classifyEngineError turns a raw failure into a problem with one fix', () => {
  it('a socket that refuses connections means the daemon is stopped', () => {
    const error = classifyEngineError(errno('ECONNREFUSED', { address: '/var/run/docker.sock' }), { endpoint: defaultSocket });
    expect(error.code).toBe('not-running');
    expect(error.message).toBe(
      'Docker is not answering at the default socket /var/run/docker.sock: the connection was refused, so the daemon behind it is stopped.',
    );
    expect(error.tryThis).toBe('Start the Docker daemon: `sudo systemctl start docker` or open Docker Desktop.');
  });

  it('a socket file that vanished is not running either', () => {
    const error = classifyEngineError(errno('ENOENT'), { endpoint: defaultSocket });
    expect(error.code).toBe('not-running');
    expect(error.message).toContain('the socket file is missing');
  });

  it('EACCES on the socket means the learner is not in the docker group', () => {
    const error = classifyEngineError(errno('EACCES'), { endpoint: defaultSocket });
    expect(error.code).toBe('permission-denied');
    expect(error.tryThis).toBe(
      'Add yourself to the docker group with `sudo usermod -aG docker $USER` and log in again, or use rootless Docker.',
    );
  });

  it.each([
    ['ETIMEDOUT', errno('ETIMEDOUT')],
    ['an AbortError from the ping signal', Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' })],
    ['the DOMException from AbortSignal.timeout', new DOMException('The operation timed out.', 'TimeoutError')],
  ])('%s is a timeout', (_label, raw) => {
    const error = classifyEngineError(raw, { endpoint: defaultSocket, timeoutMs: 2000 });
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('Docker did not answer within 2 s at the default socket /var/run/docker.sock.');
  });

  it('a host name that does not resolve is unreachable, and says which name', () => {
    const error = classifyEngineError(errno('ENOTFOUND', { hostname: 'build-box' }), { endpoint: remoteHost });
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe('Cannot reach Docker at tcp://build-box:2376 (from DOCKER_HOST): the host name "build-box" does not resolve.');
    expect(error.tryThis).toContain('DOCKER_HOST');
  });

  it('a refused tcp port is unreachable, even when Node reports both IPv4 and IPv6 in an AggregateError', () => {
    const aggregate = new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')], 'connect failed');
    expect(classifyEngineError(errno('ECONNREFUSED'), { endpoint: remoteHost }).code).toBe('unreachable');
    expect(classifyEngineError(aggregate, { endpoint: remoteHost }).message).toContain('nothing is listening on that port');
  });

  it.each([
    ['a self-signed certificate', errno('DEPTH_ZERO_SELF_SIGNED_CERT')],
    ['a certificate for another name', errno('ERR_TLS_CERT_ALTNAME_INVALID')],
    ['TLS spoken to a plain-HTTP engine', errno('EPROTO', { message: 'wrong version number' })],
  ])('%s is a TLS problem', (_label, raw) => {
    const error = classifyEngineError(raw, { endpoint: remoteHost });
    expect(error.code).toBe('tls');
    expect(error.tryThis).toContain('DOCKER_CERT_PATH');
  });

  it('plain HTTP sent to a TLS engine says to turn TLS on', () => {
    const raw = Object.assign(new Error('(HTTP code 400) unexpected - Client sent an HTTP request to an HTTPS server.'), { statusCode: 400 });
    const error = classifyEngineError(raw, { endpoint: { ...remoteHost, host: 'tcp://build-box:2376' } });
    expect(error.code).toBe('tls');
    expect(error.tryThis).toContain('DOCKER_TLS_VERIFY=1');
  });

  it('a server that answers, but not like Docker, is an api problem', () => {
    const raw = Object.assign(new Error('(HTTP code 404) unexpected - page not found '), { statusCode: 404 });
    const error = classifyEngineError(raw, { endpoint: remoteHost });
    expect(error.code).toBe('api');
    expect(error.message).toBe(
      'Something answered at tcp://build-box:2376 (from DOCKER_HOST), but not like a healthy Docker engine (HTTP 404: page not found).',
    );
  });

  it('an SSH login that fails suggests trying ssh by hand and loading the key', () => {
    const endpoint: EngineEndpoint = { host: 'ssh://ada@build-box:2222', source: 'DOCKER_HOST', reason: 'DOCKER_HOST is set to ssh://ada@build-box:2222' };
    const raw = Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' });
    const error = classifyEngineError(raw, { endpoint });
    expect(error.code).toBe('permission-denied');
    expect(error.tryThis).toContain('`ssh -p 2222 ada@build-box`');
    expect(error.tryThis).toContain('ssh-add');
  });

  it('a stopped Colima, OrbStack or Podman is told how to start that one', () => {
    const colima: EngineEndpoint = { host: `unix://${COLIMA_SOCKET}`, source: 'socket', owner: 'colima', reason: "Colima's socket" };
    const podman: EngineEndpoint = { host: 'unix:///run/user/1000/podman/podman.sock', source: 'socket', owner: 'podman', reason: "Podman's socket" };
    expect(classifyEngineError(errno('ECONNREFUSED'), { endpoint: colima }).tryThis).toBe('Start Colima: `colima start`.');
    expect(classifyEngineError(errno('ECONNREFUSED'), { endpoint: podman }).tryThis).toContain('systemctl --user start podman.socket');
  });

  it('a DOCKER_HOST socket that is missing suggests unsetting DOCKER_HOST', () => {
    const endpoint: EngineEndpoint = { host: 'unix:///nonexistent.sock', source: 'DOCKER_HOST', reason: 'DOCKER_HOST is set to unix:///nonexistent.sock' };
    const error = classifyEngineError(errno('ENOENT'), { endpoint });
    expect(error.code).toBe('not-running');
    expect(error.message).toContain('unix:///nonexistent.sock (from DOCKER_HOST)');
    expect(error.tryThis).toContain('unset DOCKER_HOST');
  });

  it('keeps the raw error as the cause, and passes an EngineError through untouched', () => {
    const raw = errno('ECONNREFUSED');
    expect(classifyEngineError(raw, { endpoint: defaultSocket }).cause).toBe(raw);
    const already = new EngineError('dead-context', 'gone', 'go back');
    expect(classifyEngineError(already, { endpoint: defaultSocket })).toBe(already);
  });
});

// ── dockerode options ───────────────────────────────────────────────────────────────────────

describe('dockerodeOptions', () => {
  const deps = { env: { SSH_AUTH_SOCK: '/tmp/agent.sock', USER: 'learner' }, readFile: (p: string) => `contents of ${p}` };

  it('a unix socket becomes socketPath', () => {
    expect(dockerodeOptions(defaultSocket, 2000, deps)).toEqual({ socketPath: '/var/run/docker.sock', protocol: 'http', agent: expect.any(http.Agent) });
  });

  it('plain HTTP endpoints share one keep-alive agent that skips the TLS server-name lookup', () => {
    const tcp: EngineEndpoint = { host: 'tcp://build-box:2375', source: 'DOCKER_HOST', reason: '' };
    const socket = dockerodeOptions(defaultSocket, 2000, deps).agent;
    expect(socket).toBe(dockerodeOptions(tcp, 2000, deps).agent);
    expect((socket as unknown as { options: http.AgentOptions & { servername?: string } }).options).toMatchObject({ keepAlive: true, servername: '' });
  });

  it('a named pipe becomes its Windows path', () => {
    const pipe: EngineEndpoint = { host: 'npipe:////./pipe/docker_engine', source: 'socket', reason: 'pipe' };
    expect(dockerodeOptions(pipe, 2000, deps)).toEqual({ socketPath: '//./pipe/docker_engine', protocol: 'http', agent: expect.any(http.Agent) });
  });

  it('tcp with verified TLS reads the certificates through deps', () => {
    const endpoint: EngineEndpoint = { ...remoteHost, tls: { ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem', verify: true } };
    expect(dockerodeOptions(endpoint, 2000, deps)).toEqual({
      host: 'build-box',
      port: 2376,
      protocol: 'https',
      ca: 'contents of /c/ca.pem',
      cert: 'contents of /c/cert.pem',
      key: 'contents of /c/key.pem',
    });
  });

  it('tcp without TLS is plain http, and an IPv6 host loses its brackets', () => {
    const endpoint: EngineEndpoint = { host: 'tcp://[::1]:2375', source: 'DOCKER_HOST', reason: '' };
    expect(dockerodeOptions(endpoint, 2000, deps)).toEqual({ host: '::1', port: 2375, protocol: 'http', agent: expect.any(http.Agent) });
  });

  it('TLS without verification skips the certificate check through an agent', () => {
    const endpoint: EngineEndpoint = { ...remoteHost, tls: { verify: false } };
    const options = dockerodeOptions(endpoint, 2000, deps) as { agent?: { options: { rejectUnauthorized?: boolean } } };
    expect(options.agent?.options.rejectUnauthorized).toBe(false);
  });

  it('ssh uses the ssh-agent and bounds the handshake by the timeout', () => {
    const endpoint: EngineEndpoint = { host: 'ssh://ada@build-box:2222', source: 'DOCKER_HOST', reason: '' };
    expect(dockerodeOptions(endpoint, 1500, deps)).toEqual({
      protocol: 'ssh',
      host: 'build-box',
      port: 2222,
      username: 'ada',
      sshOptions: { agent: '/tmp/agent.sock', readyTimeout: 1500 },
    });
    const noUser: EngineEndpoint = { host: 'ssh://build-box', source: 'DOCKER_HOST', reason: '' };
    expect(dockerodeOptions(noUser, 1500, deps).username).toBe('learner');
  });
});

// ── The dockerode pinger against a stand-in engine on a unix socket (no Docker needed) ──────

describe.skipIf(process.platform === 'win32')('the dockerode pinger talks to whatever listens on the socket', () => {
  let dir: string;
  const servers: Server[] = [];
  const pinger = createDockerodePinger({ env: {}, readFile: () => '' });
  const at = (path: string): EngineEndpoint => ({ host: `unix://${path}`, source: 'socket', reason: path });

  function listen(path: string, handler: Parameters<typeof createServer>[1]): Promise<void> {
    const server = createServer(handler);
    servers.push(server);
    return new Promise((resolve) => server.listen(path, resolve));
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dojo-find-'));
    await listen(join(dir, 'engine.sock'), (req, res) => {
      res.writeHead(req.url?.endsWith('/_ping') ? 200 : 404, { 'Content-Type': 'text/plain' }).end('OK');
    });
    await listen(join(dir, 'stuck.sock'), () => {
      // accepts the request and never answers
    });
    await listen(join(dir, 'teapot.sock'), (_req, res) => res.writeHead(418).end('I am a teapot'));
  });

  afterAll(() => {
    for (const server of servers) server.closeAllConnections?.(), server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an engine that answers /_ping is found', async () => {
    await expect(pinger(at(join(dir, 'engine.sock')), 1000)).resolves.toBeUndefined();
  });

  it('a socket that never answers becomes a timeout', async () => {
    const endpoint = at(join(dir, 'stuck.sock'));
    const raw = await pinger(endpoint, 100).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(classifyEngineError(raw, { endpoint }).code).toBe('timeout');
  });

  it('a missing socket file becomes not-running', async () => {
    const endpoint = at(join(dir, 'missing.sock'));
    const raw = await pinger(endpoint, 1000).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(classifyEngineError(raw, { endpoint }).code).toBe('not-running');
  });

  it('something that is not Docker becomes an api problem', async () => {
    const endpoint = at(join(dir, 'teapot.sock'));
    const raw = await pinger(endpoint, 1000).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(classifyEngineError(raw, { endpoint }).code).toBe('api');
  });
});
