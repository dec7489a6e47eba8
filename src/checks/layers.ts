/**
 * Checks that read what an image's layers store, and what the build context leaves out: the
 * files a container of the image sees, a file no layer holds (deleting it later only hides it),
 * and the files a build added on top of its base.
 */
import dockerignore from '@balena/dockerignore';
import type { CheckSpec } from '../course/schema.js';
import type { EngineFacts, ImageFact, LayerFact } from './facts.js';
import { fail, list, pass, verdict, type Verdict } from './verdict.js';

type Spec<K extends CheckSpec['kind']> = Extract<CheckSpec, { kind: K }>;

const inLayer = (path: string) => path.replace(/^\/+/, '').replace(/\/+$/, '');
const shown = (path: string) => `/${inLayer(path)}`;
const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const baseOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
/** The path itself and every folder above it, innermost first: "a/b/c" → a/b/c, a/b, a. */
const selfAndParents = (path: string) => path.split('/').map((_, i, parts) => parts.slice(0, parts.length - i).join('/'));
const whiteoutOf = (path: string) => (dirOf(path) ? `${dirOf(path)}/.wh.${baseOf(path)}` : `.wh.${baseOf(path)}`);
const isWhiteout = (path: string) => baseOf(path).startsWith('.wh.');
/** ".wh.NAME" deletes NAME from the layers below; ".wh..wh..opq" hides everything below in its folder. */
const deletedBy = (path: string) => (dirOf(path) ? `${dirOf(path)}/` : '') + baseOf(path).slice(4);

function withLayers(facts: EngineFacts, ref: string, title: string, expected: string, judge: (image: ImageFact, layers: LayerFact[]) => Verdict): Verdict {
  const image = facts.images[ref];
  if (!image) return fail(title, expected, `no image "${ref}" on the engine`, `Build "${ref}" first (docker image ls shows what you have).`);
  const layers = facts.imageLayers[ref];
  if (!layers || 'error' in layers) return fail(title, expected, `its layers could not be read${layers ? `: ${layers.error}` : ''}`);
  return judge(image, layers);
}

/** The file as a container of the image sees it: the topmost layer that stores or deletes it decides. */
export function fileInImage(layers: readonly LayerFact[], path: string): { type: string; content?: string } | undefined {
  const target = inLayer(path);
  const parents = selfAndParents(target).slice(1);
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    const entry = layer.entries.find((e) => e.path === target);
    if (entry) return { type: entry.type, ...(target in layer.contents ? { content: layer.contents[target] } : {}) };
    const paths = new Set(layer.entries.map((e) => e.path));
    if (selfAndParents(target).some((p) => paths.has(whiteoutOf(p)))) return undefined;
    if (parents.some((p) => paths.has(`${p}/.wh..wh..opq`))) return undefined;
  }
  return undefined;
}

export function imageFile(spec: Spec<'image-file'>, facts: EngineFacts): Verdict {
  const title = `image ${spec.image} holds ${shown(spec.path)}`;
  const expected = spec.contains === undefined ? `${shown(spec.path)} in the image` : `${shown(spec.path)} in the image, containing "${spec.contains}"`;
  return withLayers(facts, spec.image, title, expected, (_image, layers) => {
    const file = fileInImage(layers, spec.path);
    if (!file) return fail(title, expected, `no ${shown(spec.path)} in the image`, `COPY it into the image in the Dockerfile, then build again.`);
    if (spec.contains === undefined) return pass(title, expected, `${shown(spec.path)} (${file.type})`);
    const content = file.content ?? '';
    const start = content.replace(/\s+/g, ' ').trim().slice(0, 60);
    return verdict(
      content.includes(spec.contains),
      title,
      expected,
      content.includes(spec.contains) ? `${shown(spec.path)} contains "${spec.contains}"` : `the image's ${shown(spec.path)} does not contain "${spec.contains}" (it begins "${start}")`,
      'The file has to be in the image itself: COPY it in the Dockerfile and build again (a file mounted at run time is not part of the image).',
    );
  });
}

