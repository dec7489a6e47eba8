#!/usr/bin/env node
// The least a grader written for Node can do for the bench-web lab: Node's own modules only, the
// Engine API straight on its socket, the five checks at once, and one atomic write of the result.
// No argument parsing, course validation, lock, engine discovery or error messages. `npm run bench`
// times it beside `docker-dojo check` and bench/shell-grader.sh: it is where a Node grader's time
// starts, so the distance between it and docker-dojo is what docker-dojo's own code costs.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const name = process.env.BENCH_CONTAINER ?? 'bench-web';
const port = Number(process.env.BENCH_PORT ?? 18180);
const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
if (!host.startsWith('unix://')) throw new Error(`this grader reads unix sockets only, not ${host}`);
const engine = { socketPath: host.slice('unix://'.length) };

const get = (options) =>
  new Promise((resolve) => {
    const request = http.get({ timeout: 2000, ...options }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve({ status: 0, body: '' }));
  });
const json = (reply) => (reply.status === 200 ? JSON.parse(reply.body) : undefined);

// The course the lab comes from, as a grader must read it to know what to check.
readFileSync(new URL('./fixture-course/labs/bench-web.md', import.meta.url), 'utf8');

const [container, image, page] = await Promise.all([
  get({ ...engine, path: `/containers/${name}/json` }).then(json),
  get({ ...engine, path: '/images/nginx:1.27-alpine/json' }),
  get({ host: '127.0.0.1', port, path: '/' }),
]);
const verdicts = [
  [container?.State?.Running === true, `container-running ${name}`],
  [(container?.NetworkSettings?.Ports?.['80/tcp'] ?? []).some((b) => Number(b.HostPort) === port), `container-port ${name} 80/tcp -> ${port}`],
  [page.status === 200 && page.body.includes('nginx'), `http :${port} contains nginx`],
  [image.status === 200, 'image-present nginx:1.27-alpine'],
  [(container?.Config?.Env ?? []).includes('BENCH_MODE=fast'), `container-env ${name} BENCH_MODE=fast`],
];

const home = process.env.DOCKER_DOJO_HOME ?? path.join(os.tmpdir(), 'docker-dojo-bench-floor');
mkdirSync(home, { recursive: true });
const file = path.join(home, 'floor-grade.json');
writeFileSync(`${file}.tmp`, JSON.stringify({ at: new Date().toISOString(), passed: verdicts.map(([ok]) => ok) }));
const fd = openSync(`${file}.tmp`, 'r+');
fsyncSync(fd);
closeSync(fd);
renameSync(`${file}.tmp`, file);

for (const [ok, what] of verdicts) process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
process.exitCode = verdicts.every(([ok]) => ok) ? 0 : 1;
