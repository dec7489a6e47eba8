import { describe, expect, it } from 'vitest';
import { CheckSpec } from '../course/schema.js';
import { emptyFacts, type EngineFacts, type ImageFact, type LayerFact } from './facts.js';
import { judge } from './index.js';
import { sameCommand } from './images.js';

const spec = (input: unknown) => CheckSpec.parse(input);
const image = (over: Partial<ImageFact> = {}): ImageFact => ({
  id: 'sha256:img',
  repoTags: [],
  repoDigests: [],
  created: '2026-01-01T00:00:00Z',
  layers: ['sha256:base', 'sha256:copy'],
  cmd: null,
  entrypoint: null,
  env: [],
  labels: {},
  exposedPorts: [],
  ...over,
});
const layer = (paths: string[], contents: Record<string, string> = {}): LayerFact => ({
  entries: paths.map((p) => ({ path: p.replace(/\/$/, ''), type: p.endsWith('/') ? 'directory' : 'file' })),
  contents,
});
const facts = (over: Partial<EngineFacts>): EngineFacts => ({ ...emptyFacts(), ...over });

describe('a file in none of an image\'s layers', () => {
  const absent = spec({ kind: 'image-file-absent', image: 'app:1', path: '/app/secrets.txt' });
  it('passes when no layer stores it', () => {
    const f = facts({ images: { 'app:1': image() }, imageLayers: { 'app:1': [layer(['bin/', 'bin/sh']), layer(['app/', 'app/notes.txt'])] } });
    expect(judge(absent, f)).toMatchObject({ ok: true, found: 'none of its 2 layers stores /app/secrets.txt' });
  });
  it('fails when a later layer deletes it: the file is still stored below', () => {
    const f = facts({
      images: { 'app:1': image({ layers: ['a', 'b', 'c'] }) },
      imageLayers: { 'app:1': [layer(['bin/sh']), layer(['app/', 'app/secrets.txt']), layer(['app/', 'app/.wh.secrets.txt'])] },
    });
    const v = judge(absent, f);
    expect(v.ok).toBe(false);
    expect(v.found).toBe('/app/secrets.txt is stored in layer 2 of 3: a later layer deletes it, which only hides it (docker save still holds the file)');
    expect(v.hint).toContain('build context');
  });
  it('fails when the top layer stores it, and says where', () => {
    const f = facts({ images: { 'app:1': image() }, imageLayers: { 'app:1': [layer(['bin/sh']), layer(['app/secrets.txt'])] } });
    expect(judge(absent, f)).toMatchObject({ ok: false, found: '/app/secrets.txt is stored in layer 2 of 2' });
  });
  it('fails, saying why, when the layers could not be read or the image is missing', () => {
    expect(judge(absent, facts({ images: { 'app:1': image() }, imageLayers: { 'app:1': { error: 'timed out' } } })).found).toBe('its layers could not be read: timed out');
    expect(judge(absent, facts({ images: { 'app:1': null } })).found).toBe('no image "app:1" on the engine');
  });
});

describe('a file in the image as its containers see it', () => {
  const page = spec({ kind: 'image-file', image: 'web:1', path: '/usr/share/nginx/html/index.html', contains: 'Built with my own Dockerfile' });
  const base = layer(['usr/share/nginx/html/', 'usr/share/nginx/html/index.html'], { 'usr/share/nginx/html/index.html': '<h1>Welcome to nginx!</h1>' });
  it('the topmost layer that stores the file decides', () => {
    const mine = layer(['usr/share/nginx/html/index.html'], { 'usr/share/nginx/html/index.html': '<h1>Built with my own Dockerfile</h1>' });
    expect(judge(page, facts({ images: { 'web:1': image() }, imageLayers: { 'web:1': [base, mine] } })).ok).toBe(true);
  });
  it("the base image's page alone fails, quoting what the image holds", () => {
    const v = judge(page, facts({ images: { 'web:1': image({ layers: ['a'] }) }, imageLayers: { 'web:1': [base] } }));
    expect(v).toMatchObject({ ok: false, found: `the image's /usr/share/nginx/html/index.html does not contain "Built with my own Dockerfile" (it begins "<h1>Welcome to nginx!</h1>")` });
  });
  it('a file deleted by a later layer, or hidden by an opaque folder, is not there', () => {
    const gone = layer(['usr/share/nginx/html/.wh.index.html']);
    expect(judge(page, facts({ images: { 'web:1': image() }, imageLayers: { 'web:1': [base, gone] } })).found).toBe('no /usr/share/nginx/html/index.html in the image');
    const opaque = layer(['usr/share/nginx/html/', 'usr/share/nginx/html/.wh..wh..opq']);
    expect(judge(page, facts({ images: { 'web:1': image() }, imageLayers: { 'web:1': [base, opaque] } })).ok).toBe(false);
    const parentGone = layer(['usr/share/.wh.nginx']);
    expect(judge(page, facts({ images: { 'web:1': image() }, imageLayers: { 'web:1': [base, parentGone] } })).ok).toBe(false);
  });
});

