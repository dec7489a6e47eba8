/**
 * An engine reached over SSH (DOCKER_HOST=ssh://…), for real: a private sshd on a free port with
 * its own host key and authorized_keys, an ssh-agent holding a fresh key, and the docker CLI on
 * the "remote" side answering `docker system dial-stdio`. Nothing of the user's own SSH set-up
 * is read or changed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dojo, tempHome } from './support/cli.js';
import { engineRequired, probeEngine, waitFor } from './support/engine.js';

const SSHD = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p));
const isRoot = process.getuid?.() === 0;

let skipReason: string | undefined;
let dir = '';
let port = 0;
let agentSocket = '';
const daemons: ResultPromise[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as net.AddressInfo;
      server.close(() => resolve(p));
    });
    server.on('error', reject);
  });
}

function answers(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(p, '127.0.0.1');
    socket.once('data', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    setTimeout(() => (socket.destroy(), resolve(false)), 500);
  });
}

beforeAll(async () => {
  const probe = await probeEngine();
  skipReason = probe.skipReason;
  if (skipReason) return;
  if (!SSHD || !isRoot) {
    const why = !SSHD ? 'no sshd here (apt-get install openssh-server)' : 'sshd needs root to serve logins';
    if (engineRequired) throw new Error(`DOJO_REQUIRE_ENGINE=1 but the SSH engine test cannot run: ${why}`);
    skipReason = `skipped: ${why}`;
    console.warn(`\n⚠ the ssh:// engine test is ${skipReason}\n  Set DOJO_REQUIRE_ENGINE=1 to make this a failure.\n`);
    return;
  }
  dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-ssh-'));
  for (const key of ['host_key', 'user_key']) await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, key)]);
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'user_key.pub')));
  chmodSync(path.join(dir, 'authorized_keys'), 0o600);
  mkdirSync('/run/sshd', { recursive: true });
  port = await freePort();
  daemons.push(
    execa(SSHD, ['-D', '-e', '-f', '/dev/null', '-p', String(port), '-h', path.join(dir, 'host_key'),
      '-o', 'ListenAddress=127.0.0.1', '-o', `AuthorizedKeysFile=${path.join(dir, 'authorized_keys')}`, '-o', 'PidFile=none',
      '-o', 'StrictModes=no', '-o', 'PasswordAuthentication=no', '-o', 'KbdInteractiveAuthentication=no', '-o', 'UsePAM=no',
      '-o', 'PermitRootLogin=prohibit-password',
      // The remote side serves the engine the tests use (one in a namespace of its own, in CI).
      ...(process.env.DOCKER_HOST?.startsWith('unix://') ? ['-o', `SetEnv=DOCKER_HOST=${process.env.DOCKER_HOST}`] : [])], { reject: false, stdin: 'ignore' }),
  );
  agentSocket = path.join(dir, 'agent.sock');
  daemons.push(execa('ssh-agent', ['-D', '-a', agentSocket], { reject: false, stdin: 'ignore' }));
  await waitFor('the ssh-agent socket', async () => existsSync(agentSocket), 10_000, 50);
  await execa('ssh-add', [path.join(dir, 'user_key')], { env: { SSH_AUTH_SOCK: agentSocket } });
  await waitFor(`sshd on port ${port}`, () => answers(port), 10_000, 100);
}, 60_000);

afterAll(() => {
  for (const daemon of daemons) daemon.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an engine over SSH', () => {
  it('is found, answers doctor, and grades a lab, with no warning about its address', async (ctx) => {
    if (skipReason) return ctx.skip();
    const env = { ...tempHome(), DOCKER_HOST: `ssh://${os.userInfo().username}@127.0.0.1:${port}`, SSH_AUTH_SOCK: agentSocket, DOCKER_CONTEXT: undefined };

    const doctor = await dojo(['doctor', '--json'], env, { timeout: 60_000 });
    expect(doctor.exitCode, doctor.stdout + doctor.stderr).toBe(0);
    const report = JSON.parse(doctor.stdout);
    expect(report).toMatchObject({ ok: true, endpoint: { host: env.DOCKER_HOST, source: 'DOCKER_HOST' } });
    expect(report.server.version).toMatch(/^\d+\./);
    expect(doctor.stderr).not.toMatch(/DeprecationWarning|DEP0170/);

    const missing = await dojo(['--course', path.join(__dirname, 'fixtures/life-course'), 'check', 'life-web', '--json'], env, { timeout: 60_000 });
    expect(missing.exitCode, missing.stderr).toBe(1);
    const grade = JSON.parse(missing.stdout);
    expect(grade.checks.length).toBeGreaterThan(0);
    expect(missing.stderr).not.toMatch(/DeprecationWarning|DEP0170/);
  }, 120_000);
});
