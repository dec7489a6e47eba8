/**
 * Engine faults, made without an engine: every way of not reaching Docker gives its own sentence
 * and fix, exit 2 from `doctor` and from `check`, no stack trace, and an answer in bounded time
 * (a silent or stalled engine is given up on, and the learner is told so).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyEngineError } from '../src/engine/classify.js';
import { contextDirName } from '../src/engine/contexts.js';
import { BIN, ROOT, dojo, fixture } from './support/cli.js';

const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
// Far above the 2 s ping timeout and far below the 60 s kill: it tells an answer from a hang even
// when three processes start at once on a busy machine. How fast the answer is lives in the bench.
const BOUND_MS = 40_000;
const course = ['--course', fixture('life-course')];
const dir = mkdtempSync(path.join(tmpdir(), 'dojo-faults-'));
chmodSync(dir, 0o755);
const servers: Array<{ close(): unknown }> = [];

/** A port nothing listens on: bound once by us, then released. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listen<T extends net.Server>(server: T): Promise<number> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A docker config folder whose current context points at `host` (or has no meta.json when undefined). */
function dockerConfig(name: string, meta: string | undefined): string {
  const config = path.join(dir, `config-${name}`);
  mkdirSync(config, { recursive: true });
  writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: name }));
  if (meta !== undefined) {
    const metaDir = path.join(config, 'contexts', 'meta', contextDirName(name));
    mkdirSync(metaDir, { recursive: true });
    writeFileSync(path.join(metaDir, 'meta.json'), meta);
  }
  return config;
}
const contextMeta = (name: string, host: string) => JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } });

interface Fault {
  what: string;
  /** problem.code in `doctor --json`. */
  code: string;
  says: RegExp[];
  env: () => Promise<Record<string, string>> | Record<string, string>;
  /** Run the CLI as another user (for permission faults when the tests run as root). */
  asUser?: string;
  /** Its point is how long the CLI waits: measured apart from the others, not among fifty processes. */
  timed?: boolean;
}

const isRoot = process.getuid?.() === 0;
const canSwitchUser = isRoot && spawnSync('runuser', ['-u', 'nobody', '--', 'true']).status === 0;

