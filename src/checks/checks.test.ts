import { describe, expect, it } from 'vitest';
import { CheckSpec } from '../course/schema.js';
import { emptyFacts, factKey, type Baseline, type ContainerFact, type EngineFacts, type ImageFact } from './facts.js';
import { judge } from './index.js';
import { normalizeReference } from './images.js';

const spec = (input: unknown) => CheckSpec.parse(input);

const image = (over: Partial<ImageFact> = {}): ImageFact => ({
  id: 'sha256:aaaaaaaaaaaa1111',
  repoTags: ['hello-world:latest'],
  repoDigests: ['hello-world@sha256:1234'],
  created: '2026-01-01T00:00:00Z',
  layers: ['sha256:l1'],
  cmd: ['/hello'],
  entrypoint: null,
  env: ['PATH=/bin'],
  labels: {},
  exposedPorts: [],
  ...over,
});

const container = (over: Partial<ContainerFact> = {}): ContainerFact => ({
  id: 'c1',
  name: 'web',
  image: 'nginx:1.27-alpine',
  imageId: 'sha256:nginx',
  state: 'running',
  running: true,
  exitCode: 0,
  created: '2026-11-23T10:00:00Z',
  tty: false,
  openStdin: false,
  env: [],
  restartPolicy: 'no',
  ports: {},
  mounts: [],
  networks: ['bridge'],
  labels: {},
  ...over,
});

const baseline = (over: Partial<Baseline> = {}): Baseline => ({
  startedAt: '2026-11-23T09:00:00Z',
  containers: [],
  images: [],
  volumes: [],
  networks: [],
  services: [],
  swarmActive: false,
  ...over,
});

const facts = (over: Partial<EngineFacts>): EngineFacts => ({ ...emptyFacts(), ...over });