describe('the files an image adds to its base', () => {
  const only = spec({ kind: 'image-adds-only', image: 'multi:1', base: 'busybox:1.36', paths: ['/report.txt'] });
  const busybox = image({ id: 'sha256:bb', layers: ['sha256:bb1'] });
  const bbLayer = layer(['bin/', 'bin/busybox']);
  it('passes when its own layers store exactly the artefact (folders aside)', () => {
    const f = facts({ images: { 'multi:1': image({ layers: ['sha256:bb1', 'sha256:r'] }), 'busybox:1.36': busybox }, imageLayers: { 'multi:1': [bbLayer, layer(['report.txt'])] } });
    expect(judge(only, f)).toMatchObject({ ok: true, found: 'its own layers store /report.txt' });
  });
  it('a single-stage build names what else it ships', () => {
    const f = facts({
      images: { 'multi:1': image({ layers: ['sha256:bb1', 'sha256:s', 'sha256:r'] }), 'busybox:1.36': busybox },
      imageLayers: { 'multi:1': [bbLayer, layer(['make-report.sh']), layer(['out/', 'out/report.txt', 'report.txt'])] },
    });
    expect(judge(only, f)).toMatchObject({ ok: false, found: 'its own layers store /make-report.sh, /out/report.txt, /report.txt' });
  });
  it('an image on another base fails, as does a missing base image', () => {
    const f = facts({ images: { 'multi:1': image({ layers: ['sha256:alp', 'sha256:r'] }), 'busybox:1.36': busybox }, imageLayers: { 'multi:1': [layer(['bin/sh']), layer(['report.txt'])] } });
    expect(judge(only, f).found).toBe('the image is not built on busybox:1.36');
    expect(judge(only, facts({ images: { 'multi:1': image(), 'busybox:1.36': null }, imageLayers: { 'multi:1': [] } })).found).toContain('no image "busybox:1.36"');
  });
});

describe('.dockerignore in the lab folder', () => {
  const ignores = spec({ kind: 'workspace-ignores', path: 'secrets.txt' });
  const withFile = (content?: string) => facts({ workspaceFiles: { '.dockerignore': content === undefined ? { exists: false } : { exists: true, content } } });
  it('passes for the patterns Docker matches: a name, a leading slash, **, a wildcard with an exception', () => {
    for (const content of ['secrets.txt\n', '/secrets.txt', '**/secrets.txt', '# keep notes\n*.txt\n!notes.txt\n', 'secret*']) expect(judge(ignores, withFile(content)).ok, content).toBe(true);
  });
  it('fails without a .dockerignore, or when no pattern matches, listing the patterns', () => {
    expect(judge(ignores, withFile()).found).toBe('no .dockerignore in the lab folder');
    expect(judge(ignores, withFile('*.log\n.git\n')).found).toBe('.dockerignore does not exclude secrets.txt (its patterns: *.log, .git)');
    expect(judge(ignores, withFile('secrets.txt\n!secrets.txt\n')).ok).toBe(false);
  });
});

describe('an image command judged by what it runs', () => {
  it('a program is the same by name in the usual bin folders', () => {
    expect(sameCommand(['/bin/sh', '/app/hello.sh'], ['sh', '/app/hello.sh'])).toBe(true);
    expect(sameCommand(['/usr/bin/cat', '/report.txt'], ['cat', '/report.txt'])).toBe(true);
    expect(sameCommand(['bash', '/app/hello.sh'], ['sh', '/app/hello.sh'])).toBe(false);
  });
  it('a relative path is read from WORKDIR', () => {
    expect(sameCommand(['sh', 'hello.sh'], ['sh', '/app/hello.sh'], '/app')).toBe(true);
    expect(sameCommand(['sh', './hello.sh'], ['sh', '/app/hello.sh'], '/app')).toBe(true);
    expect(sameCommand(['sh', 'hello.sh'], ['sh', '/app/hello.sh'], '/')).toBe(false);
  });
  it('a different length or argument is another command', () => {
    expect(sameCommand(['sh', '/app/hello.sh', 'x'], ['sh', '/app/hello.sh'])).toBe(false);
    expect(sameCommand(null, ['world'])).toBe(false);
  });
  it('the shell form is named as such, and only then does the hint speak of exec form', () => {
    const f = (cmd: string[], workingDir = '') => facts({ images: { 'h:1': image({ cmd, workingDir }) } });
    const check = spec({ kind: 'image-command', image: 'h:1', cmd: ['sh', '/app/hello.sh'] });
    const shell = judge(check, f(['/bin/sh', '-c', 'sh /app/hello.sh']));
    expect(shell.ok).toBe(false);
    expect(shell.found).toContain('shell form');
    expect(shell.hint).toContain('exec form');
    const wrong = judge(check, f(['cat', '/app/hello.sh']));
    expect(wrong.ok).toBe(false);
    expect(wrong.hint).not.toContain('exec form');
    expect(judge(check, f(['/bin/sh', 'hello.sh'], '/app')).ok).toBe(true);
  });
});
