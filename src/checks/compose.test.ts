import { describe, expect, it } from 'vitest';
import { CheckSpec } from '../course/schema.js';
import { emptyFacts, type Baseline, type ContainerFact, type EngineFacts } from './facts.js';
import { judge } from './index.js';

const spec = (input: unknown) => CheckSpec.parse(input);
const facts = (over: Partial<EngineFacts>): EngineFacts => ({ ...emptyFacts(), ...over });

const labels = (project: string, service: string, extra: Record<string, string> = {}) => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
  'com.docker.compose.oneoff': 'False',
  ...extra,
});

const container = (over: Partial<ContainerFact> = {}): ContainerFact => ({
  id: 'c1',
  name: 'shop-web-1',
  image: 'nginx:1.27-alpine',
  imageId: 'sha256:nginx',
  state: 'running',
  running: true,
  exitCode: 0,
  created: '2026-11-23T10:00:00Z',
  tty: false,
  openStdin: false,
  env: ['APP_ENV=dev'],
  restartPolicy: 'no',
  ports: { '80/tcp': [8111] },
  mounts: [],
  networks: ['shop_default'],
  labels: labels('shop', 'web'),
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

const web = { project: 'shop', service: 'web' };

describe('compose-service', () => {
  it('a running container labelled with the project and service passes, whatever its name (v1 names it shop_web_1)', () => {
    expect(judge(spec({ kind: 'compose-service', ...web }), facts({ containers: [container({ name: 'shop_web_1' })] }))).toMatchObject({ ok: true, found: '"shop_web_1" is running' });
  });

  it('a container docker run made under the Compose name has no labels, and the grade says so', () => {
    const v = judge(spec({ kind: 'compose-service', ...web }), facts({ containers: [container({ labels: {} })] }));
    expect(v).toMatchObject({ ok: false, found: '"shop-web-1" with no compose labels: docker run made it, not docker compose' });
  });

  it('the service in a project of another name fails, naming that project', () => {
    const v = judge(spec({ kind: 'compose-service', ...web }), facts({ containers: [container({ name: 'demo-web-1', labels: labels('demo', 'web') })] }));
    expect(v).toMatchObject({ ok: false, found: 'service "web" only in project "demo", not "shop"' });
  });

  it('a one-off container of docker compose run is not the service', () => {
    const v = judge(spec({ kind: 'compose-service', ...web }), facts({ containers: [container({ name: 'shop-web-run-1', labels: labels('shop', 'web', { 'com.docker.compose.oneoff': 'True' }) })] }));
    expect(v.ok).toBe(false);
  });

  it('a stopped service fails unless only a container is asked for', () => {
    const stopped = facts({ containers: [container({ running: false, state: 'exited', exitCode: 0 })] });
    expect(judge(spec({ kind: 'compose-service', ...web }), stopped)).toMatchObject({ ok: false, found: '"shop-web-1" is exited (exit code 0)' });
    expect(judge(spec({ kind: 'compose-service', ...web, running: false }), stopped).ok).toBe(true);
  });

  it('a container from before the lab does not count when the lab asks for a new one', () => {
    const v = judge(spec({ kind: 'compose-service', ...web, sinceStart: true }), facts({ containers: [container()], baseline: baseline({ containers: ['c1'] }) }));
    expect(v).toMatchObject({ ok: false, found: 'only "shop-web-1", made before the lab started' });
  });

  it('the image it was made from, by reference or by ID', () => {
    const built = container({ image: 'shop-web:1.0', imageId: 'sha256:built' });
    expect(judge(spec({ kind: 'compose-service', ...web, image: 'shop-web:1.0' }), facts({ containers: [built] })).ok).toBe(true);
    expect(judge(spec({ kind: 'compose-service', ...web, image: 'shop-web:1.0' }), facts({ containers: [container()] }))).toMatchObject({ ok: false, found: '"shop-web-1" was made from nginx:1.27-alpine' });
  });

  it('depends_on is read from the label Compose v2 records', () => {
    const after = (value?: string) => facts({ containers: [container({ labels: labels('shop', 'web', value === undefined ? {} : { 'com.docker.compose.depends_on': value }) })] });
    const check = spec({ kind: 'compose-service', ...web, dependsOn: ['cache'] });
    expect(judge(check, after('cache:service_started:false')).ok).toBe(true);
    expect(judge(check, after('cache:service_healthy:true,db:service_started:false')).ok).toBe(true);
    expect(judge(check, after(''))).toMatchObject({ ok: false, found: 'no depends_on' });
    expect(judge(check, after()).found).toContain('records no depends_on');
  });
});

describe('compose-service-port, -env and -mount judge the service container, whatever it is called', () => {
  it('a published port', () => {
    expect(judge(spec({ kind: 'compose-service-port', ...web, port: 80, hostPort: 8111 }), facts({ containers: [container({ name: 'x' })] })).ok).toBe(true);
    const v = judge(spec({ kind: 'compose-service-port', ...web, port: 80, hostPort: 8111 }), facts({ containers: [container({ ports: {} })] }));
    expect(v).toMatchObject({ ok: false, title: 'service "web" of project "shop" publishes 80/tcp on host port 8111', found: 'no published ports' });
    expect(v.hint).toContain('ports: ["8111:80"]');
  });

  it('an environment variable', () => {
    expect(judge(spec({ kind: 'compose-service-env', ...web, name: 'APP_ENV', value: 'dev' }), facts({ containers: [container()] })).ok).toBe(true);
    expect(judge(spec({ kind: 'compose-service-env', ...web, name: 'APP_ENV', value: 'prod' }), facts({ containers: [container()] })).found).toBe('APP_ENV=dev');
  });

  it("a volume of the project, by Compose's label or its default name", () => {
    const mounted = container({ mounts: [{ type: 'volume', name: 'shop_data', source: '/var/lib/docker/volumes/shop_data/_data', destination: '/data' }] });
    const check = spec({ kind: 'compose-service-mount', ...web, volume: 'data', destination: '/data' });
    expect(judge(check, facts({ containers: [mounted] })).ok).toBe(true);
    const named = container({ mounts: [{ type: 'volume', name: 'shop-data', source: '/v', destination: '/data' }] });
    const volumeList = [{ name: 'shop-data', labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.volume': 'data' } }];
    expect(judge(check, facts({ containers: [named], volumeList })).ok).toBe(true);
    expect(judge(check, facts({ containers: [container()] }))).toMatchObject({ ok: false, found: 'no mounts' });
  });

  it('no container of the service says why', () => {
    expect(judge(spec({ kind: 'compose-service-env', ...web, name: 'APP_ENV' }), facts({ containers: [] })).found).toBe('no compose project has containers here');
  });
});

describe('compose-volume and compose-project-down: what down removes', () => {
  const volume = { name: 'shop_data', labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.volume': 'data' } };

  it('a volume Compose made for the project, during the lab', () => {
    expect(judge(spec({ kind: 'compose-volume', project: 'shop', volume: 'data', sinceStart: true }), facts({ volumeList: [volume], baseline: baseline() })).ok).toBe(true);
    expect(judge(spec({ kind: 'compose-volume', project: 'shop', volume: 'data', sinceStart: true }), facts({ volumeList: [volume], baseline: baseline({ volumes: ['shop_data'] }) })).found).toBe('volume "shop_data", from before the lab started');
    expect(judge(spec({ kind: 'compose-volume', project: 'shop', volume: 'data' }), facts({ volumeList: [{ name: 'shop_data', labels: {} }] })).found).toContain('no compose labels');
  });

  it('a volume that must be gone (down -v)', () => {
    expect(judge(spec({ kind: 'compose-volume', project: 'shop', volume: 'data', present: false }), facts({ volumeList: [] })).ok).toBe(true);
    expect(judge(spec({ kind: 'compose-volume', project: 'shop', volume: 'data', present: false }), facts({ volumeList: [volume] }))).toMatchObject({ ok: false, found: 'volume "shop_data" is still there' });
  });

  it('down leaves no container and no network; stop leaves the containers, removing them by hand leaves the network', () => {
    const network = { id: 'n1', name: 'shop_default', driver: 'bridge', created: '', containers: [], labels: { 'com.docker.compose.project': 'shop' } };
    const check = spec({ kind: 'compose-project-down', project: 'shop' });
    expect(judge(check, facts({ containers: [container({ labels: labels('other', 'web') })], networkList: [] })).ok).toBe(true);
    const stopped = judge(check, facts({ containers: [container({ running: false, state: 'exited' })], networkList: [network] }));
    expect(stopped).toMatchObject({ ok: false, found: 'still there: container "shop-web-1" is exited (exit code 0), network "shop_default"' });
    expect(judge(check, facts({ networkList: [network] })).found).toBe('still there: network "shop_default"');
  });
});

describe('compose-volume in another project', () => {
  it('names the project that has it', () => {
    const other = { name: 'compose-down_data', labels: { 'com.docker.compose.project': 'compose-down', 'com.docker.compose.volume': 'data' } };
    expect(judge(spec({ kind: 'compose-volume', project: 'shop', volume: 'data' }), facts({ volumeList: [other] })).found).toBe('volume "data" only in project "compose-down", not "shop"');
  });
});