describe('image checks', () => {
  it('an image that was never pulled fails with "no such image" and suggests docker pull', () => {
    const v = judge(spec({ kind: 'image-present', image: 'hello-world', pulled: true }), facts({ images: { 'hello-world': null } }));
    expect(v).toMatchObject({ ok: false, found: 'no such image: hello-world has not been pulled' });
    expect(v.hint).toContain('docker pull hello-world');
  });

  it('a missing image that the lab does not ask to pull is never met with "docker pull" alone', () => {
    const v = judge(spec({ kind: 'image-present', image: 'build-hello:1.0', sinceStart: true }), facts({ images: { 'build-hello:1.0': null } }));
    expect(v).toMatchObject({ ok: false, found: 'no image "build-hello:1.0" on the engine' });
    expect(v.hint).not.toMatch(/^Try: docker pull/);
    expect(v.hint).toContain('build');
  });

  it('a locally built image does not count as pulled', () => {
    const v = judge(spec({ kind: 'image-present', image: 'hello-world', pulled: true }), facts({ images: { 'hello-world': image({ repoDigests: [] }) } }));
    expect(v.ok).toBe(false);
    expect(v.found).toContain('no registry digest');
  });

  it('an image the learner already had does not pass a sinceStart lab until they pull it again', () => {
    const had = image();
    const before = facts({ images: { 'hello-world': had }, baseline: baseline({ images: [had.id] }) });
    expect(judge(spec({ kind: 'image-present', image: 'hello-world', sinceStart: true }), before).ok).toBe(false);
    const pulledAgain = { ...before, events: [{ type: 'image', action: 'pull', name: 'hello-world:latest', id: had.id, time: 1 }] };
    expect(judge(spec({ kind: 'image-present', image: 'hello-world', sinceStart: true }), pulledAgain).ok).toBe(true);
  });

  describe('"pulled" means pulled from a registry during the lab, on either image store', () => {
    const pulledSpec = spec({ kind: 'image-present', image: 'alpine:3.19', pulled: true, sinceStart: true });
    const started = baseline({ startedAt: '2026-11-23T09:00:00Z' });
    const at = (iso: string) => Date.parse(iso) / 1000;
    const pull = (iso: string) => ({ type: 'image', action: 'pull', name: 'alpine:3.19', id: 'alpine:3.19', time: at(iso), timeNano: Date.parse(iso) * 1e6 });
    // On the containerd store a local build has a RepoDigest-like digest of its own manifest.
    const built = image({ id: 'sha256:119a53456e70', repoTags: ['alpine:3.19'], repoDigests: ['alpine@sha256:119a53456e70'], created: '2026-11-23T09:05:00Z' });
    const fromRegistry = image({ id: 'sha256:3dd5cf96ec38', repoTags: ['alpine:3.19'], repoDigests: ['alpine@sha256:3dd5cf96ec38'], created: '2026-10-01T00:00:00Z' });

    it('a local build with a registry-like digest and no pull fails, naming it as made on the engine', () => {
      const v = judge(pulledSpec, facts({ images: { 'alpine:3.19': built }, baseline: started }));
      expect(v.ok).toBe(false);
      expect(v.found).toContain('made on this engine during the lab');
      expect(v.hint).toContain('docker pull alpine:3.19');
    });

    it('an image pulled during the lab passes, whether or not it was there before', () => {
      expect(judge(pulledSpec, facts({ images: { 'alpine:3.19': fromRegistry }, baseline: started, events: [pull('2026-11-23T09:01:00Z')] })).ok).toBe(true);
      const hadIt = baseline({ images: [fromRegistry.id] });
      expect(judge(pulledSpec, facts({ images: { 'alpine:3.19': fromRegistry }, baseline: hadIt })).found).toContain('has not been pulled since the lab started');
      expect(judge(pulledSpec, facts({ images: { 'alpine:3.19': fromRegistry }, baseline: hadIt, events: [pull('2026-11-23T09:01:00Z')] })).ok).toBe(true);
    });

    it('a pull of another name does not count: docker.io/library/alpine:3.19 and alpine:3.19 are one name, alpine:3.20 another', () => {
      const other = { ...pull('2026-11-23T09:01:00Z'), name: 'alpine:3.20' };
      expect(judge(pulledSpec, facts({ images: { 'alpine:3.19': fromRegistry }, baseline: started, events: [other] })).ok).toBe(false);
      const spelledOut = { ...pull('2026-11-23T09:01:00Z'), name: 'docker.io/library/alpine:3.19' };
      expect(judge(pulledSpec, facts({ images: { 'alpine:3.19': fromRegistry }, baseline: started, events: [spelledOut] })).ok).toBe(true);
    });

    it('pulled, then built over or tagged over with a local image, fails', () => {
      const builtAfter = judge(pulledSpec, facts({ images: { 'alpine:3.19': built }, baseline: started, events: [pull('2026-11-23T09:01:00Z')] }));
      expect(builtAfter).toMatchObject({ ok: false });
      expect(builtAfter.found).toContain('made on this engine after the pull');
      const tag = { type: 'image', action: 'tag', name: 'alpine:3.19', id: 'sha256:busybox', time: at('2026-11-23T09:02:00Z'), timeNano: Date.parse('2026-11-23T09:02:00Z') * 1e6 };
      expect(judge(pulledSpec, facts({ images: { 'alpine:3.19': fromRegistry }, baseline: started, events: [pull('2026-11-23T09:01:00Z'), tag] })).ok).toBe(false);
      // Tagging the pulled image with another name leaves it pulled.
      const tagOther = { ...tag, name: 'reg-internal.example.com:5000/team/box:1.0' };
      expect(judge(pulledSpec, facts({ images: { 'alpine:3.19': fromRegistry }, baseline: started, events: [pull('2026-11-23T09:01:00Z'), tagOther] })).ok).toBe(true);
    });
  });

  it('image-absent passes when the image is gone and fails naming its tags', () => {
    expect(judge(spec({ kind: 'image-absent', image: 'busybox:1.36' }), facts({ images: { 'busybox:1.36': null } })).ok).toBe(true);
    const v = judge(spec({ kind: 'image-absent', image: 'busybox:1.36' }), facts({ images: { 'busybox:1.36': image({ repoTags: ['busybox:1.36'] }) } }));
    expect(v).toMatchObject({ ok: false });
    expect(v.found).toContain('busybox:1.36');
  });

  it('an EXPOSE asked of the image\'s own build is found among the steps above its base, not inherited', () => {
    const nginx = ['ADD alpine-minirootfs.tar.gz / # buildkit', 'CMD ["nginx" "-g" "daemon off;"]', 'EXPOSE map[80/tcp:{}]'];
    const own = { kind: 'image-exposes', image: 'web:1', port: 80, over: 'nginx:1.27-alpine' } as const;
    const f = (steps: string[]) => facts({ images: { 'web:1': image({ exposedPorts: ['80/tcp'] }) }, imageHistory: { 'web:1': [...nginx, ...steps], 'nginx:1.27-alpine': nginx } });
    expect(judge(spec(own), f(['LABEL a=b', 'EXPOSE map[80/tcp:{}]'])).ok).toBe(true);
    expect(judge(spec(own), f(['/bin/sh -c #(nop)  EXPOSE 80'])).ok).toBe(true);
    const inherited = judge(spec(own), f(['LABEL a=b', 'COPY index.html /usr/share/nginx/html/ # buildkit']));
    expect(inherited).toMatchObject({ ok: false, found: '80/tcp is exposed only by nginx:1.27-alpine: no EXPOSE among your own steps' });
    expect(inherited.hint).toContain('EXPOSE 80');
    expect(judge(spec({ ...own, port: 8080 }), f(['EXPOSE map[8080/tcp:{}]'])).ok).toBe(false);
  });

  it('label, env, expose, command and layer counts compare against the image config', () => {
    const built = image({ labels: { maintainer: 'me' }, env: ['APP_MODE=prod'], exposedPorts: ['80/tcp'], cmd: ['sh', '/app/run.sh'], layers: ['a', 'b', 'c'] });
    const f = facts({ images: { 'app:1': built } });
    expect(judge(spec({ kind: 'image-label', image: 'app:1', key: 'maintainer', value: 'me' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'image-label', image: 'app:1', key: 'maintainer', value: 'you' }), f)).toMatchObject({ ok: false, found: 'maintainer=me' });
    expect(judge(spec({ kind: 'image-env', image: 'app:1', name: 'APP_MODE', value: 'prod' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'image-exposes', image: 'app:1', port: 80 }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'image-exposes', image: 'app:1', port: '443' }), f)).toMatchObject({ ok: false, found: 'exposed: 80/tcp' });
    expect(judge(spec({ kind: 'image-command', image: 'app:1', cmd: ['sh', '/app/run.sh'] }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'image-command', image: 'app:1', entrypoint: ['sh'] }), f).ok).toBe(false);
    expect(judge(spec({ kind: 'image-layers', image: 'app:1', min: 2 }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'image-layers', image: 'app:1', equals: 2 }), f)).toMatchObject({ ok: false, expected: 'exactly 2 layers', found: '3 layers' });
  });

  it('layer sharing and same-id compare two images', () => {
    const base = image({ id: 'sha256:base', layers: ['a'] });
    const child = image({ id: 'sha256:child', layers: ['a', 'b'] });
    const f = facts({ images: { 'alpine:3.20': base, 'mine:1': child, 'copy:1': base } });
    expect(judge(spec({ kind: 'image-shares-layers', image: 'mine:1', with: 'alpine:3.20' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'image-shares-layers', image: 'mine:1', with: 'alpine:3.20', min: 2 }), f).ok).toBe(false);
    expect(judge(spec({ kind: 'image-same-id', image: 'alpine:3.20', as: 'copy:1' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'image-same-id', image: 'alpine:3.20', as: 'mine:1' }), f).ok).toBe(false);
  });

  it('normalizes references the way the engine names them', () => {
    expect(normalizeReference('hello-world')).toBe('docker.io/library/hello-world:latest');
    expect(normalizeReference('library/alpine:3.20')).toBe('docker.io/library/alpine:3.20');
    expect(normalizeReference('127.0.0.1:5001/demo:1.0')).toBe('127.0.0.1:5001/demo:1.0');
    expect(normalizeReference('localhost/demo')).toBe('localhost/demo:latest');
    expect(normalizeReference('alpine@sha256:abc')).toBe('docker.io/library/alpine:latest');
  });
});

