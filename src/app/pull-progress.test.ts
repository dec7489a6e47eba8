import { describe, expect, it } from 'vitest';
import type { PullProgress } from '../engine/client.js';
import { foldPull, pullCounts, startPull } from './pull-progress.js';

const fold = (events: PullProgress[]) => events.reduce(foldPull, startPull('nginx:1.27-alpine'));

describe('folding pull progress into layers', () => {
  it('follows each layer from waiting through download and extraction to complete, in the order the engine named them', () => {
    const state = fold([
      { id: '1.27-alpine', status: 'Pulling from library/nginx' },
      { id: 'f18232174bc9', status: 'Already exists' },
      { id: '61ca4f733c80', status: 'Pulling fs layer' },
      { id: 'b464cfdf2a63', status: 'Pulling fs layer' },
      { id: 'b464cfdf2a63', status: 'Waiting' },
      { id: '61ca4f733c80', status: 'Downloading', current: 1_000_000, total: 4_000_000 },
      { id: '61ca4f733c80', status: 'Downloading', current: 3_000_000, total: 4_000_000 },
    ]);
    expect(state.message).toBe('Pulling from library/nginx');
    expect(state.layers.map((l) => l.id)).toEqual(['f18232174bc9', '61ca4f733c80', 'b464cfdf2a63']);
    expect(state.layers[0]).toMatchObject({ status: 'Already exists', done: true, existed: true });
    expect(state.layers[1]).toMatchObject({ status: 'Downloading', current: 3_000_000, total: 4_000_000, done: false });
    expect(state.layers[2]).toMatchObject({ status: 'Waiting', done: false });
    expect(pullCounts(state)).toEqual({ done: 1, total: 3 });
  });

  it('keeps a finished step full until the next one reports bytes, and ends with every layer done', () => {
    const afterDownload = fold([
      { id: 'aa', status: 'Downloading', current: 10, total: 100 },
      { id: 'aa', status: 'Verifying Checksum' },
      { id: 'aa', status: 'Download complete' },
    ]);
    expect(afterDownload.layers[0]).toMatchObject({ status: 'Download complete', current: 100, total: 100, done: false });
    const done = [
      { id: 'aa', status: 'Extracting', current: 50, total: 200 },
      { id: 'aa', status: 'Pull complete' },
      { status: 'Digest: sha256:abc' },
      { status: 'Status: Downloaded newer image for nginx:1.27-alpine' },
    ].reduce(foldPull, afterDownload);
    expect(done.layers[0]).toMatchObject({ status: 'Pull complete', current: 200, total: 200, done: true, existed: false });
    expect(done.message).toBe('Status: Downloaded newer image for nginx:1.27-alpine');
    expect(pullCounts(done)).toEqual({ done: 1, total: 1 });
  });

  it('never shows more than the total, and leaves the state it was given untouched', () => {
    const before = fold([{ id: 'aa', status: 'Downloading', current: 10, total: 100 }]);
    const after = foldPull(before, { id: 'aa', status: 'Downloading', current: 150, total: 100 });
    expect(after.layers[0]!.current).toBe(100);
    expect(before.layers[0]!.current).toBe(10);
  });
});
