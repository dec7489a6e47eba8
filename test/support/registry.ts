/**
 * A registry of a test's own, on a free port of 127.0.0.1 with storage in a temporary folder:
 * tests push here, never to the offline kit's mirror on 127.0.0.1:5000, whose storage every
 * engine on the machine shares (and which may be read-only).
 */
import { execa, type ResultPromise } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from './engine.js';

export interface TestRegistry {
  /** host:port to put in front of a repository name, e.g. `${host}/dojo-test/x:1`. */
  host: string;
  stop(): Promise<void>;
}

/** Whether the registry binary the kit installs (Debian's docker-registry) is here. */
export const registryAvailable = async () => (await execa('docker-registry', ['--version'], { reject: false }).catch(() => undefined))?.exitCode === 0;

async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startTestRegistry(): Promise<TestRegistry> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dojo-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = path.join(dir, 'config.yml');
  writeFileSync(config, ['version: 0.1', 'log: {level: error}', `storage: {filesystem: {rootdirectory: ${path.join(dir, 'data')}}}`, `http: {addr: '${host}'}`, ''].join('\n'));
  const child: ResultPromise = execa('docker-registry', ['serve', config], { reject: false, stdin: 'ignore' });
  const answers = async () => (await execa('curl', ['-fsS', '-m', '2', '-o', '/dev/null', `http://${host}/v2/`], { reject: false })).exitCode === 0;
  await waitFor(`the test registry on ${host}`, answers, 20_000, 100);
  return {
    host,
    async stop() {
      child.kill('SIGTERM');
      await child;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
