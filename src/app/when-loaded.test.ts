import { describe, expect, it } from 'vitest';
import type { RunHandle, RunResult } from './api.js';
import { whenLoaded } from './services.js';

function fakeRun() {
  let finish!: (r: RunResult) => void;
  const handle: RunHandle & { stops: number } = {
    stops: 0,
    done: new Promise<RunResult>((resolve) => (finish = resolve)),
    stop() {
      handle.stops++;
      finish({ stopped: true, durationMs: 1 });
    },
  };
  return handle;
}

describe('a run whose runner is still loading', () => {
  it('ends as the command ends once the runner is there', async () => {
    const run = fakeRun();
    const handle = whenLoaded(Promise.resolve(run));
    setTimeout(() => run.stop(), 0);
    await expect(handle.done).resolves.toMatchObject({ stopped: true });
  });

  it('stopped before the runner loads, stops the command as soon as it starts', async () => {
    const run = fakeRun();
    let load!: (h: RunHandle) => void;
    const handle = whenLoaded(new Promise<RunHandle>((resolve) => (load = resolve)));
    handle.stop();
    load(run);
    await expect(handle.done).resolves.toMatchObject({ stopped: true });
    expect(run.stops).toBeGreaterThan(0);
  });

  it('ends with the error when the runner cannot load, instead of rejecting', async () => {
    const handle = whenLoaded(Promise.reject(new Error('Cannot find module run.js')));
    await expect(handle.done).resolves.toMatchObject({ stopped: false, error: expect.stringContaining('Cannot find module run.js'), durationMs: 0 });
  });
});
