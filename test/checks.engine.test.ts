/**
 * Every check kind against the real engine, once in a state that passes it and once in a state
 * that fails it. Objects are named t-chk-* and removed afterwards; nothing else is touched.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckSpec } from '../src/course/schema.js';
import { judge } from '../src/checks/index.js';
import type { Baseline, EngineFacts } from '../src/checks/facts.js';
import type { EngineClient } from '../src/engine/port.js';
import { gatherFacts, takeBaseline } from '../src/facts/gather.js';
import net from 'node:net';
import { docker, dockerOk, probeEngine, removeQuietly, waitFor } from './support/engine.js';
import { startTestRegistry, type TestRegistry } from './support/registry.js';

const { connection, skipReason } = await probeEngine();

const CONTAINERS = ['t-chk-web', 't-chk-client', 't-chk-exit', 't-chk-reg', 't-chk-local', 't-chk-gone', 't-chk-never', 't-chk-quit', 't-chk-auto', 't-chk-again', 't-chk-writer', 't-chk-reader', 't-chk-ro', 't-chk-locked', 't-chk-open'];
// Pulled from a registry of the test's own: nothing is pushed to the kit's shared mirror.
const registry: TestRegistry | undefined = skipReason ? undefined : await startTestRegistry();
const PULLED = `${registry?.host}/t-chk/pull:1`;
/** Pulled, then given to a local build of the same name: a pull check must not count it. */
const OVER = `${registry?.host}/t-chk/over:1`;
const IMAGES = [PULLED, OVER, 't-chk-built:1', 't-chk-tag:1', '127.0.0.1:15001/t-chk/demo:1', 't-chk-leak:1', 't-chk-multi:1', 't-chk-user:1'];
const REGISTRY_PORT = 15001;
const WEB_PORT = 18081;

async function cleanUp() {
  await removeQuietly('service', 't-chk-svc', 't-chk-edge', 't-chk-roll', 't-chk-batch');
  await removeQuietly('container', ...CONTAINERS);
  await removeQuietly('image', ...IMAGES);
  await removeQuietly('volume', 't-chk-vol');
  await removeQuietly('network', 't-chk-net');
}

