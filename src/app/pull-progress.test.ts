import { describe, expect, it } from 'vitest';
import { pullProgressOf } from '../engine/client.js';
import type { PullProgress } from '../engine/port.js';
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

/** Messages as Docker 26.1 sent them (POST /images/create), one JSON document a line. */
const recorded = (lines: string) => lines.trim().split('\n').map((line) => pullProgressOf(JSON.parse(line)));

describe('pull progress on the containerd image store, from recorded payloads', () => {
  it('a layer that ends at "Download complete" with hidden counts is ready, and the pull ends with every layer ready', () => {
    const events = recorded(`
{"status":"Pulling from t/p","id":"2"}
{"status":"Pulling fs layer","progressDetail":{},"id":"0e93094aa155"}
{"status":"Downloading","progressDetail":{"current":10485760,"total":60018584},"progress":"[========>                                          ]  10.49MB/60.02MB","id":"0e93094aa155"}
{"status":"Downloading","progressDetail":{"current":60018584,"total":60018584},"progress":"[==================================================>]  60.02MB/60.02MB","id":"0e93094aa155"}
{"status":"Download complete","progressDetail":{"hidecounts":true},"id":"0e93094aa155"}
{"status":"Digest: sha256:add4735793778d495a00970e878d95be384e162bb2c31d56e55e01de10105826"}
{"status":"Status: Downloaded newer image for 127.0.0.1:5099/t/p:2"}`);
    const states = events.map((_, i) => events.slice(0, i + 1).reduce(foldPull, startPull('127.0.0.1:5099/t/p:2')));
    expect(pullCounts(states[3]!)).toEqual({ done: 0, total: 1 });
    expect(states[3]!.layers[0]).toMatchObject({ status: 'Downloading', current: 60018584, total: 60018584 });
    // Ready as soon as its download completes: this store reports no extraction per layer.
    expect(pullCounts(states[4]!)).toEqual({ done: 1, total: 1 });
    expect(states[4]!.layers[0]).toMatchObject({ status: 'Download complete', done: true, existed: false, current: 60018584 });
    const end = states.at(-1)!;
    expect(pullCounts(end)).toEqual({ done: 1, total: 1 });
    expect(end.message).toBe('Status: Downloaded newer image for 127.0.0.1:5099/t/p:2');
  });

  it('a small layer reports no bytes at all, and a layer the store has is "Already exists"', () => {
    const small = recorded(`
{"status":"Pulling from library/nginx","id":"1.27-alpine"}
{"status":"Pulling fs layer","progressDetail":{},"id":"a1fdbc8e2531"}
{"status":"Download complete","progressDetail":{"hidecounts":true},"id":"a1fdbc8e2531"}
{"status":"Digest: sha256:9ef29d7da0b9876e274e703e84e2514c2dbfa4fb421180e7cb6f7b16029e0683"}
{"status":"Status: Downloaded newer image for nginx:1.27-alpine"}`).reduce(foldPull, startPull('nginx:1.27-alpine'));
    expect(pullCounts(small)).toEqual({ done: 1, total: 1 });
    const shared = recorded(`
{"status":"Pulling from t/p","id":"3"}
{"status":"Pulling fs layer","progressDetail":{},"id":"b35c8aa77592"}
{"status":"Already exists","progressDetail":{"hidecounts":true},"id":"b35c8aa77592"}`).reduce(foldPull, startPull('127.0.0.1:5099/t/p:3'));
    expect(shared.layers[0]).toMatchObject({ done: true, existed: true });
  });

  it('an image already up to date sends no layer lines, and ends on its status', () => {
    const upToDate = recorded(`
{"status":"Pulling from library/nginx","id":"1.27-alpine"}
{"status":"Digest: sha256:9ef29d7da0b9876e274e703e84e2514c2dbfa4fb421180e7cb6f7b16029e0683"}
{"status":"Status: Image is up to date for nginx:1.27-alpine"}`).reduce(foldPull, startPull('nginx:1.27-alpine'));
    expect(pullCounts(upToDate)).toEqual({ done: 0, total: 0 });
    expect(upToDate.message).toBe('Status: Image is up to date for nginx:1.27-alpine');
  });

  it('on the classic store "Download complete" is not the end: extraction follows', () => {
    const midway = recorded(`
{"status":"Pulling fs layer","progressDetail":{},"id":"f18232174bc9"}
{"status":"Downloading","progressDetail":{"current":1000,"total":3000},"progress":"","id":"f18232174bc9"}
{"status":"Download complete","progressDetail":{},"id":"f18232174bc9"}`).reduce(foldPull, startPull('alpine:3.19'));
    expect(pullCounts(midway)).toEqual({ done: 0, total: 1 });
  });
});