describe('container checks', () => {
  it('a lab whose container was removed fails with "expected a running container "web", found none"', () => {
    const v = judge(spec({ kind: 'container-running', container: 'web' }), facts({ containers: [] }));
    expect(v).toMatchObject({ ok: false, expected: 'a running container "web"', found: 'none' });
  });

  it('a stopped container fails the running check and suggests docker start', () => {
    const v = judge(spec({ kind: 'container-running', container: 'web' }), facts({ containers: [container({ running: false, state: 'exited', exitCode: 137 })] }));
    expect(v.found).toBe('"web" is exited (exit code 137)');
    expect(v.hint).toContain('docker start web');
  });

  it('a container from before the lab does not pass a sinceStart check', () => {
    const old = container({ id: 'old' });
    const v = judge(spec({ kind: 'container-exists', container: 'web', sinceStart: true }), facts({ containers: [old], baseline: baseline({ containers: ['old'] }) }));
    expect(v.ok).toBe(false);
    expect(v.found).toContain('existed before the lab started');
  });

  it('finds containers by image ID, so a container of a re-tagged image still counts', () => {
    const hello = image({ id: 'sha256:hello' });
    const ran = container({ name: 'eager_turing', image: 'sha256:hello', imageId: 'sha256:hello', running: false, state: 'exited', exitCode: 0 });
    const f = facts({ images: { 'hello-world': hello }, containers: [ran] });
    expect(judge(spec({ kind: 'container-exited', image: 'hello-world', exitCode: 0 }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'container-exited', image: 'hello-world', exitCode: 1 }), f).ok).toBe(false);
  });

  it('container-absent, tty, env, restart, port, mount and network read the inspected config', () => {
    const c = container({
      tty: true,
      openStdin: true,
      env: ['MODE=dev'],
      restartPolicy: 'unless-stopped',
      ports: { '80/tcp': [8080] },
      mounts: [{ type: 'volume', name: 'data', source: '/var/lib/docker/volumes/data/_data', destination: '/data' }, { type: 'bind', source: '/home/me/site', destination: '/usr/share/nginx/html' }],
      networks: ['app-net'],
    });
    const f = facts({ containers: [c] });
    expect(judge(spec({ kind: 'container-absent', container: 'web' }), f).ok).toBe(false);
    expect(judge(spec({ kind: 'container-absent', container: 'gone' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'container-tty', container: 'web' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'container-env', container: 'web', name: 'MODE', value: 'prod' }), f)).toMatchObject({ ok: false, found: 'MODE=dev' });
    // --env-file MODE=dev and -e MODE=prod: Config.Env lists both, and the process gets the last.
    const twice = { ...f, containers: f.containers.map((c) => ({ ...c, env: [...c.env, 'MODE=prod'] })) };
    expect(judge(spec({ kind: 'container-env', container: 'web', name: 'MODE', value: 'prod' }), twice)).toMatchObject({ ok: true, found: 'MODE=prod' });
    expect(judge(spec({ kind: 'container-restart-policy', container: 'web', policy: 'unless-stopped' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'container-port', container: 'web', port: 80, hostPort: 8080 }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'container-port', container: 'web', port: 80, hostPort: 9090 }), f)).toMatchObject({ ok: false, found: '8080 → 80/tcp' });
    expect(judge(spec({ kind: 'container-mount', container: 'web', destination: '/data', volume: 'data' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'container-mount', container: 'web', destination: '/data', volume: 'other' }), f).ok).toBe(false);
    expect(judge(spec({ kind: 'container-mount', container: 'web', destination: '/usr/share/nginx/html', bind: '/home/me/site' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'container-network', container: 'web', network: 'app-net' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'container-network', container: 'web', network: 'bridge' }), f)).toMatchObject({ ok: false, found: 'attached to "app-net"' });
  });
});