const faults: Fault[] = [
  // DOCKER_HOST that is not an address at all.
  { what: 'DOCKER_HOST with a misspelt scheme', code: 'malformed-host', env: () => ({ DOCKER_HOST: 'htp:/oops' }), says: [/DOCKER_HOST is set to "htp:\/oops", which is not a Docker host address: unknown scheme "htp:"/, /unix:\/\/\/var\/run\/docker\.sock/] },
  { what: 'DOCKER_HOST with a port out of range', code: 'malformed-host', env: () => ({ DOCKER_HOST: 'tcp://127.0.0.1:99999' }), says: [/"99999" is not a port number \(1–65535\)/] },
  { what: 'DOCKER_HOST as a bare socket path', code: 'malformed-host', env: () => ({ DOCKER_HOST: '/var/run/docker.sock' }), says: [/a socket path needs the unix:\/\/ scheme/, /Write it as unix:\/\/\/var\/run\/docker\.sock\./] },
  { what: 'DOCKER_HOST with no socket path', code: 'malformed-host', env: () => ({ DOCKER_HOST: 'unix://' }), says: [/it is missing the socket path after unix:\/\//] },

  // Unix sockets.
  { what: 'a socket that does not exist', code: 'not-running', env: () => ({ DOCKER_HOST: `unix://${dir}/none/docker.sock` }), says: [/Docker is not answering at unix:\/\/.*none\/docker\.sock \(from DOCKER_HOST\): the socket file is missing\./, /Start the Docker daemon that should listen there, or run `unset DOCKER_HOST`/] },
  {
    what: 'a plain file where the socket should be',
    code: 'not-running',
    env: () => {
      writeFileSync(path.join(dir, 'plain.sock'), '');
      return { DOCKER_HOST: `unix://${dir}/plain.sock` };
    },
    says: [/Docker is not answering at unix:\/\/.*plain\.sock \(from DOCKER_HOST\): .*plain\.sock is a regular file, not a socket\./],
  },
  {
    what: 'a socket file left by a daemon that died (nothing listens)',
    code: 'not-running',
    env: () => {
      const sock = path.join(dir, 'dead.sock');
      // A process that listens and is killed at once leaves its socket file behind.
      spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(sock)}, () => process.kill(process.pid, 'SIGKILL'))`]);
      expect(existsSync(sock)).toBe(true);
      return { DOCKER_HOST: `unix://${sock}` };
    },
    says: [/Docker is not answering at unix:\/\/.*dead\.sock \(from DOCKER_HOST\): the connection was refused, so the daemon behind it is stopped\./],
  },
  {
    what: 'a live socket the learner may not use (EACCES)',
    code: 'permission-denied',
    // As root every permission check passes, so the CLI runs as "nobody"; as anyone else the socket is made 000.
    asUser: canSwitchUser ? 'nobody' : undefined,
    env: async () => {
      const sock = path.join(dir, 'private.sock');
      const server = net.createServer((c) => c.end());
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(sock, resolve));
      chmodSync(sock, isRoot ? 0o600 : 0o000);
      return { DOCKER_HOST: `unix://${sock}` };
    },
    says: [/You are not allowed to use unix:\/\/.*private\.sock \(from DOCKER_HOST\) \(EACCES\)\./, /sudo usermod -aG docker \$USER/],
  },

  // TCP.
  { what: 'a TCP port where nothing listens', code: 'unreachable', env: async () => ({ DOCKER_HOST: `tcp://127.0.0.1:${await freePort()}` }), says: [/Cannot reach Docker at tcp:\/\/127\.0\.0\.1:\d+ \(from DOCKER_HOST\): nothing is listening on that port\./, /Check the host and port in DOCKER_HOST/] },
  {
    what: 'a TCP server that accepts and never answers',
    code: 'timeout',
    timed: true,
    env: async () => ({ DOCKER_HOST: `tcp://127.0.0.1:${await listen(net.createServer(() => undefined))}` }),
    says: [/Docker did not answer within 2 s at tcp:\/\/127\.0\.0\.1:\d+ \(from DOCKER_HOST\)\./, /Check that the machine is up and no firewall blocks the port/],
  },
  {
    what: 'an engine that answers ping, then stalls',
    code: 'timeout',
    timed: true,
    env: async () => {
      const server = http.createServer((req, res) => {
        if (req.url?.endsWith('/_ping')) res.writeHead(200, { 'Api-Version': '1.45' }).end('OK');
        // Everything else: the request is read and never answered, like a hung daemon.
      });
      return { DOCKER_HOST: `tcp://127.0.0.1:${await listen(server)}` };
    },
    says: [/Docker did not answer within 10 s at tcp:\/\/127\.0\.0\.1:\d+ \(from DOCKER_HOST\) while (reading|listing) /, /Check that the machine is up and no firewall blocks the port/],
  },
  {
    what: 'something that is not Docker answering HTTP',
    code: 'api',
    env: async () => ({ DOCKER_HOST: `tcp://127.0.0.1:${await listen(http.createServer((_, res) => res.writeHead(404).end('page not found')))}` }),
    says: [/Something answered at tcp:\/\/127\.0\.0\.1:\d+ \(from DOCKER_HOST\), but not like a healthy Docker engine \(HTTP 404/],
  },

  // Contexts.
  { what: 'a context whose engine is down', code: 'unreachable', env: async () => ({ DOCKER_HOST: '', DOCKER_CONFIG: dockerConfig('dead', contextMeta('dead', `tcp://127.0.0.1:${await freePort()}`)) }), says: [/Cannot reach Docker at tcp:\/\/127\.0\.0\.1:\d+ \(context "dead"\): nothing is listening on that port\./, /docker context use default/] },
  { what: 'a context whose socket is gone', code: 'not-running', env: () => ({ DOCKER_HOST: '', DOCKER_CONFIG: dockerConfig('gone', contextMeta('gone', `unix://${dir}/colima-gone.sock`)) }), says: [/Docker is not answering at unix:\/\/.*colima-gone\.sock \(context "gone"\): the socket file is missing\./, /Start the engine behind context "gone", or switch back with `docker context use default`/] },
  { what: 'a context that no longer exists', code: 'dead-context', env: () => ({ DOCKER_HOST: '', DOCKER_CONFIG: dockerConfig('ghost', undefined) }), says: [/The Docker context "ghost" \(from currentContext in .*config\.json\) no longer exists/, /docker context use default/] },
  { what: 'DOCKER_CONTEXT naming a context that does not exist', code: 'dead-context', env: () => ({ DOCKER_HOST: '', DOCKER_CONTEXT: 'nope', DOCKER_CONFIG: dockerConfig('other', undefined) }), says: [/The Docker context "nope" \(from DOCKER_CONTEXT\) no longer exists/, /unset DOCKER_CONTEXT/] },
  { what: 'a context with a broken meta.json', code: 'dead-context', env: () => ({ DOCKER_HOST: '', DOCKER_CONFIG: dockerConfig('broken', '{"Name": "broken", "Endpoints": ') }), says: [/The Docker context "broken" .* cannot be read: .*meta\.json is not valid JSON/] },
];