export function imageFileAbsent(spec: Spec<'image-file-absent'>, facts: EngineFacts): Verdict {
  const title = `no layer of image ${spec.image} stores ${shown(spec.path)}`;
  const expected = `${shown(spec.path)} in none of the image's layers`;
  return withLayers(facts, spec.image, title, expected, (_image, layers) => {
    const target = inLayer(spec.path);
    const storedIn = layers.flatMap((layer, i) => (layer.entries.some((e) => e.path === target) ? [i] : []));
    if (storedIn.length === 0) return pass(title, expected, `none of its ${layers.length} layers stores ${shown(spec.path)}`);
    const last = storedIn[storedIn.length - 1]!;
    const covering = new Set(selfAndParents(target));
    const hidden = layers.slice(last + 1).some((layer) => layer.entries.some((e) => isWhiteout(e.path) && covering.has(deletedBy(e.path))));
    const where = `${shown(spec.path)} is stored in layer ${storedIn.map((i) => i + 1).join(', ')} of ${layers.length}`;
    return fail(
      title,
      expected,
      hidden ? `${where}: a later layer deletes it, which only hides it (docker save still holds the file)` : where,
      'Keep the file out of the build context so that no layer ever stores it; deleting it in a later instruction does not take it out of the layer below.',
    );
  });
}

export function imageAddsOnly(spec: Spec<'image-adds-only'>, facts: EngineFacts): Verdict {
  const wanted = spec.paths.map(shown).sort();
  const title = `image ${spec.image} adds only ${list(wanted)} to ${spec.base}`;
  const expected = `built on ${spec.base}, its own layers storing ${list(wanted)} and nothing else`;
  return withLayers(facts, spec.image, title, expected, (image, layers) => {
    const base = facts.images[spec.base];
    if (!base) return fail(title, expected, `no image "${spec.base}" on the engine to compare with`, `Pull it: docker pull ${spec.base}`);
    const onBase = base.layers.length <= image.layers.length && base.layers.every((l, i) => image.layers[i] === l);
    if (!onBase) return fail(title, expected, `the image is not built on ${spec.base}`, `Start the final stage FROM ${spec.base}.`);
    if (layers.length !== image.layers.length) return fail(title, expected, `its archive holds ${layers.length} layers, its configuration names ${image.layers.length}`);
    const added = new Set<string>();
    for (const layer of layers.slice(base.layers.length)) {
      for (const e of layer.entries) {
        if (e.type === 'directory' || baseOf(e.path) === '.wh..wh..opq') continue;
        added.add(isWhiteout(e.path) ? `deleted ${shown(deletedBy(e.path))}` : shown(e.path));
      }
    }
    const found = [...added].sort();
    const same = found.length === wanted.length && found.every((p, i) => p === wanted[i]);
    return verdict(
      same,
      title,
      expected,
      found.length === 0 ? `its own layers store nothing` : `its own layers store ${list(found)}`,
      `Build in one stage and COPY --from it only what the final image needs: its own layers should hold ${list(wanted)}.`,
    );
  });
}

export function workspaceIgnores(spec: Spec<'workspace-ignores'>, facts: EngineFacts): Verdict {
  const title = `.dockerignore leaves ${spec.path} out of the build context`;
  const expected = `a .dockerignore in the lab folder whose patterns exclude ${spec.path}`;
  const file = facts.workspaceFiles['.dockerignore'];
  if (!file?.exists) {
    return fail(title, expected, file?.error ? `.dockerignore could not be read: ${file.error}` : 'no .dockerignore in the lab folder', `Create .dockerignore next to the Dockerfile with a line that matches ${spec.path}.`);
  }
  const patterns = (file.content ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  // The package is CommonJS: its function is module.exports, also offered as its own `default`.
  const ignored = dockerignore.default().add(patterns).ignores(spec.path.replace(/^\.?\/+/, ''));
  return verdict(
    ignored,
    title,
    expected,
    ignored ? `.dockerignore excludes ${spec.path}` : `.dockerignore does not exclude ${spec.path} (its patterns: ${list(patterns)})`,
    `Add a line that matches ${spec.path} to .dockerignore, then build again.`,
  );
}