describe('probe checks', () => {
  it('a file check reports its content when the text is missing', () => {
    const f = facts({ containers: [container()], files: { [factKey.file('web', '/data/note.txt')]: { exists: true, content: 'hello\n' } } });
    expect(judge(spec({ kind: 'container-file', container: 'web', path: '/data/note.txt', contains: 'hello' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'container-file', container: 'web', path: '/data/note.txt', contains: 'bye' }), f)).toMatchObject({ ok: false, found: '/data/note.txt contains "hello"' });
    expect(judge(spec({ kind: 'container-file', container: 'web', path: '/nope' }), f).ok).toBe(false);
  });

  it('HTTP checks say when nothing listens on the port', () => {
    const f = facts({ http: { [factKey.http(8080, '/')]: { error: 'nothing listens on port 8080' } } });
    expect(judge(spec({ kind: 'http', port: 8080 }), f)).toMatchObject({ ok: false, found: 'nothing listens on port 8080' });
    const ok = facts({ http: { [factKey.http(8080, '/')]: { status: 200, body: '<h1>Welcome to nginx!</h1>' } } });
    expect(judge(spec({ kind: 'http', port: 8080, contains: 'Welcome to nginx!' }), ok).ok).toBe(true);
  });

  it('name resolution needs the container running', () => {
    const stopped = facts({ containers: [container({ name: 'client', running: false, state: 'exited' })] });
    expect(judge(spec({ kind: 'container-resolves', container: 'client', target: 'web' }), stopped).found).toBe('"client" is exited');
  });

  it('logs and registry tags', () => {
    const f = facts({ containers: [container()], logs: { web: 'starting\nready on :80\n' }, registryTags: { [factKey.registry('127.0.0.1:5001', 'demo')]: { tags: ['1.0'] } } });
    expect(judge(spec({ kind: 'container-logs', container: 'web', contains: 'ready' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'container-logs', container: 'web', contains: 'crashed' }), f).ok).toBe(false);
    expect(judge(spec({ kind: 'registry-has-tag', registry: '127.0.0.1:5001', repository: 'demo', tag: '1.0' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'registry-has-tag', registry: '127.0.0.1:5001', repository: 'demo', tag: '2.0' }), f)).toMatchObject({ ok: false, found: 'tags: 1.0' });
  });
});

describe('objects, events and swarm', () => {
  it('volumes and networks that predate the lab do not pass sinceStart checks', () => {
    const f = facts({ volumes: { data: { name: 'data', labels: {} } }, networks: { app: { id: 'n1', name: 'app', driver: 'bridge', created: '', containers: ['a', 'b'], labels: {} } }, baseline: baseline({ volumes: ['data'], networks: ['n1'] }) });
    expect(judge(spec({ kind: 'volume-exists', volume: 'data', sinceStart: true }), f).ok).toBe(false);
    expect(judge(spec({ kind: 'volume-exists', volume: 'data' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'network-exists', network: 'app', sinceStart: true }), f).ok).toBe(false);
    expect(judge(spec({ kind: 'network-has-containers', network: 'app', containers: ['a', 'c'] }), f)).toMatchObject({ ok: false, found: 'attached: a, b' });
  });

  it('events match by action prefix (exec_start: cmd) and image names in any spelling', () => {
    const f = facts({ events: [{ type: 'container', action: 'exec_start: sh -c echo hi', name: 'web', id: 'c1', time: 1 }, { type: 'image', action: 'delete', name: 'docker.io/library/busybox:1.36', id: 'i', time: 2 }] });
    expect(judge(spec({ kind: 'event-since-start', type: 'container', action: 'exec_start', name: 'web' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'event-since-start', type: 'image', action: 'delete', name: 'busybox:1.36' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'event-since-start', type: 'container', action: 'destroy', name: 'web' }), f).ok).toBe(false);
  });

  it('services need swarm mode, the replica count and the image', () => {
    const svc = { id: 's1', name: 'web', image: 'nginx:1.27-alpine@sha256:abc', replicas: 3, runningTasks: 2 };
    expect(judge(spec({ kind: 'service-running', service: 'web', replicas: 3 }), facts({ swarmActive: false })).found).toBe('swarm mode is inactive');
    expect(judge(spec({ kind: 'service-running', service: 'web', replicas: 3 }), facts({ swarmActive: true, services: { web: svc } })).ok).toBe(false);
    expect(judge(spec({ kind: 'service-running', service: 'web', replicas: 3, image: 'nginx:1.27-alpine' }), facts({ swarmActive: true, services: { web: { ...svc, runningTasks: 3 } } })).ok).toBe(true);
    expect(judge(spec({ kind: 'swarm-active', active: false }), facts({ swarmActive: false })).ok).toBe(true);
  });

  it('every check fails with the doctor hint when the engine is unreachable', () => {
    const v = judge(spec({ kind: 'volume-exists', volume: 'x' }), facts({ reachable: { ok: false, detail: 'connect ECONNREFUSED' } }));
    expect(v).toMatchObject({ ok: false, found: 'connect ECONNREFUSED' });
  });
});

