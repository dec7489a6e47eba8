import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { readImageArchive } from './image-archive.js';

type Entry = { name: string; body?: Buffer | string; type?: 'file' | 'directory' };
function tarOf(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, type: e.type ?? 'file' }, e.type === 'directory' ? undefined : (e.body ?? ''));
  pack.finalize();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    pack.on('data', (c: Buffer) => chunks.push(c));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
}

describe('reading a docker save archive', () => {
  it('the legacy layout: layers in manifest order, whiteouts kept, asked-for text read', async () => {
    const bottom = await tarOf([{ name: 'bin/', type: 'directory' }, { name: 'bin/sh', body: 'ELF' }]);
    const top = await tarOf([{ name: './app/', type: 'directory' }, { name: './app/secrets.txt', body: 'TOKEN=1' }, { name: 'app/.wh.old' }]);
    const archive = await tarOf([
      { name: 'bbb/layer.tar', body: top },
      { name: 'aaa/layer.tar', body: bottom },
      { name: 'cfg.json', body: '{"config":{}}' },
      { name: 'manifest.json', body: JSON.stringify([{ Config: 'cfg.json', Layers: ['aaa/layer.tar', 'bbb/layer.tar'] }]) },
    ]);
    const layers = await readImageArchive(Readable.from([archive]), ['/app/secrets.txt']);
    expect(layers.map((l) => l.entries.map((e) => `${e.type}:${e.path}`))).toEqual([
      ['directory:bin', 'file:bin/sh'],
      ['directory:app', 'file:app/secrets.txt', 'file:app/.wh.old'],
    ]);
    expect(layers[1]!.contents).toEqual({ 'app/secrets.txt': 'TOKEN=1' });
  });

  it('the OCI layout with gzip-compressed layers and no manifest.json: the order comes from the index', async () => {
    const layer = gzipSync(await tarOf([{ name: 'report.txt', body: 'report' }]));
    const manifest = JSON.stringify({ layers: [{ digest: 'sha256:l1' }] });
    const archive = await tarOf([
      { name: 'blobs/sha256/l1', body: layer },
      { name: 'blobs/sha256/m1', body: manifest },
      // Neither a layer nor JSON: skipped.
      { name: 'blobs/sha256/junk', body: Buffer.alloc(3000, 7) },
      { name: 'index.json', body: JSON.stringify({ manifests: [{ digest: 'sha256:m1' }] }) },
      { name: 'oci-layout', body: '{"imageLayoutVersion":"1.0.0"}' },
    ]);
    const layers = await readImageArchive(Readable.from([archive]), []);
    expect(layers).toEqual([{ entries: [{ path: 'report.txt', type: 'file' }], contents: {} }]);
  });

  it('an archive that names no image says so', async () => {
    await expect(readImageArchive(Readable.from([await tarOf([{ name: 'x', body: 'y' }])]), [])).rejects.toThrow(/neither manifest.json/);
  });
});