/** The CLI as the learner runs it, possibly as another user; a fresh progress folder each time. */
async function runAs(fault: Fault, env: Record<string, string>, args: string[]) {
  const home = mkdtempSync(path.join(dir, 'home-'));
  if (fault.asUser) chownSync(home, Number(spawnSync('id', ['-u', fault.asUser]).stdout.toString()), -1);
  const full = { NO_COLOR: '1', DOCKER_DOJO_HOME: home, DOCKER_DOJO_WORKSPACE: path.join(home, 'work'), HOME: home, ...env };
  const started = performance.now();
  const result = fault.asUser
    ? await execa('runuser', ['-u', fault.asUser, '--', 'env', ...Object.entries(full).map(([k, v]) => `${k}=${v}`), process.execPath, BIN, ...args], { reject: false, stdin: 'ignore', cwd: ROOT, timeout: 60_000 })
    : await dojo(args, full, { timeout: 60_000 });
  return { ...result, ms: Math.round(performance.now() - started) };
}

const tally = { faults: 0, runs: 0, slowest: { what: '', ms: 0 } };

afterAll(() => {
  servers.forEach((s) => s.close());
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\nengine faults: ${tally.faults} faults injected, ${tally.runs} runs of doctor, doctor --json and check; all exit 2 with their own sentence and fix, no stack trace; ` +
      `slowest "${tally.slowest.what}" ${tally.slowest.ms} ms (bound ${BOUND_MS} ms).${canSwitchUser ? ' EACCES made for real by running the CLI as "nobody".' : ''}\n` +
      '  reproduce: npx vitest run test/engine-faults.test.ts',
  );
});

async function expectSpecificFailure(fault: Fault): Promise<void> {
  const env = await fault.env();
  const [doctor, doctorJson, check] = await Promise.all([runAs(fault, env, ['doctor']), runAs(fault, env, ['doctor', '--json']), runAs(fault, env, [...course, 'check', 'life-web'])]);

  for (const run of [doctor, doctorJson, check]) {
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(2);
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(STACK_TRACE);
    expect(run.stderr).not.toContain('hit a bug');
    expect(run.ms, 'answered in bounded time').toBeLessThan(BOUND_MS);
    if (run.ms > tally.slowest.ms) tally.slowest = { what: fault.what, ms: run.ms };
  }
  for (const says of fault.says) {
    expect(doctor.stdout).toMatch(says);
    expect(check.stderr).toMatch(says);
  }
  expect(JSON.parse(doctorJson.stdout)).toMatchObject({ ok: false, problem: { code: fault.code } });
  tally.faults++;
  tally.runs += 3;
}

describe.concurrent('an engine that cannot be used', () => {
  it.each(faults.filter((f) => !f.timed))('$what: doctor and check exit 2 with a specific message', { timeout: 120_000 }, expectSpecificFailure);
});

describe('an engine that does not answer in time', () => {
  it.each(faults.filter((f) => f.timed))(`$what: doctor and check give up within ${BOUND_MS / 1000} s and say so`, { timeout: 120_000 }, expectSpecificFailure);
});

describe('hints with an engine that hangs', () => {
  it('a hint and the solution still come within a few seconds: the engine is only nice to have there', { timeout: 60_000 }, async () => {
    const stalled = http.createServer((req, res) => {
      if (req.url?.endsWith('/_ping')) res.writeHead(200, { 'Api-Version': '1.45' }).end('OK');
    });
    const env = { DOCKER_HOST: `tcp://127.0.0.1:${await listen(stalled)}` };
    const fault: Fault = { what: 'hint on a stalled engine', code: 'timeout', env: () => env, says: [] };
    for (const args of [[...course, 'hint', 'life-web'], [...course, 'solution', 'life-web', '--yes']]) {
      const run = await runAs(fault, env, args);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Hint 1\/|Solution — run these/);
      expect(run.ms, `${args.join(' ')} waited on the hung engine`).toBeLessThan(8_000);
    }
  });
});

describe('the classifier, for faults a test cannot make on this machine', () => {
  const socket = { host: 'unix:///var/run/docker.sock', source: 'socket' as const, reason: 'the default socket /var/run/docker.sock', owner: 'docker' as const };

  it('EACCES on the default socket says to join the docker group', () => {
    const error = classifyEngineError(Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' }), { endpoint: socket });
    expect(error.code).toBe('permission-denied');
    expect(error.message).toBe('You are not allowed to use the default socket /var/run/docker.sock (EACCES).');
    expect(error.tryThis).toContain('sudo usermod -aG docker $USER');
  });

  it('a path that is a folder, not a socket, says so', () => {
    const endpoint = { host: 'unix:///run/docker', source: 'DOCKER_HOST' as const, reason: 'DOCKER_HOST is set to unix:///run/docker' };
    const error = classifyEngineError(Object.assign(new Error('connect ECONNREFUSED /run/docker'), { code: 'ECONNREFUSED' }), { endpoint, timeoutMs: 2000, pathKind: () => 'directory' });
    expect(error.message).toBe('Docker is not answering at unix:///run/docker (from DOCKER_HOST): /run/docker is a folder, not a socket.');
  });
});