describe('what a container ran and printed', () => {
  it('a named container made from another image than the lab names fails, naming that image', () => {
    const f = facts({ containers: [container({ name: 'why-ps', image: 'busybox:1.36', imageId: 'sha256:bb', state: 'exited', running: false })], images: { 'alpine:3.20': image({ id: 'sha256:alp' }) } });
    const v = judge(spec({ kind: 'container-exited', container: 'why-ps', image: 'alpine:3.20', exitCode: 0 }), f);
    expect(v).toMatchObject({ ok: false, found: '"why-ps" was made from busybox:1.36, not alpine:3.20' });
    const right = facts({ ...f, containers: [container({ name: 'why-ps', image: 'docker.io/library/alpine:3.20', imageId: 'sha256:alp', state: 'exited', running: false })] });
    expect(judge(spec({ kind: 'container-exited', container: 'why-ps', image: 'alpine:3.20', exitCode: 0 }), right).ok).toBe(true);
  });

  it('a container run with --rm during the lab passes an exited check through its "die" event', () => {
    const died = { type: 'container', action: 'die', name: 'eager_hopper', id: 'gone', time: 1, image: 'hello-world', exitCode: 0 };
    const f = facts({ baseline: baseline(), events: [died], images: { 'hello-world': image() } });
    const v = judge(spec({ kind: 'container-exited', image: 'hello-world', exitCode: 0, sinceStart: true }), f);
    expect(v.ok).toBe(true);
    expect(v.found).toContain('was removed (--rm)');
    expect(judge(spec({ kind: 'container-exited', image: 'hello-world', exitCode: 0, sinceStart: true }), facts({ baseline: baseline(), events: [{ ...died, exitCode: 1 }] })).found).toBe('none');
    expect(judge(spec({ kind: 'container-exited', image: 'hello-world', exitCode: 0, sinceStart: true }), facts({ baseline: baseline(), events: [{ ...died, image: 'busybox:1.36' }] })).ok).toBe(false);
  });

  it('container-command names the program run, also through sh -c, and shows what ran instead', () => {
    const ran = (command: string[]) => facts({ containers: [container({ name: 'why-ps', command })] });
    expect(judge(spec({ kind: 'container-command', container: 'why-ps', programs: ['ps'] }), ran(['ps', 'aux'])).ok).toBe(true);
    expect(judge(spec({ kind: 'container-command', container: 'why-ps', programs: ['ps'] }), ran(['/bin/sh', '-c', 'ps -o pid,user,args'])).ok).toBe(true);
    expect(judge(spec({ kind: 'container-command', container: 'why-ps', programs: ['ps'] }), ran(['echo', '1 root']))).toMatchObject({ ok: false, found: '"why-ps" ran: echo 1 root' });
    expect(judge(spec({ kind: 'container-command', container: 'why-ps', programs: ['ps'] }), facts({})).found).toBe('no container named "why-ps"');
  });

  it("container-logs-kernel wants the engine's kernel release in the logs, not just the word Linux", () => {
    const f = (logs: string) => facts({ containers: [container({ name: 'why-kernel' })], logs: { 'why-kernel': logs }, kernelVersion: '6.1.0-30-amd64' });
    expect(judge(spec({ kind: 'container-logs-kernel', container: 'why-kernel' }), f('6.1.0-30-amd64\n')).ok).toBe(true);
    expect(judge(spec({ kind: 'container-logs-kernel', container: 'why-kernel' }), f('Linux 6.1.0-30-amd64\n')).ok).toBe(true);
    const v = judge(spec({ kind: 'container-logs-kernel', container: 'why-kernel' }), f('Linux\n'));
    expect(v).toMatchObject({ ok: false });
    expect(v.found).toContain('logs end with "Linux"');
    expect(v.found).toContain('6.1.0-30-amd64');
  });
});

