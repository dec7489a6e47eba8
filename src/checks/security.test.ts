import { describe, expect, it } from 'vitest';
import { CheckSpec } from '../course/schema.js';
import { emptyFacts, type ContainerFact, type EngineFacts, type ImageFact, type ProcessFact } from './facts.js';
import { judge } from './index.js';
import { containerFact } from './testing/container-fact.js';
import { isRootUser } from './security.js';

const spec = (input: unknown) => CheckSpec.parse(input);

const image = (user?: string): ImageFact => ({
  id: 'sha256:app',
  repoTags: ['app:1.0'],
  repoDigests: [],
  created: '2026-01-01T00:00:00Z',
  layers: ['sha256:l1'],
  cmd: ['httpd'],
  entrypoint: null,
  env: [],
  labels: {},
  exposedPorts: [],
  ...(user === undefined ? {} : { user }),
});

const container = (over: Partial<ContainerFact> = {}) => containerFact({ image: 'app:1.0', imageId: 'sha256:app', ...over });

const facts = (over: Partial<EngineFacts>): EngineFacts => ({ ...emptyFacts(), ...over });

describe('image-user', () => {
  it('passes any USER but root, and names what the image says', () => {
    const check = spec({ kind: 'image-user', image: 'app:1.0' });
    for (const user of ['app', '10001', '10001:10001', 'app:app']) {
      expect(judge(check, facts({ images: { 'app:1.0': image(user) } })), user).toMatchObject({ ok: true, found: `USER ${user}` });
    }
    expect(judge(check, facts({ images: { 'app:1.0': image('') } }))).toMatchObject({ ok: false, found: 'no USER, so root' });
    expect(judge(check, facts({ images: { 'app:1.0': image() } }))).toMatchObject({ ok: false, found: 'no USER, so root' });
    expect(judge(check, facts({ images: { 'app:1.0': image('0:0') } }))).toMatchObject({ ok: false, found: 'USER 0:0 (root)' });
    expect(judge(check, facts({ images: { 'app:1.0': image('root') } }))).toMatchObject({ ok: false, found: 'USER root (root)' });
    expect(judge(check, facts({ images: { 'app:1.0': null } }))).toMatchObject({ ok: false, found: 'no image "app:1.0" on the engine' });
  });

  it('asks for the exact user when the lab names one', () => {
    const check = spec({ kind: 'image-user', image: 'app:1.0', user: 'app' });
    expect(judge(check, facts({ images: { 'app:1.0': image('app') } })).ok).toBe(true);
    expect(judge(check, facts({ images: { 'app:1.0': image('10001') } }))).toMatchObject({ ok: false, found: 'USER 10001' });
  });

  it('reads root in every spelling', () => {
    expect(['', '0', 'root', '0:0', 'root:root', ' 0 '].every(isRootUser)).toBe(true);
    expect(['app', '1', '10001:0', '00'].some(isRootUser)).toBe(false);
  });
});

describe('container-read-only', () => {
  it('passes only --read-only', () => {
    const check = spec({ kind: 'container-read-only', container: 'app' });
    expect(judge(check, facts({ containers: [container({ readOnlyRootfs: true })] }))).toMatchObject({ ok: true, found: 'a read-only root filesystem' });
    expect(judge(check, facts({ containers: [container({ readOnlyRootfs: false })] }))).toMatchObject({ ok: false, found: 'a writable root filesystem' });
    expect(judge(check, facts({ containers: [] }))).toMatchObject({ ok: false, found: 'no container named "app"' });
  });
});

describe('container-capabilities', () => {
  const dropAll = spec({ kind: 'container-capabilities', container: 'app', drop: ['ALL'] });

  it('compares names without case or the CAP_ prefix', () => {
    for (const capDrop of [['ALL'], ['all'], ['CAP_ALL'], ['NET_RAW', 'all']]) {
      expect(judge(dropAll, facts({ containers: [container({ capDrop, capAdd: [] })] })).ok, capDrop.join()).toBe(true);
    }
  });

  it('fails a partial drop, and any capability added back that the lab does not allow', () => {
    expect(judge(dropAll, facts({ containers: [container({ capDrop: ['NET_RAW'] })] }))).toMatchObject({ ok: false, found: 'dropped: NET_RAW; added: none', hint: 'Run it again with --cap-drop ALL.' });
    expect(judge(dropAll, facts({ containers: [container({})] }))).toMatchObject({ ok: false, found: 'dropped: none; added: none' });
    expect(judge(dropAll, facts({ containers: [container({ capDrop: ['ALL'], capAdd: ['CAP_CHOWN'] })] }))).toMatchObject({ ok: false, found: 'dropped: ALL; added: CHOWN' });
  });

  it('asks for exactly the capabilities the lab adds back', () => {
    const check = spec({ kind: 'container-capabilities', container: 'app', drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    expect(judge(check, facts({ containers: [container({ capDrop: ['ALL'], capAdd: ['cap_net_bind_service'] })] })).ok).toBe(true);
    expect(judge(check, facts({ containers: [container({ capDrop: ['ALL'] })] }))).toMatchObject({ ok: false, hint: 'Add back NET_BIND_SERVICE with --cap-add.' });
  });
});

describe('container-process-user', () => {
  const check = spec({ kind: 'container-process-user', container: 'app' });
  const ps = (...uids: number[]): ProcessFact[] => uids.map((uid, i) => ({ pid: 100 + i, uid, command: i ? 'sh' : 'httpd' }));

  it('passes when no process of the container runs as user ID 0', () => {
    expect(judge(check, facts({ containers: [container()], processes: { app: ps(10001, 10001) } }))).toMatchObject({ ok: true, found: 'user ID 10001 runs httpd, sh' });
  });

  it('fails on root, whichever process it is, and on a container that is not running', () => {
    expect(judge(check, facts({ containers: [container()], processes: { app: ps(10001, 0) } }))).toMatchObject({ ok: false, found: 'user ID 0 (root) runs sh' });
    expect(judge(check, facts({ containers: [container({ running: false, state: 'exited' })], processes: { app: [] } }))).toMatchObject({ ok: false, found: '"app" is not running' });
    expect(judge(check, facts({ containers: [] }))).toMatchObject({ ok: false, found: 'no container named "app"' });
  });
});