describe.skipIf(Boolean(skipReason))(`checks on a real engine${skipReason ? ` (${skipReason})` : ''}`, () => {
  let client: EngineClient;
  let before: Baseline;
  let after: Baseline;
  let joinedSwarm = false;

  async function verdictsFor(inputs: unknown[], baseline: Baseline = before) {
    const specs = inputs.map((i) => CheckSpec.parse(i));
    const facts: EngineFacts = await gatherFacts(client, specs, baseline);
    return specs.map((s) => judge(s, facts));
  }
  async function expectPass(input: unknown, baseline?: Baseline) {
    const [v] = await verdictsFor([input], baseline);
    expect(v, JSON.stringify(v)).toMatchObject({ ok: true });
  }
  async function expectFail(input: unknown, found?: string | RegExp, baseline?: Baseline) {
    const [v] = await verdictsFor([input], baseline);
    expect(v!.ok, JSON.stringify(v)).toBe(false);
    if (found) expect(v!.found).toMatch(found);
  }

  beforeAll(async () => {
    client = connection!.client;
    await cleanUp();
    await dockerOk('pull', '-q', 'alpine:3.20');
    await dockerOk('pull', '-q', 'nginx:1.27-alpine');
    // An image only the test's registry has, so the pull below is new.
    const pullSource = mkdtempSync(path.join(tmpdir(), 'dojo-pull-'));
    writeFileSync(path.join(pullSource, 'Dockerfile'), `FROM alpine:3.20\nLABEL unique=${Date.now()}\n`);
    await dockerOk('build', '-q', '-t', PULLED, pullSource);
    await dockerOk('push', PULLED);
    await dockerOk('tag', PULLED, OVER);
    await dockerOk('push', OVER);
    await dockerOk('image', 'rm', PULLED, OVER);
    before = await takeBaseline(client, new Date(Date.now() - 1000));
    await dockerOk('pull', '-q', PULLED);
    await dockerOk('pull', '-q', OVER);
    await dockerOk('pull', '-q', 'registry:2');

    const context = mkdtempSync(path.join(tmpdir(), 'dojo-build-'));
    writeFileSync(path.join(context, 'Dockerfile'), ['FROM alpine:3.20', 'LABEL course=dojo', 'ENV APP_MODE=prod', 'COPY run.sh /app/run.sh', 'EXPOSE 8080', 'CMD ["sh", "/app/run.sh"]', ''].join('\n'));
    writeFileSync(path.join(context, 'run.sh'), 'echo hi\n');
    await dockerOk('build', '-q', '-t', 't-chk-built:1', context);
    await dockerOk('build', '-q', '-t', OVER, context);
    await dockerOk('tag', 'alpine:3.20', 't-chk-tag:1');

    await dockerOk('network', 'create', 't-chk-net');
    await dockerOk('volume', 'create', 't-chk-vol');
    await dockerOk('run', '-d', '--name', 't-chk-web', '-p', `${WEB_PORT}:80`, '-e', 'MODE=dev', '--restart', 'unless-stopped', '-v', 't-chk-vol:/data', '--network', 't-chk-net', 'nginx:1.27-alpine');
    await dockerOk('run', '-dit', '--name', 't-chk-client', '--network', 't-chk-net', 'alpine:3.20', 'sh');
    await docker('run', '--name', 't-chk-exit', 'alpine:3.20', 'sh', '-c', 'echo hello-log; echo some-content > /note.txt; exit 3');
    await dockerOk('run', '-d', '--name', 't-chk-reg', '-p', `${REGISTRY_PORT}:5000`, 'registry:2');
    await dockerOk('tag', 'alpine:3.20', `127.0.0.1:${REGISTRY_PORT}/t-chk/demo:1`);
    await waitFor('the test registry', async () => (await docker('push', `127.0.0.1:${REGISTRY_PORT}/t-chk/demo:1`)).exitCode === 0);

    const info = await client.info();
    if (info.Swarm?.LocalNodeState !== 'active') {
      await dockerOk('swarm', 'init', '--advertise-addr', '127.0.0.1');
      joinedSwarm = true;
    }
    await dockerOk('service', 'create', '-d', '--name', 't-chk-svc', '--replicas', '1', 'alpine:3.20', 'sleep', '3600');
    await waitFor('the service task', async () => {
      const [v] = await verdictsFor([{ kind: 'service-running', service: 't-chk-svc', replicas: 1 }]);
      return v!.ok;
    }, 60_000, 500);
    after = await takeBaseline(client, new Date(Date.now() + 1000));
  });

  afterAll(async () => {
    await cleanUp();
    if (joinedSwarm) await docker('swarm', 'leave', '--force');
    await registry?.stop();
  });

  it('engine-reachable', async () => {
    await expectPass({ kind: 'engine-reachable' });
  });

  it('image-present: pulled after the start passes; the same image does not count for a later baseline', async () => {
    await expectPass({ kind: 'image-present', image: PULLED, pulled: true, sinceStart: true });
    await expectFail({ kind: 'image-present', image: PULLED, sinceStart: true }, /already there before the lab started/, after);
    await expectFail({ kind: 'image-present', image: PULLED, pulled: true }, /not been pulled since the lab started/, after);
    // On the containerd image store a local build has a registry-like digest: it still is no pull.
    await expectFail({ kind: 'image-present', image: 't-chk-built:1', pulled: true }, /no registry digest|made on this engine during the lab/);
    await expectFail({ kind: 'image-present', image: OVER, pulled: true }, /no registry digest|made on this engine after the pull/);
    await expectFail({ kind: 'image-present', image: 't-chk-nothing:1' }, 'no image "t-chk-nothing:1" on the engine');
  });

  it('image-absent', async () => {
    await expectPass({ kind: 'image-absent', image: 't-chk-nothing:1' });
    await expectFail({ kind: 'image-absent', image: 't-chk-tag:1' }, /t-chk-tag:1/);
  });

  it('image-label, image-env, image-exposes, image-command', async () => {
    await expectPass({ kind: 'image-label', image: 't-chk-built:1', key: 'course', value: 'dojo' });
    await expectFail({ kind: 'image-label', image: 'alpine:3.20', key: 'course' }, 'no labels');
    await expectPass({ kind: 'image-env', image: 't-chk-built:1', name: 'APP_MODE', value: 'prod' });
    await expectFail({ kind: 'image-env', image: 'alpine:3.20', name: 'APP_MODE' }, 'APP_MODE not set');
    await expectPass({ kind: 'image-exposes', image: 't-chk-built:1', port: 8080 });
    await expectFail({ kind: 'image-exposes', image: 't-chk-built:1', port: 80 }, 'exposed: 8080/tcp');
    await expectPass({ kind: 'image-command', image: 't-chk-built:1', cmd: ['sh', '/app/run.sh'] });
    await expectFail({ kind: 'image-command', image: 't-chk-built:1', cmd: ['sh'] });
  });

  it('image-layers, image-shares-layers, image-same-id', async () => {
    const base = (await client.inspectImage('alpine:3.20'))!.RootFS!.Layers!.length;
    await expectPass({ kind: 'image-layers', image: 't-chk-built:1', equals: base + 1 });
    await expectFail({ kind: 'image-layers', image: 't-chk-built:1', max: base }, `${base + 1} layers`);
    await expectPass({ kind: 'image-shares-layers', image: 't-chk-built:1', with: 'alpine:3.20', min: base });
    await expectFail({ kind: 'image-shares-layers', image: 't-chk-built:1', with: 'nginx:1.27-alpine' }, /^0 shared/);
    await expectPass({ kind: 'image-same-id', image: 'alpine:3.20', as: 't-chk-tag:1' });
    await expectFail({ kind: 'image-same-id', image: 'alpine:3.20', as: 't-chk-built:1' });
  });

  it('container-exists, container-running, container-exited, container-absent', async () => {
    await expectPass({ kind: 'container-exists', container: 't-chk-exit', sinceStart: true });
    await expectFail({ kind: 'container-exists', container: 't-chk-exit', sinceStart: true }, /existed before the lab started/, after);
    await expectPass({ kind: 'container-running', container: 't-chk-web' });
    await expectPass({ kind: 'container-running', image: 'nginx:1.27-alpine', sinceStart: true });
    await expectFail({ kind: 'container-running', image: 'nginx:1.27-alpine', sinceStart: true }, /existed before the lab started/, after);
    await expectFail({ kind: 'container-running', container: 't-chk-exit' }, '"t-chk-exit" is exited (exit code 3)');
    await expectPass({ kind: 'container-exited', container: 't-chk-exit', exitCode: 3 });
    await expectFail({ kind: 'container-exited', container: 't-chk-exit', exitCode: 0 });
    await expectPass({ kind: 'container-absent', container: 't-chk-nobody' });
    await expectFail({ kind: 'container-absent', container: 't-chk-web' }, /running/);
  });

  it('container-tty, container-env, container-restart-policy, container-port', async () => {
    await expectPass({ kind: 'container-tty', container: 't-chk-client' });
    await expectFail({ kind: 'container-tty', container: 't-chk-web' }, 'Tty off, OpenStdin off');
    await expectPass({ kind: 'container-env', container: 't-chk-web', name: 'MODE', value: 'dev' });
    await expectFail({ kind: 'container-env', container: 't-chk-web', name: 'MODE', value: 'prod' }, 'MODE=dev');
    await expectPass({ kind: 'container-restart-policy', container: 't-chk-web', policy: 'unless-stopped' });
    await expectFail({ kind: 'container-restart-policy', container: 't-chk-client', policy: 'always' }, 'restart policy "no"');
    await expectPass({ kind: 'container-port', container: 't-chk-web', port: 80, hostPort: WEB_PORT });
    await expectFail({ kind: 'container-port', container: 't-chk-client', port: 80 }, 'no published ports');
  });

  it('container-mount and container-network', async () => {
    await expectPass({ kind: 'container-mount', container: 't-chk-web', destination: '/data', volume: 't-chk-vol' });
    await expectFail({ kind: 'container-mount', container: 't-chk-client', destination: '/data', volume: 't-chk-vol' }, 'no mounts');
    await expectPass({ kind: 'container-network', container: 't-chk-client', network: 't-chk-net' });
    await expectFail({ kind: 'container-network', container: 't-chk-exit', network: 't-chk-net' }, 'attached to "bridge"');
  });

  it('container-file reads files from stopped containers too, and container-logs', async () => {
    await expectPass({ kind: 'container-file', container: 't-chk-exit', path: '/note.txt', contains: 'some-content' });
    await expectFail({ kind: 'container-file', container: 't-chk-exit', path: '/note.txt', contains: 'other' }, /contains "some-content"/);
    await expectFail({ kind: 'container-file', container: 't-chk-exit', path: '/missing.txt' });
    await expectPass({ kind: 'container-logs', container: 't-chk-exit', contains: 'hello-log' });
    await expectFail({ kind: 'container-logs', container: 't-chk-exit', contains: 'goodbye' }, /hello-log/);
  });

  it('container-resolves: names resolve on a user-defined network, not on the default bridge', async () => {
    await expectPass({ kind: 'container-resolves', container: 't-chk-client', target: 't-chk-web' });
    await expectFail({ kind: 'container-resolves', container: 't-chk-client', target: 't-chk-nobody' }, /did not resolve/);
    await expectFail({ kind: 'container-resolves', container: 't-chk-exit', target: 't-chk-web' }, '"t-chk-exit" is exited');
  });

  it('http', async () => {
    await expectPass({ kind: 'http', port: WEB_PORT, contains: 'Welcome to nginx!' });
    await expectFail({ kind: 'http', port: WEB_PORT, path: '/nope' }, /HTTP 404/);
    await expectFail({ kind: 'http', port: 18099, attempts: 1 }, 'nothing listens on port 18099');
    // No running container publishes this port, so the probe does not wait for a server to start.
    let connections = 0;
    const resetting = net.createServer((socket) => {
      connections++;
      socket.resetAndDestroy();
    });
    await new Promise<void>((resolve) => resetting.listen(18098, '127.0.0.1', resolve));
    try {
      await expectFail({ kind: 'http', port: 18098, attempts: 5 });
      expect(connections).toBe(1);
    } finally {
      resetting.close();
    }
  });

  it('volume-exists, network-exists, network-has-containers', async () => {
    await expectPass({ kind: 'volume-exists', volume: 't-chk-vol', sinceStart: true });
    await expectFail({ kind: 'volume-exists', volume: 't-chk-vol', sinceStart: true }, 'it existed before the lab started', after);
    await expectFail({ kind: 'volume-exists', volume: 't-chk-novol' }, 'no such volume');
    await expectPass({ kind: 'network-exists', network: 't-chk-net', driver: 'bridge' });
    await expectFail({ kind: 'network-exists', network: 't-chk-nonet' }, 'no such network');
    await expectPass({ kind: 'network-has-containers', network: 't-chk-net', containers: ['t-chk-web', 't-chk-client'] });
    await expectFail({ kind: 'network-has-containers', network: 't-chk-net', containers: ['t-chk-exit'] });
  });

  it('event-since-start', async () => {
    await expectPass({ kind: 'event-since-start', type: 'image', action: 'pull', name: PULLED });
    await expectPass({ kind: 'event-since-start', type: 'container', action: 'die', name: 't-chk-exit' });
    await expectFail({ kind: 'event-since-start', type: 'container', action: 'destroy', name: 't-chk-web' });
  });

  it('registry-has-tag', async () => {
    await expectPass({ kind: 'registry-has-tag', registry: `127.0.0.1:${REGISTRY_PORT}`, repository: 't-chk/demo', tag: '1' });
    await expectFail({ kind: 'registry-has-tag', registry: `127.0.0.1:${REGISTRY_PORT}`, repository: 't-chk/demo', tag: '2' }, 'tags: 1');
    await expectFail({ kind: 'registry-has-tag', registry: '127.0.0.1:15099', repository: 'x', tag: '1' }, 'no registry answers on 127.0.0.1:15099');
  });

  it('swarm-active and service-running', async () => {
    await expectPass({ kind: 'swarm-active' });
    await expectFail({ kind: 'swarm-active', active: false }, 'swarm mode is active');
    await expectPass({ kind: 'service-running', service: 't-chk-svc', replicas: 1, image: 'alpine:3.20' });
    await expectFail({ kind: 'service-running', service: 't-chk-svc', replicas: 2 }, /1 running of 1 wanted/);
    await expectFail({ kind: 'service-running', service: 't-chk-nosvc' }, 'no such service');
  });

  it('container-exited with a name and an image, and a --rm container through its die event', async () => {
    await expectPass({ kind: 'container-exited', container: 't-chk-exit', image: 'alpine:3.20', exitCode: 3 });
    await expectFail({ kind: 'container-exited', container: 't-chk-exit', image: 'nginx:1.27-alpine', exitCode: 3 }, '"t-chk-exit" was made from alpine:3.20, not nginx:1.27-alpine');
    expect((await docker('run', '--rm', 'alpine:3.20', 'sh', '-c', 'exit 5')).exitCode).toBe(5);
    await expectPass({ kind: 'container-exited', image: 'alpine:3.20', exitCode: 5, sinceStart: true });
    await expectFail({ kind: 'container-exited', image: 'alpine:3.20', exitCode: 6, sinceStart: true });
  });

  it('container-command and container-logs-kernel', async () => {
    await expectPass({ kind: 'container-command', container: 't-chk-exit', programs: ['echo', 'sh'] });
    await expectFail({ kind: 'container-command', container: 't-chk-exit', programs: ['ps'] }, /"t-chk-exit" ran: sh -c echo hello-log/);
    await expectFail({ kind: 'container-logs-kernel', container: 't-chk-exit' }, /logs end with "hello-log", without the release/);
    await removeQuietly('container', 't-chk-kernel');
    await dockerOk('run', '--name', 't-chk-kernel', 'alpine:3.20', 'uname', '-r');
    try {
      await expectPass({ kind: 'container-logs-kernel', container: 't-chk-kernel' });
    } finally {
      await removeQuietly('container', 't-chk-kernel');
    }
  });

  it('image-user, container-read-only, container-capabilities and container-process-user', async () => {
    const context = mkdtempSync(path.join(tmpdir(), 'dojo-user-'));
    writeFileSync(path.join(context, 'Dockerfile'), 'FROM alpine:3.20\nUSER 10001:10001\n');
    await dockerOk('build', '-q', '-t', 't-chk-user:1', context);
    await dockerOk('run', '-d', '--name', 't-chk-locked', '--read-only', '--cap-drop', 'all', '--cap-add', 'CAP_CHOWN', 't-chk-user:1', 'sleep', '3600');
    await dockerOk('run', '-d', '--name', 't-chk-open', 'alpine:3.20', 'sleep', '3600');
    await expectPass({ kind: 'image-user', image: 't-chk-user:1', user: '10001:10001' });
    await expectFail({ kind: 'image-user', image: 'alpine:3.20' }, 'no USER, so root');
    await expectPass({ kind: 'container-read-only', container: 't-chk-locked' });
    await expectFail({ kind: 'container-read-only', container: 't-chk-open' }, 'a writable root filesystem');
    await expectPass({ kind: 'container-capabilities', container: 't-chk-locked', drop: ['ALL'], add: ['CHOWN'] });
    await expectFail({ kind: 'container-capabilities', container: 't-chk-locked', drop: ['ALL'] }, 'dropped: ALL; added: CHOWN');
    await expectFail({ kind: 'container-capabilities', container: 't-chk-open', drop: ['ALL'] }, 'dropped: none; added: none');
    await expectPass({ kind: 'container-process-user', container: 't-chk-locked' });
    await expectFail({ kind: 'container-process-user', container: 't-chk-open' }, 'user ID 0 (root) runs sleep');
    await removeQuietly('container', 't-chk-locked', 't-chk-open');
    await expectFail({ kind: 'container-process-user', container: 't-chk-locked' }, 'no container named "t-chk-locked"');
  });

  it('container-port with hostIp: bound on 127.0.0.1 only passes; published on every interface fails', async () => {
    await dockerOk('run', '-d', '--name', 't-chk-local', '-p', `127.0.0.1:${WEB_PORT + 1}:80`, 'nginx:1.27-alpine');
    await expectPass({ kind: 'container-port', container: 't-chk-local', port: 80, hostPort: WEB_PORT + 1, hostIp: '127.0.0.1' });
    await expectFail({ kind: 'container-port', container: 't-chk-web', port: 80, hostPort: WEB_PORT, hostIp: '127.0.0.1' }, `0.0.0.0:${WEB_PORT} → 80/tcp`);
  });

  it('container-running with an image', async () => {
    await expectPass({ kind: 'container-running', container: 't-chk-web', image: 'nginx:1.27-alpine' });
    await expectFail({ kind: 'container-running', container: 't-chk-client', image: 'nginx:1.27-alpine' }, '"t-chk-client" was made from alpine:3.20, not nginx:1.27-alpine');
  });

  it('container-removed-while-running', async () => {
    await dockerOk('run', '-d', '--name', 't-chk-gone', 'alpine:3.20', 'sleep', '3600');
    await dockerOk('rm', '-f', 't-chk-gone');
    await dockerOk('create', '--name', 't-chk-never', 'alpine:3.20', 'sleep', '3600');
    await dockerOk('rm', 't-chk-never');
    await dockerOk('run', '--name', 't-chk-quit', 'alpine:3.20', 'true');
    await dockerOk('rm', 't-chk-quit');
    const now = await takeBaseline(client, new Date(Date.now() - 15_000));
    await expectPass({ kind: 'container-removed-while-running', container: 't-chk-gone' }, now);
    await expectFail({ kind: 'container-removed-while-running', container: 't-chk-never' }, /it never ran/, now);
    await expectFail({ kind: 'container-removed-while-running', container: 't-chk-quit' }, /exited on its own/, now);
  });

  it('container-port chosenByDocker, and container-restarted', async () => {
    await dockerOk('run', '-d', '--name', 't-chk-auto', '-P', 'nginx:1.27-alpine');
    await expectPass({ kind: 'container-port', container: 't-chk-auto', port: 80, chosenByDocker: true });
    await expectFail({ kind: 'container-port', container: 't-chk-web', port: 80, chosenByDocker: true }, `you named host port ${WEB_PORT}`);
    await dockerOk('run', '-d', '--name', 't-chk-again', 'alpine:3.20', 'sleep', '3600');
    await expectFail({ kind: 'container-restarted', container: 't-chk-again' }, /events for this "t-chk-again": create, start/);
    await dockerOk('stop', '-t', '1', 't-chk-again');
    await dockerOk('start', 't-chk-again');
    await expectPass({ kind: 'container-restarted', container: 't-chk-again' });
  });

  it('image-file, image-file-absent, image-adds-only and workspace-ignores read the layers a build made', async () => {
    const context = mkdtempSync(path.join(tmpdir(), 'dojo-layers-'));
    writeFileSync(path.join(context, 'secret.txt'), 'TOKEN=1\n');
    writeFileSync(path.join(context, 'page.txt'), 'my own page\n');
    // The secret is copied, then deleted by a later layer: still stored in the layer below.
    writeFileSync(path.join(context, 'Dockerfile'), ['FROM alpine:3.20', 'WORKDIR /app', 'COPY . .', 'RUN rm -f /app/secret.txt', ''].join('\n'));
    await dockerOk('build', '-q', '-t', 't-chk-leak:1', context);
    writeFileSync(path.join(context, 'Dockerfile'), ['FROM alpine:3.20 AS build', 'RUN echo artefact > /out.txt', 'FROM alpine:3.20', 'COPY --from=build /out.txt /out.txt', ''].join('\n'));
    await dockerOk('build', '-q', '-t', 't-chk-multi:1', context);
    const inWorkspace = async (input: unknown) => {
      const spec = CheckSpec.parse(input);
      return judge(spec, await gatherFacts(client, [spec], before, context));
    };

    await expectFail({ kind: 'image-file-absent', image: 't-chk-leak:1', path: '/app/secret.txt' }, /stored in layer \d+ of \d+: a later layer deletes it/);
    await expectPass({ kind: 'image-file-absent', image: 't-chk-multi:1', path: '/app/secret.txt' });
    await expectPass({ kind: 'image-file', image: 't-chk-leak:1', path: '/app/page.txt', contains: 'my own page' });
    await expectFail({ kind: 'image-file', image: 't-chk-leak:1', path: '/app/secret.txt' }, 'no /app/secret.txt in the image');
    await expectFail({ kind: 'image-file', image: 't-chk-multi:1', path: '/etc/alpine-release', contains: 'not a release' }, /does not contain "not a release"/);
    await expectPass({ kind: 'image-adds-only', image: 't-chk-multi:1', base: 'alpine:3.20', paths: ['/out.txt'] });
    await expectFail({ kind: 'image-adds-only', image: 't-chk-leak:1', base: 'alpine:3.20', paths: ['/app/page.txt'] }, /its own layers store .*\/app\/secret.txt/);
    await expectFail({ kind: 'image-adds-only', image: 't-chk-multi:1', base: 'nginx:1.27-alpine', paths: ['/out.txt'] }, 'the image is not built on nginx:1.27-alpine');

    expect(await inWorkspace({ kind: 'workspace-ignores', path: 'secret.txt' })).toMatchObject({ ok: false, found: 'no .dockerignore in the lab folder' });
    writeFileSync(path.join(context, '.dockerignore'), '*.txt\n!page.txt\n');
    expect(await inWorkspace({ kind: 'workspace-ignores', path: 'secret.txt' })).toMatchObject({ ok: true });
    expect(await inWorkspace({ kind: 'workspace-ignores', path: 'page.txt' })).toMatchObject({ ok: false });
  });

  it('container-mount readOnly, and container-file changedBy with a removed and a present container', async () => {
    await dockerOk('create', '--name', 't-chk-ro', '-v', 't-chk-vol:/data:ro', 'alpine:3.20');
    await expectPass({ kind: 'container-mount', container: 't-chk-ro', destination: '/data', volume: 't-chk-vol', readOnly: true });
    await expectFail({ kind: 'container-mount', container: 't-chk-web', destination: '/data', volume: 't-chk-vol', readOnly: true }, '(writable)');
    await dockerOk('run', '--name', 't-chk-writer', '-v', 't-chk-vol:/data', 'alpine:3.20', 'sh', '-c', 'echo w > /data/w.txt');
    await dockerOk('rm', 't-chk-writer');
    await dockerOk('run', '--name', 't-chk-reader', '-v', 't-chk-vol:/data', 'alpine:3.20', 'sh', '-c', 'echo r > /data/r.txt');
    await expectPass({ kind: 'container-file', container: 't-chk-reader', path: '/data/w.txt', changedBy: 't-chk-writer' });
    await expectFail({ kind: 'container-file', container: 't-chk-reader', path: '/data/r.txt', changedBy: 't-chk-writer' }, 'after "t-chk-writer" had stopped');
    await expectPass({ kind: 'container-file', container: 't-chk-reader', path: '/data/r.txt', changedBy: 't-chk-reader' });
    await expectFail({ kind: 'container-file', container: 't-chk-reader', path: '/data/w.txt', changedBy: 't-chk-reader' }, 'before "t-chk-reader" was created');
  });

  it('service-port, service-update-config, and service-running during a rollout', async () => {
    await dockerOk('service', 'create', '-d', '--name', 't-chk-edge', '--publish', 'mode=host,published=18091,target=80', '--update-parallelism', '2', '--update-delay', '5s', 'alpine:3.20', 'sleep', '3600');
    await expectPass({ kind: 'service-port', service: 't-chk-edge', target: 80, published: 18091, mode: 'host' });
    await expectFail({ kind: 'service-port', service: 't-chk-edge', target: 80, published: 18091 }, '18091 → 80/tcp (mode host)');
    await expectFail({ kind: 'service-port', service: 't-chk-svc', target: 80, published: 18091, mode: 'host' }, 'no published ports');
    await expectPass({ kind: 'service-update-config', service: 't-chk-edge', parallelism: 2, delay: 5 });
    await expectFail({ kind: 'service-update-config', service: 't-chk-svc', parallelism: 2, delay: 5 }, /parallelism 1, delay 0s/);

    await dockerOk('service', 'create', '-d', '--name', 't-chk-roll', '--replicas', '2', 'alpine:3.20', 'sleep', '3600');
    await waitFor('two tasks', async () => (await verdictsFor([{ kind: 'service-running', service: 't-chk-roll', replicas: 2 }]))[0]!.ok, 60_000, 500);
    await dockerOk('service', 'update', '-d', '--image', 'alpine:3.19', '--update-parallelism', '1', '--update-delay', '120s', 't-chk-roll');
    // One task is replaced, the other waits out the delay on the old image.
    const midway = { kind: 'service-running', service: 't-chk-roll', replicas: 2, image: 'alpine:3.19' };
    await waitFor('one task on the new image', async () => /2 running of 2 wanted, image alpine:3.19, 1 of them still on alpine:3.20/.test((await verdictsFor([midway]))[0]!.found), 60_000, 500);
    await expectFail(midway, 'still on alpine:3.20');
  });

  it('service-rollout: the batches a rolling update replaced tasks in', async () => {
    await dockerOk('service', 'create', '--name', 't-chk-batch', '--replicas', '3', '--stop-grace-period', '1s', '--update-monitor', '1s', 'alpine:3.20', 'sleep', '3600');
    const rolled = (image: string) => ({ kind: 'service-rollout', service: 't-chk-batch', image, parallelism: 2, delay: 5 });
    await expectFail(rolled('alpine:3.20'), 'no running task of alpine:3.20 replaced a task of another image');
    // The default settings: one task at a time, no delay. Changing them afterwards changes no history.
    await dockerOk('service', 'update', '--image', 'alpine:3.19', 't-chk-batch');
    await dockerOk('service', 'update', '-d', '--update-parallelism', '2', '--update-delay', '5s', 't-chk-batch');
    await expectPass({ kind: 'service-update-config', service: 't-chk-batch', parallelism: 2, delay: 5 });
    await expectFail(rolled('alpine:3.19'), /^3 tasks replaced in batches of (1, 1, 1|3|1, 2|2, 1)\b/);
    await dockerOk('service', 'update', '--image', 'alpine:3.20', 't-chk-batch');
    await expectPass(rolled('alpine:3.20'));
  });
});