describe('how a container was run and ended', () => {
  it('a port bound on every interface fails a check that wants 127.0.0.1 only, naming the address', () => {
    const open = container({ name: 'site', ports: { '80/tcp': [8040] }, portBindings: { '80/tcp': [{ hostIp: '0.0.0.0', hostPort: 8040 }, { hostIp: '::', hostPort: 8040 }] } });
    const local = container({ name: 'site', ports: { '80/tcp': [8040] }, portBindings: { '80/tcp': [{ hostIp: '127.0.0.1', hostPort: 8040 }] } });
    const wanted = spec({ kind: 'container-port', container: 'site', port: 80, hostPort: 8040, hostIp: '127.0.0.1' });
    const v = judge(wanted, facts({ containers: [open] }));
    expect(v).toMatchObject({ ok: false, found: '0.0.0.0:8040 → 80/tcp, [::]:8040 → 80/tcp (every interface)' });
    expect(v.hint).toContain('-p 127.0.0.1:8040:80');
    expect(judge(wanted, facts({ containers: [local] })).ok).toBe(true);
    expect(judge(spec({ kind: 'container-port', container: 'site', port: 80, hostPort: 8040 }), facts({ containers: [open] })).ok).toBe(true);
  });

  it('a named container from another image fails a check that names the image, saying which image it runs', () => {
    const wanted = spec({ kind: 'container-running', container: 'web', image: 'nginx:1.27-alpine', sinceStart: true });
    const v = judge(wanted, facts({ containers: [container({ image: 'alpine:3.20', imageId: 'sha256:alpine' })], images: { 'nginx:1.27-alpine': image({ id: 'sha256:nginx' }) } }));
    expect(v).toMatchObject({ ok: false, found: '"web" was made from alpine:3.20, not nginx:1.27-alpine' });
    expect(judge(wanted, facts({ containers: [container({ image: 'docker.io/library/nginx:1.27-alpine', imageId: 'sha256:other' })], images: { 'nginx:1.27-alpine': null } })).ok).toBe(true);
    expect(judge(wanted, facts({ containers: [container({ image: 'sha256:nginx' })], images: { 'nginx:1.27-alpine': image({ id: 'sha256:nginx' }) } })).ok).toBe(true);
  });

  it('a container removed while it ran passes; one that never ran or had exited on its own fails, saying so', () => {
    const events = (...actions: string[]) => actions.map((action, i) => ({ type: 'container', action, name: 'gone', id: 'c1', time: i }));
    const wanted = spec({ kind: 'container-removed-while-running', container: 'gone' });
    expect(judge(wanted, facts({ events: events('create', 'start', 'kill', 'die', 'destroy') })).ok).toBe(true);
    expect(judge(wanted, facts({ events: events('create', 'start', 'kill', 'stop', 'die', 'destroy') })).ok).toBe(true);
    expect(judge(wanted, facts({ events: events('create', 'start', 'exec_start: sh', 'kill', 'die', 'destroy') })).ok).toBe(true);
    expect(judge(wanted, facts({ events: events('create', 'destroy') })).found).toContain('it never ran');
    expect(judge(wanted, facts({ events: events('create', 'start', 'die', 'destroy') })).found).toContain('exited on its own');
    expect(judge(wanted, facts({ events: events('create', 'start') })).found).toContain('it was not removed');
    expect(judge(wanted, facts({})).found).toBe('no events for "gone" since the lab started — it was not removed');
  });

  it('an image event under localhost: matches the same name under 127.0.0.1:', () => {
    const f = facts({ events: [{ type: 'image', action: 'push', name: 'localhost:5001/reg-demo:1.0', id: 'i', time: 1 }] });
    expect(judge(spec({ kind: 'event-since-start', type: 'image', action: 'push', name: '127.0.0.1:5001/reg-demo:1.0' }), f).ok).toBe(true);
    expect(judge(spec({ kind: 'event-since-start', type: 'image', action: 'push', name: '127.0.0.1:5002/reg-demo:1.0' }), f).ok).toBe(false);
  });
});

describe('ports Docker chose, and a container started again', () => {
  it('chosenByDocker passes -P and fails a host port the learner named', () => {
    const wanted = spec({ kind: 'container-port', container: 'auto', port: 80, chosenByDocker: true });
    expect(judge(wanted, facts({ containers: [container({ name: 'auto', ports: { '80/tcp': [32768] }, requestedHostPorts: {} })] })).ok).toBe(true);
    expect(judge(wanted, facts({ containers: [container({ name: 'auto', ports: { '80/tcp': [8080] }, requestedHostPorts: { '80/tcp': [8080] } })] }))).toMatchObject({ ok: false, found: 'you named host port 8080 (8080 → 80/tcp)' });
    expect(judge(wanted, facts({ containers: [container({ name: 'auto' })] })).found).toBe('no published ports');
  });

  it('container-restarted wants a die and a later start of the very container that runs now', () => {
    const ev = (action: string, id: string, i: number) => ({ type: 'container', action, name: 'again', id, time: i });
    const wanted = spec({ kind: 'container-restarted', container: 'again' });
    const now = container({ id: 'c2', name: 'again' });
    expect(judge(wanted, facts({ containers: [now], events: [ev('create', 'c2', 1), ev('start', 'c2', 2), ev('kill', 'c2', 3), ev('die', 'c2', 4), ev('stop', 'c2', 5), ev('start', 'c2', 6)] })).ok).toBe(true);
    const recreated = judge(wanted, facts({ containers: [now], events: [ev('create', 'c1', 1), ev('start', 'c1', 2), ev('kill', 'c1', 3), ev('die', 'c1', 4), ev('destroy', 'c1', 5), ev('create', 'c2', 6), ev('start', 'c2', 7)] }));
    expect(recreated).toMatchObject({ ok: false, found: 'events for this "again": create, start — it is a new container; the one that stopped was removed' });
    expect(judge(wanted, facts({ containers: [container({ id: 'c2', name: 'again', running: false, state: 'exited' })], events: [ev('start', 'c2', 1), ev('die', 'c2', 2)] })).found).toContain('it is exited');
  });
});

