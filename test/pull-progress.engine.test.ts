/**
 * Per-layer pull progress, folded from a real pull's messages: an image of its own is pushed to
 * a registry of the test's own and removed locally, so the engine really downloads its layer
 * when the tutor pulls it. Both image stores end in "ready": the classic one after "Pull
 * complete", the containerd one after "Download complete" (it reports no extraction per layer).
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullView } from '../src/app/api.js';
import { foldPull, pullCounts, startPull } from '../src/app/pull-progress.js';
import { docker, dockerOk, engineRequired, probeEngine } from './support/engine.js';
import { registryAvailable, startTestRegistry, type TestRegistry } from './support/registry.js';

const { connection, skipReason } = await probeEngine();
const canServe = await registryAvailable();
if (!skipReason && !canServe && engineRequired) throw new Error('DOJO_REQUIRE_ENGINE=1 but docker-registry is not installed (run scripts/engine-up.sh)');
const skip = skipReason ?? (canServe ? undefined : 'skipped, docker-registry is not installed (run scripts/engine-up.sh)');

describe.skipIf(skip !== undefined)(`pull progress from a real pull ${skip ?? ''}`, () => {
  let registry: TestRegistry;
  let REF = '';

  beforeAll(async () => {
    registry = await startTestRegistry();
    REF = `${registry.host}/dojo-test/pull-progress:${Date.now().toString(36)}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'dojo-pull-'));
    try {
      // Random bytes do not compress, so the download reports progress in several steps.
      writeFileSync(path.join(dir, 'payload.bin'), randomBytes(24 * 1024 * 1024));
      const imported = await execa('bash', ['-c', `tar -C ${JSON.stringify(dir)} -c . | docker import - ${REF}`], { reject: false });
      expect(imported.exitCode, imported.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await dockerOk('push', REF);
    await dockerOk('image', 'rm', REF);
  });

  afterAll(async () => {
    if (REF) await docker('image', 'rm', REF);
    await registry?.stop();
  });

  it('each layer is ready before the pull\'s digest line, with byte counts on the way', async () => {
    let view: PullView = startPull(REF);
    const states: PullView[] = [];
    await connection!.client.pull(REF, (event) => {
      view = foldPull(view, event);
      states.push(view);
    });
    expect(view.layers.length).toBeGreaterThan(0);
    expect(pullCounts(view)).toEqual({ done: view.layers.length, total: view.layers.length });
    // The last word about each layer depends on the image store.
    expect(view.layers.every((l) => !l.existed && /^(Pull complete|Download complete)/.test(l.status))).toBe(true);
    expect(view.message).toMatch(/^Status: Downloaded newer image/);
    // Ready from the layer's own messages, not only because the pull ended.
    const digestAt = states.findIndex((s) => /^Digest:/.test(s.message ?? ''));
    expect(digestAt).toBeGreaterThan(0);
    expect(pullCounts(states[digestAt - 1]!)).toEqual({ done: view.layers.length, total: view.layers.length });
    // On the way, the engine reported bytes for the download, and the bar never went past its total.
    const withBytes = states.flatMap((s) => s.layers).filter((l) => l.total !== undefined);
    expect(withBytes.length).toBeGreaterThan(0);
    expect(withBytes.every((l) => l.current! <= l.total!)).toBe(true);
    expect((await docker('image', 'inspect', REF)).exitCode).toBe(0);
  });
});
