import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineStatus, LabGradeView, LabWatchState, SetupActivity } from './api.js';
import type { EventWatcher } from './engine-monitor.js';
import { isRelevantEvent, LabWatch } from './lab-watch.js';

const view = (passed: boolean, attempts = 0): LabGradeView => ({
  verdicts: [{ ok: passed, title: 'container "web" exists', expected: 'a container', found: passed ? 'web' : 'none' }],
  passed,
  points: 10,
  score: passed ? 10 : 0,
  attempts,
  everPassed: passed,
  fresh: false,
  conflicts: [],
  copiedFiles: [],
  checkedAt: 0,
});

function setup(grades: Array<(report: (activity: SetupActivity | undefined) => void) => Promise<LabGradeView>>) {
  let watcher: EventWatcher | undefined;
  const calls: boolean[] = [];
  const states: LabWatchState[] = [];
  let engine: EngineStatus = { state: 'connected', line: 'ok' };
  let engineListener: ((s: EngineStatus) => void) | undefined;
  let n = 0;
  const watch = new LabWatch(
    {
      grade: (explicit, report) => {
        calls.push(explicit);
        const next = grades[Math.min(n++, grades.length - 1)]!;
        return next(report);
      },
      watchEvents: (w) => {
        watcher = w;
        return () => (watcher = undefined);
      },
      engineStatus: () => engine,
      subscribeEngine: (l) => {
        engineListener = l;
        return () => (engineListener = undefined);
      },
      toProblem: (e) => ({ message: (e as Error).message }),
    },
    (s) => states.push(s),
  );
  return {
    watch,
    calls,
    states,
    event: (Type: string, Action: string) => watcher!.onEvent({ Type, Action, Actor: { ID: 'x' }, time: 0 }),
    reconnected: () => watcher!.onReconnected(),
    setEngine: (s: EngineStatus) => {
      engine = s;
      engineListener?.(s);
    },
    watching: () => watcher !== undefined,
  };
}

describe('LabWatch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('grades at once, then 150 ms after the last of a burst of relevant events', async () => {
    const t = setup([async () => view(false), async () => view(true, 1)]);
    t.watch.start();
    await vi.runAllTimersAsync();
    expect(t.calls).toEqual([false]);
    expect(t.states.at(-1)?.grade?.passed).toBe(false);

    t.event('container', 'create');
    await vi.advanceTimersByTimeAsync(100);
    t.event('container', 'start');
    await vi.advanceTimersByTimeAsync(100);
    expect(t.calls).toHaveLength(1);
    t.event('container', 'die');
    await vi.advanceTimersByTimeAsync(149);
    expect(t.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.runAllTimersAsync();
    expect(t.calls).toEqual([false, false]);
    expect(t.states.at(-1)).toMatchObject({ phase: 'idle', grade: { passed: true } });
    t.watch.stop();
    expect(t.watching()).toBe(false);
  });

  it('passes on how a set-up pull is going, and drops it once the lab is graded', async () => {
    let finish!: () => void;
    let report!: (activity: SetupActivity | undefined) => void;
    const t = setup([
      (r) => {
        report = r;
        return new Promise<LabGradeView>((resolve) => (finish = () => resolve(view(false))));
      },
    ]);
    t.watch.start();
    await vi.advanceTimersByTimeAsync(0);
    const pull = { image: 'alpine:3.20', layers: [{ id: 'aa', status: 'Downloading', current: 1, total: 2, done: false, existed: false }] };
    report({ note: 'pulling alpine:3.20', pull });
    expect(t.states.at(-1)).toMatchObject({ phase: 'starting', activity: 'pulling alpine:3.20', pull });
    finish();
    await vi.runAllTimersAsync();
    expect(t.states.at(-1)).toMatchObject({ phase: 'idle', grade: { passed: false } });
    expect(t.states.at(-1)?.pull).toBeUndefined();
  });

  it('ignores events that reading the engine causes (exec, archive) and health checks', async () => {
    const t = setup([async () => view(false)]);
    t.watch.start();
    await vi.runAllTimersAsync();
    t.event('container', 'exec_create: sh -c getent hosts db');
    t.event('container', 'exec_start: sh');
    t.event('container', 'exec_die');
    t.event('container', 'archive-path');
    t.event('container', 'health_status: healthy');
    await vi.runAllTimersAsync();
    expect(t.calls).toHaveLength(1);
  });

  it('never grades twice at once: events during a grade lead to one more grade after it', async () => {
    let finish!: () => void;
    const slow = () => new Promise<LabGradeView>((resolve) => (finish = () => resolve(view(false))));
    const t = setup([async () => view(false), slow, async () => view(true)]);
    t.watch.start();
    await vi.runAllTimersAsync();
    t.event('image', 'pull');
    await vi.advanceTimersByTimeAsync(150);
    expect(t.calls).toHaveLength(2);
    t.event('container', 'create');
    await vi.advanceTimersByTimeAsync(150);
    t.event('container', 'start');
    await vi.advanceTimersByTimeAsync(150);
    expect(t.calls).toHaveLength(2);
    finish();
    await vi.runAllTimersAsync();
    expect(t.calls).toHaveLength(3);
    expect(t.states.at(-1)?.grade?.passed).toBe(true);
  });

  it('an explicit check is passed on as explicit, and resolves when graded', async () => {
    const t = setup([async () => view(false)]);
    t.watch.start();
    await vi.runAllTimersAsync();
    const done = t.watch.check(true);
    await vi.runAllTimersAsync();
    await done;
    expect(t.calls).toEqual([false, true]);
  });

  it('grades again when the engine comes back, and passes engine status through', async () => {
    const t = setup([async () => view(false), async () => view(true)]);
    t.watch.start();
    await vi.runAllTimersAsync();
    t.setEngine({ state: 'lost', line: 'gone', attempt: 1, retryInMs: 500 });
    expect(t.states.at(-1)?.engine.state).toBe('lost');
    t.setEngine({ state: 'connected', line: 'back' });
    t.reconnected();
    await vi.runAllTimersAsync();
    expect(t.calls).toHaveLength(2);
    expect(t.states.at(-1)).toMatchObject({ engine: { state: 'connected' }, grade: { passed: true } });
  });

  it('keeps the last grade and shows the problem when grading fails', async () => {
    const t = setup([async () => view(false), async () => Promise.reject(new Error('The engine did not answer.'))]);
    t.watch.start();
    await vi.runAllTimersAsync();
    t.event('container', 'destroy');
    await vi.runAllTimersAsync();
    expect(t.states.at(-1)).toMatchObject({ phase: 'idle', grade: { passed: false }, problem: { message: 'The engine did not answer.' } });
  });
});

describe('isRelevantEvent', () => {
  it('counts changes to containers, images, volumes, networks and services', () => {
    expect(isRelevantEvent({ Type: 'container', Action: 'create' })).toBe(true);
    expect(isRelevantEvent({ Type: 'image', Action: 'tag' })).toBe(true);
    expect(isRelevantEvent({ Type: 'network', Action: 'connect' })).toBe(true);
    expect(isRelevantEvent({ Type: 'container', Action: 'exec_start: sh' })).toBe(false);
    expect(isRelevantEvent({ Type: 'builder', Action: 'prune' })).toBe(false);
  });
});