describe('read-only mounts, who changed a file, and how a service publishes and updates', () => {
  const bind = (readOnly: boolean) => container({ mounts: [{ type: 'bind', source: '/ws/site', destination: '/html', readOnly }] });
  const ro = spec({ kind: 'container-mount', container: 'web', destination: '/html', bind: './site', readOnly: true });

  it('a bind mount asked for read-only fails when it is writable, and says so', () => {
    expect(judge(ro, facts({ workspace: '/ws', containers: [bind(true)] })).ok).toBe(true);
    const v = judge(ro, facts({ workspace: '/ws', containers: [bind(false)] }));
    expect(v).toMatchObject({ ok: false, found: 'bind /ws/site at /html (writable)' });
    expect(v.hint).toContain(':ro');
  });

  const note = (modified: string) => ({ [factKey.file('reader', '/data/note.txt')]: { exists: true, content: 'written by writer', modified } });
  const reader = container({ name: 'reader', created: '2026-11-23T10:00:05Z', running: false, state: 'exited', startedAt: '2026-11-23T10:00:05.1Z', finishedAt: '2026-11-23T10:00:05.3Z' });
  const writerEvents = [
    { type: 'container', action: 'create', name: 'writer', id: 'w', time: 1795428001, timeNano: Date.parse('2026-11-23T10:00:01Z') * 1e6 },
    { type: 'container', action: 'die', name: 'writer', id: 'w', time: 1795428002, timeNano: Date.parse('2026-11-23T10:00:02Z') * 1e6 },
  ];
  const changed = spec({ kind: 'container-file', container: 'reader', path: '/data/note.txt', contains: 'written by writer', changedBy: 'writer' });

  it('a file counts as written by a removed container only if it changed while that container ran', () => {
    expect(judge(changed, facts({ containers: [reader], events: writerEvents, files: note('2026-11-23T10:00:01.5Z') })).ok).toBe(true);
    const v = judge(changed, facts({ containers: [reader], events: writerEvents, files: note('2026-11-23T10:00:05.2Z') }));
    expect(v.ok).toBe(false);
    expect(v.found).toContain('after "writer" had stopped');
    expect(judge(changed, facts({ containers: [reader], events: [], files: note('2026-11-23T10:00:01.5Z') })).found).toContain('no container "writer" was made during this lab');
  });

  it('a file counts as changed by an existing container from its creation until it stopped', () => {
    const own = spec({ kind: 'container-file', container: 'reader', path: '/data/note.txt', changedBy: 'reader' });
    expect(judge(own, facts({ containers: [reader], files: note('2026-11-23T10:00:05.2Z') })).ok).toBe(true);
    expect(judge(own, facts({ containers: [reader], files: note('2026-11-23T10:00:09Z') })).found).toContain('after "reader" had stopped');
    expect(judge(own, facts({ containers: [reader], files: note('2026-11-23T10:00:01Z') })).found).toContain('before "reader" was created');
  });

  it('a container that ended at once has stopped, even when its exit was stamped just before its start', () => {
    // Seen on Docker 26's classic store and on 20.10 for `ls` in a fresh container.
    const quick = container({ name: 'reader', created: '2026-11-23T10:00:05Z', running: false, state: 'exited', startedAt: '2026-11-23T10:00:05.1004Z', finishedAt: '2026-11-23T10:00:05.0970Z' });
    const own = spec({ kind: 'container-file', container: 'reader', path: '/data/note.txt', changedBy: 'reader' });
    expect(judge(own, facts({ containers: [quick], files: note('2026-11-23T10:00:05.09Z') })).ok).toBe(true);
    const v = judge(own, facts({ containers: [quick], files: note('2026-11-23T10:00:06Z') }));
    expect(v.ok).toBe(false);
    expect(v.found).toContain('after "reader" had stopped (10:00:05.100)');
  });

  const svc = { id: 's1', name: 'edge', image: 'nginx:1.27-alpine@sha256:abc', replicas: 1, runningTasks: 1, runningTaskImages: ['nginx:1.27-alpine@sha256:abc'] };

  it('a service port is judged with its publish mode', () => {
    const host = spec({ kind: 'service-port', service: 'edge', target: 80, published: 8090, mode: 'host' });
    expect(judge(host, facts({ swarmActive: true, services: { edge: { ...svc, ports: [{ target: 80, published: 8090, protocol: 'tcp', mode: 'host' }] } } })).ok).toBe(true);
    const v = judge(host, facts({ swarmActive: true, services: { edge: { ...svc, ports: [{ target: 80, published: 8090, protocol: 'tcp', mode: 'ingress' }] } } }));
    expect(v).toMatchObject({ ok: false, found: '8090 → 80/tcp (mode ingress)' });
    expect(judge(host, facts({ swarmActive: true, services: { edge: { ...svc, ports: [] } } })).found).toBe('no published ports');
  });

  it('update settings and a rollout still under way are named', () => {
    const config = spec({ kind: 'service-update-config', service: 'edge', parallelism: 2, delay: 5 });
    expect(judge(config, facts({ swarmActive: true, services: { edge: { ...svc, update: { parallelism: 2, delayNs: 5e9 } } } })).ok).toBe(true);
    expect(judge(config, facts({ swarmActive: true, services: { edge: { ...svc, update: { parallelism: 1, delayNs: 0 } } } })).found).toBe('parallelism 1, delay 0s');
    const running = spec({ kind: 'service-running', service: 'edge', replicas: 2, image: 'nginx:latest' });
    const midway = { ...svc, image: 'nginx:latest@sha256:def', replicas: 2, runningTasks: 2, runningTaskImages: ['nginx:latest@sha256:def', 'nginx:1.27-alpine@sha256:abc'] };
    const v = judge(running, facts({ swarmActive: true, services: { edge: midway } }));
    expect(v).toMatchObject({ ok: false, found: '2 running of 2 wanted, image nginx:latest, 1 of them still on nginx:1.27-alpine' });
    expect(judge(running, facts({ swarmActive: true, services: { edge: { ...midway, runningTaskImages: ['nginx:latest@sha256:def', 'nginx:latest'] } } })).ok).toBe(true);
  });

  describe('a rollout is judged by the tasks it replaced, batch by batch', () => {
    const OLD = 'nginx:1.27-alpine@sha256:abc';
    const NEW = 'nginx:latest@sha256:def';
    const at = (seconds: number) => new Date(Date.UTC(2026, 11, 7, 16, 0, 0) + seconds * 1000).toISOString().replace('Z', '123456Z');
    const task = (slot: number | string, image: string, seconds: number, running = true) => ({ slot: String(slot), image, createdAt: at(seconds), running });
    /** Five slots on the old image, then one new task per slot at the given times. */
    const rollout = (times: number[], extra: ReturnType<typeof task>[] = []) => ({
      ...svc, image: NEW, replicas: 5, runningTasks: 5,
      tasks: [...times.map((_, i) => task(i + 1, OLD, 0, false)), ...times.map((t, i) => task(i + 1, NEW, t)), ...extra],
    });
    const rolled = spec({ kind: 'service-rollout', service: 'edge', image: 'nginx:latest', parallelism: 2, delay: 5 });
    const judged = (service: ReturnType<typeof rollout>) => judge(rolled, facts({ swarmActive: true, services: { edge: service } }));

    it('two at a time, five seconds or more apart, passes', () => {
      expect(judged(rollout([10, 10.004, 18, 18.002, 26]))).toMatchObject({ ok: true, found: '5 tasks replaced in batches of 2, 2, 1 (8.0s, 8.0s apart)' });
    });

    it('one at a time with no delay fails, on a slow engine and on a fast one', () => {
      expect(judged(rollout([10, 12.6, 15.2, 17.8, 20.4]))).toMatchObject({ ok: false, found: '5 tasks replaced in batches of 1, 1, 1, 1, 1 (2.6s, 2.6s, 2.6s, 2.6s apart)' });
      expect(judged(rollout([10, 10.6, 11.2, 11.8, 12.4])).found).toBe('5 tasks replaced in batches of 5');
    });

    it('one at a time with the delay fails: the batches were not two tasks', () => {
      expect(judged(rollout([10, 18, 26, 34, 42])).ok).toBe(false);
    });

    it('batches too close together fail', () => {
      expect(judged(rollout([10, 10.001, 13, 13.001, 16])).ok).toBe(false);
    });

    it('new slots added by scaling in the same update are not replacements', () => {
      const scaledAndRolled = { ...rollout([10, 10.001, 18]), tasks: [...rollout([10, 10.001, 18]).tasks, task(4, NEW, 10), task(5, NEW, 10.002)] };
      expect(judged(scaledAndRolled)).toMatchObject({ ok: true, found: '3 tasks replaced in batches of 2, 1 (8.0s apart)' });
    });

    it('a service made afresh on the new image replaced nothing', () => {
      const fresh = { ...svc, image: NEW, tasks: [task(1, NEW, 10), task(2, NEW, 10)] };
      expect(judged(fresh)).toMatchObject({ ok: false, found: 'no running task of nginx:latest replaced a task of another image' });
    });

    it('only tasks that still run count: an earlier rollout rolled back and redone right passes', () => {
      const redone = rollout([40, 40.001, 48, 48.001, 56], [task(1, NEW, 10, false), task(2, NEW, 12.6, false), task(3, NEW, 15.2, false)]);
      expect(judged(redone).ok).toBe(true);
    });
  });
});
