/**
 * Keeps one eye on the engine for the whole app: connects on demand, says in one line how it is
 * (connected / lost / reconnecting), follows the event stream while anyone watches, and when the
 * engine goes away reconnects with backoff and tells the watchers once it is back.
 */
import createDebug from 'debug';
import type { EngineClient, RawEvent } from '../engine/port.js';
import type { Connection } from '../engine/connect.js';
import { DojoError, EngineError, describeError } from '../errors.js';
import type { EngineStatus, Unsubscribe } from './api.js';

const debug = createDebug('docker-dojo:watch');

export interface EngineMonitorOptions {
  /** Finds and connects to the engine (a fresh attempt each call). */
  connect: () => Promise<Connection>;
  /** One line about a connected engine, e.g. "Docker 27.1 · unix:///var/run/docker.sock". */
  describe: (connection: Connection) => Promise<string>;
  /** Waits between reconnect attempts, in order; the last repeats. */
  backoffMs?: number[];
  /** How often an idle connection (no watchers) is pinged. */
  idlePingMs?: number;
  pingTimeoutMs?: number;
}

export interface EventWatcher {
  onEvent(event: RawEvent): void;
  /** The engine answered again after being lost: things may have changed meanwhile. */
  onReconnected(): void;
}

const DEFAULT_BACKOFF = [500, 1000, 2000, 4000, 8000];

export class EngineMonitor {
  private status: EngineStatus = { state: 'connecting', line: 'looking for your Docker engine…' };
  private readonly listeners = new Set<(status: EngineStatus) => void>();
  private readonly watchers = new Set<EventWatcher>();
  private connection?: Connection;
  private connecting?: Promise<Connection>;
  private healthy = false;
  private closed = false;
  private started = false;
  private follow?: AbortController;
  private wake?: () => void;
  private readonly backoff: number[];
  private readonly idlePingMs: number;
  private readonly pingTimeoutMs: number;

  constructor(private readonly options: EngineMonitorOptions) {
    this.backoff = options.backoffMs ?? DEFAULT_BACKOFF;
    this.idlePingMs = options.idlePingMs ?? 10_000;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 3_000;
  }

  /** Starts the background loop (idempotent). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void this.loop();
  }

  current(): EngineStatus {
    return this.status;
  }

  subscribe(listener: (status: EngineStatus) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The engine client, connecting first if needed; an EngineError says what is wrong. */
  async client(): Promise<EngineClient> {
    if (this.connection && this.healthy) return this.connection.client;
    if (this.connection) {
      // Lost earlier: one quick try, so an action right after the engine came back works.
      await this.connection.client.ping(this.pingTimeoutMs);
      await this.markConnected(this.connection, true);
      return this.connection.client;
    }
    return (await this.ensureConnection()).client;
  }

  watchEvents(watcher: EventWatcher): Unsubscribe {
    this.watchers.add(watcher);
    this.start();
    this.wake?.();
    return () => {
      this.watchers.delete(watcher);
      if (this.watchers.size === 0) this.follow?.abort();
    };
  }

  close(): void {
    this.closed = true;
    this.follow?.abort();
    this.wake?.();
    this.watchers.clear();
    this.listeners.clear();
  }

  private setStatus(status: EngineStatus): void {
    this.status = status;
    for (const listener of [...this.listeners]) listener(status);
  }

  private async ensureConnection(): Promise<Connection> {
    if (this.connection) return this.connection;
    this.connecting ??= this.options.connect().finally(() => (this.connecting = undefined));
    const connection = await this.connecting;
    if (!this.connection) {
      this.connection = connection;
      // Found at last after failed tries: watchers grade again (their last try had no engine).
      const afterFailures = this.status.state === 'lost' || this.status.state === 'reconnecting';
      await this.markConnected(connection, afterFailures);
    }
    return connection;
  }

  private async markConnected(connection: Connection, announce: boolean): Promise<void> {
    const wasHealthy = this.healthy;
    this.healthy = true;
    let line = this.status.state === 'connected' ? this.status.line : 'engine connected';
    try {
      line = await this.options.describe(connection);
    } catch (error) {
      debug('describe failed: %s', describeError(error));
    }
    if (this.closed) return;
    this.setStatus({ state: 'connected', line });
    if (announce && !wasHealthy) for (const w of [...this.watchers]) w.onReconnected();
  }

  private markLost(error: unknown, attempt: number, retryInMs: number): void {
    this.healthy = false;
    const message = describeError(error).split('\n')[0]!;
    const fix = error instanceof DojoError ? error.tryThis : undefined;
    this.setStatus({ state: 'lost', line: message, ...(fix ? { fix } : {}), attempt, retryInMs });
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      try {
        let connection: Connection;
        if (this.connection && !this.healthy) {
          await this.connection.client.ping(this.pingTimeoutMs);
          connection = this.connection;
          await this.markConnected(connection, true);
        } else {
          connection = await this.ensureConnection();
        }
        failures = 0;
        if (this.closed) break;
        if (this.watchers.size > 0) await this.followEvents(connection);
        else {
          await this.sleep(this.idlePingMs);
          if (!this.closed && this.watchers.size === 0) await connection.client.ping(this.pingTimeoutMs);
        }
      } catch (error) {
        if (this.closed) break;
        const wait = this.backoff[Math.min(failures, this.backoff.length - 1)]!;
        failures += 1;
        debug('engine lost (attempt %d): %s', failures, describeError(error));
        this.markLost(error, failures, wait);
        await this.sleep(wait);
        if (this.closed) break;
        this.setStatus({ state: 'reconnecting', line: 'reconnecting to your Docker engine…', attempt: failures });
      }
    }
  }

  /** Follows events until nobody watches (returns) or the engine goes away (throws). */
  private async followEvents(connection: Connection): Promise<void> {
    const abort = new AbortController();
    this.follow = abort;
    try {
      await connection.client.streamEvents((event) => {
        for (const w of [...this.watchers]) {
          try {
            w.onEvent(event);
          } catch (error) {
            debug('watcher failed: %s', describeError(error));
          }
        }
      }, abort.signal);
    } catch (error) {
      if (abort.signal.aborted) return;
      throw error;
    } finally {
      if (this.follow === abort) this.follow = undefined;
    }
    if (abort.signal.aborted) return;
    throw new EngineError('not-running', 'The Docker engine closed its event stream (it may have stopped).', 'Start the Docker daemon again; the app reconnects by itself.');
  }

  /** Waits, or less when a watcher arrives or the monitor closes. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wake === done) self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }
}
