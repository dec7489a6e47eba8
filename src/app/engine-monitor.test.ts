import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../engine/port.js';
import { FakeEngine as BaseEngine } from '../engine/testing/fake-engine.js';
import { EngineError } from '../errors.js';
import type { EngineStatus } from './api.js';
import { EngineMonitor } from './engine-monitor.js';

/** An engine that can go away and come back, with an event stream the test feeds. */
class FakeEngine extends BaseEngine {
  private streams = new Set<{ emit: (e: RawEvent) => void; fail: (e: Error) => void }>();
  readonly client = this;

  override streamEvents(onEvent: (e: RawEvent) => void, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (!this.up) return reject(new EngineError('not-running', 'The Docker engine is not running.'));
      const stream = { emit: onEvent, fail: reject };
      this.streams.add(stream);
      signal.addEventListener('abort', () => {
        this.streams.delete(stream);
        resolve();
      });
    });
  }
  get followers() {
    return this.streams.size;
  }
  emit(Action: string) {
    for (const s of this.streams) s.emit({ Type: 'container', Action, Actor: { ID: 'x' }, time: 0 });
  }
  stop() {
    this.up = false;
    for (const s of [...this.streams]) s.fail(new Error('socket hang up'));
    this.streams.clear();
  }
}

const until = async (what: string, ok: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('EngineMonitor', () => {
  it('follows events while watched, reports loss, reconnects with backoff and tells watchers it is back', async () => {
    const engine = new FakeEngine();
    const monitor = new EngineMonitor({ connect: async () => engine.connection(), describe: async () => 'Docker 27 · fake', backoffMs: [10, 20, 40] });
    const statuses: EngineStatus['state'][] = [];
    monitor.subscribe((s) => statuses.push(s.state));
    const events: string[] = [];
    let reconnected = 0;
    const stop = monitor.watchEvents({ onEvent: (e) => events.push(e.Action), onReconnected: () => reconnected++ });
    await until('a follower', () => engine.followers === 1);
    expect(monitor.current()).toEqual({ state: 'connected', line: 'Docker 27 · fake' });
    engine.emit('create');
    expect(events).toEqual(['create']);

    engine.stop();
    await until('lost', () => monitor.current().state === 'lost');
    expect(monitor.current()).toMatchObject({ state: 'lost', line: 'socket hang up', attempt: 1, retryInMs: 10 });
    await until('a second failed attempt', () => statuses.filter((s) => s === 'reconnecting').length >= 2);
    engine.up = true;
    await until('connected again', () => monitor.current().state === 'connected' && engine.followers === 1);
    expect(reconnected).toBe(1);
    engine.emit('start');
    expect(events).toEqual(['create', 'start']);

    stop();
    expect(engine.followers).toBe(0);
    monitor.close();
  });

  it('says why when there is no engine at all, and keeps trying', async () => {
    const engine = new FakeEngine();
    let attempts = 0;
    const monitor = new EngineMonitor({
      connect: async () => {
        attempts++;
        if (attempts < 3) throw new EngineError('not-installed', 'Docker is not installed.', 'Install Docker Engine.');
        return engine.connection();
      },
      describe: async () => 'Docker 27',
      backoffMs: [5],
    });
    let reconnected = 0;
    monitor.watchEvents({ onEvent: () => {}, onReconnected: () => reconnected++ });
    await until('lost', () => monitor.current().state === 'lost');
    expect(monitor.current()).toMatchObject({ line: 'Docker is not installed.', fix: 'Install Docker Engine.' });
    await until('connected', () => monitor.current().state === 'connected');
    expect(await monitor.client()).toBe(engine.client);
    // The watchers' last grade had no engine: they are told to grade again.
    expect(reconnected).toBe(1);
    monitor.close();
  });
});
