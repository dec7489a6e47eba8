/**
 * Reads an image archive as `docker save` writes it: the legacy layout (manifest.json naming
 * "ID/layer.tar" files) and the OCI layout of Docker 25 and later (blobs/sha256/…, layers
 * possibly gzip-compressed), and lists the files each layer stores, bottom layer first.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import type { ImageLayerContent, LayerEntry } from './port.js';

/** JSON documents in the archive (manifests, index, config) are small; layers are not kept whole. */
const MAX_JSON_BYTES = 1024 * 1024;

/** "./app/x.txt", "/app/x.txt" and "app/x.txt/" all name "app/x.txt". */
export function layerPath(name: string): string {
  return name.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
}

function entryType(type: string | null | undefined): LayerEntry['type'] {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'link';
    default:
      return 'other';
  }
}

type Blob = { kind: 'layer'; layer: ImageLayerContent } | { kind: 'json'; text: string } | { kind: 'other' };

/** Reads the whole archive; `read` names the files (layer paths) whose text is kept, up to `maxBytes` each. */
export async function readImageArchive(archive: Readable, read: readonly string[], maxBytes = 64 * 1024): Promise<ImageLayerContent[]> {
  const wanted = new Set(read.map(layerPath));
  const blobs = new Map<string, Blob>();
  await eachEntry(archive, async (header, stream) => {
    if (header.type !== 'file' && header.type !== 'contiguous-file') return drain(stream);
    blobs.set(layerPath(header.name), await readBlob(stream, wanted, maxBytes));
  });
  const order = layerOrder(blobs);
  return order.map((name) => {
    const blob = blobs.get(name);
    if (blob?.kind !== 'layer') throw new Error(`the image archive names a layer it does not hold as a tar: ${name}`);
    return blob.layer;
  });
}

/** The layer files of the archive's (first) image, bottom first: from manifest.json, else from the OCI index. */
function layerOrder(blobs: Map<string, Blob>): string[] {
  const json = (name: string): unknown => {
    const blob = blobs.get(name);
    return blob?.kind === 'json' ? JSON.parse(blob.text) : undefined;
  };
  const manifest = json('manifest.json') as Array<{ Layers?: string[] }> | undefined;
  if (manifest?.[0]?.Layers) return manifest[0].Layers.map(layerPath);
  const blobOf = (digest: string) => `blobs/${digest.replace(':', '/')}`;
  let node = json('index.json') as { manifests?: Array<{ digest: string }>; layers?: Array<{ digest: string }> } | undefined;
  // An index may point at another index before the image manifest that lists the layers.
  for (let depth = 0; node && !node.layers && node.manifests?.[0] && depth < 4; depth++) node = json(blobOf(node.manifests[0].digest)) as typeof node;
  if (!node?.layers) throw new Error('the image archive has neither manifest.json nor an OCI image manifest');
  return node.layers.map((l) => blobOf(l.digest));
}

async function readBlob(stream: Readable, wanted: Set<string>, maxBytes: number): Promise<Blob> {
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return { kind: 'other' };
  const head = first.value as Buffer;
  const rest = Readable.from(
    (async function* () {
      yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value as Buffer;
    })(),
  );
  if (head[0] === 0x1f && head[1] === 0x8b) return { kind: 'layer', layer: await readLayer(rest.pipe(createGunzip()), wanted, maxBytes) };
  if (head[0] === 0x7b || head[0] === 0x5b) {
    // A JSON object or array: the manifest, an index or a configuration.
    const text = await readText(rest, MAX_JSON_BYTES);
    return text === undefined ? { kind: 'other' } : { kind: 'json', text };
  }
  // Anything else is a layer if it reads as an uncompressed tar.
  try {
    return { kind: 'layer', layer: await readLayer(rest, wanted, maxBytes) };
  } catch {
    await drain(rest).catch(() => undefined);
    return { kind: 'other' };
  }
}

async function readLayer(stream: Readable, wanted: Set<string>, maxBytes: number): Promise<ImageLayerContent> {
  const layer: ImageLayerContent = { entries: [], contents: {} };
  await eachEntry(stream, async (header, body) => {
    const path = layerPath(header.name);
    if (path === '' || path === '.') return drain(body);
    const type = entryType(header.type);
    layer.entries.push({ path, type });
    if (type === 'file' && wanted.has(path)) layer.contents[path] = (await readText(body, maxBytes, true)) ?? '';
    else await drain(body);
  });
  return layer;
}

/** Feeds each entry of a tar stream to `onEntry`, one at a time. */
function eachEntry(source: Readable, onEntry: (header: tar.Headers, body: Readable) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const extract = tar.extract();
    extract.on('entry', (header, body, next) => {
      onEntry(header, body as unknown as Readable).then(() => next(), (error: unknown) => extract.destroy(error as Error));
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
    source.on('error', (error) => extract.destroy(error));
    source.pipe(extract);
  });
}

/** The stream's text; past `maxBytes` it is cut there (`cut`) or undefined. */
async function readText(stream: Readable, maxBytes: number, cut = false): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    if (total < maxBytes) chunks.push(buffer.subarray(0, maxBytes - total));
    total += buffer.length;
  }
  if (total > maxBytes && !cut) return undefined;
  return Buffer.concat(chunks).toString('utf8');
}

async function drain(stream: Readable): Promise<void> {
  for await (const _ of stream) void _;
}
