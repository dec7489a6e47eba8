/**
 * The dockerode implementation of the engine port (port.ts): the only code that calls the Docker Engine API. Every call has a
 * deadline and every failure says what was being done.
 */
import type Dockerode from 'dockerode';
import type { Readable } from 'node:stream';
import createDebug from 'debug';
import { classifyEngineError } from './classify.js';
import type { EngineEndpoint } from './endpoint.js';
import type {
  ContainerDetails,
  ContainerProcess,
  ContainerSpec,
  ContainerSummary,
  EngineClient,
  EngineInfo,
  EngineVersion,
  ExecResult,
  ImageDetails,
  ImageHistoryEntry,
  ImageLayerContent,
  ImageSummary,
  NetworkDetails,
  PullProgress,
  RawEvent,
  ServiceDetails,
  SwarmObject,
  TaskDetails,
  VolumeDetails,
} from './port.js';

const debug = createDebug('docker-dojo:engine');

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Saving an image streams all of its layers: allow for a large one. */
const IMAGE_ARCHIVE_TIMEOUT_MS = 60_000;


type WithSignal = { abortSignal?: AbortSignal };

/** Calls whose options (and so the deadline) dockerode's typings leave out, though it passes them on. */
interface UntypedOptions {
  ping(options: WithSignal): Promise<unknown>;
  version(options: WithSignal): Promise<EngineVersion>;
  info(options: WithSignal): Promise<EngineInfo>;
  getImage(ref: string): { inspect(options: WithSignal): Promise<ImageDetails> };
  getNetwork(name: string): { inspect(options: WithSignal): Promise<NetworkDetails> };
  getEvents(options: WithSignal & { since?: string; until?: string }): Promise<NodeJS.ReadableStream>;
  listServices(options: WithSignal): Promise<ServiceDetails[]>;
  listSecrets(options: WithSignal): Promise<SwarmObject[]>;
  listConfigs(options: WithSignal): Promise<SwarmObject[]>;
  getContainer(id: string): { rename(options: WithSignal & { name: string }): Promise<unknown>; stop(options: WithSignal & { t: number }): Promise<unknown> };
  modem: { dial(options: object, callback: (error: unknown, data: unknown) => void): void };
}

/** The engine port answered by dockerode; nothing outside this file sees dockerode itself. */
export class DockerodeClient implements EngineClient {
  private readonly untyped: UntypedOptions;

  constructor(
    private readonly docker: Dockerode,
    readonly timeoutMs: number = DEFAULT_TIMEOUT_MS,
    /** Where the engine is, so that a failure names it and its fix. */
    private readonly endpoint?: EngineEndpoint,
  ) {
    this.untyped = docker as unknown as UntypedOptions;
  }

  /** Runs one API call with a deadline; 404s become undefined when `notFound` is set. */
  private async call<T>(what: string, run: (opts: WithSignal) => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    const started = performance.now();
    try {
      return await run({ abortSignal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw this.failure(error, what, timeoutMs);
    } finally {
      debug('%s %dms', what, Math.round(performance.now() - started));
    }
  }

  private failure(error: unknown, doing: string, timeoutMs?: number) {
    return classifyEngineError(error, { doing, ...(timeoutMs ? { timeoutMs } : {}), ...(this.endpoint ? { endpoint: this.endpoint } : {}) });
  }

  private async maybe<T>(what: string, run: (opts: WithSignal) => Promise<T>, timeoutMs = this.timeoutMs): Promise<T | undefined> {
    try {
      return await this.call(what, run, timeoutMs);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  ping(timeoutMs?: number): Promise<unknown> {
    return this.call('pinging the engine', (o) => this.untyped.ping(o), timeoutMs);
  }
  version(): Promise<EngineVersion> {
    return this.call('reading the engine version', (o) => this.untyped.version(o));
  }
  info(): Promise<EngineInfo> {
    return this.call('reading engine info', (o) => this.untyped.info(o));
  }

  listContainers(): Promise<ContainerSummary[]> {
    return this.call('listing containers', (o) => this.docker.listContainers({ all: true, ...o }));
  }
  inspectContainer(nameOrId: string): Promise<ContainerDetails | undefined> {
    return this.maybe(`inspecting container ${nameOrId}`, (o) => this.docker.getContainer(nameOrId).inspect(o));
  }
  listImages(): Promise<ImageSummary[]> {
    return this.call('listing images', (o) => this.docker.listImages({ all: false, ...o }));
  }
  inspectImage(ref: string): Promise<ImageDetails | undefined> {
    return this.maybe(`inspecting image ${ref}`, (o) => this.untyped.getImage(ref).inspect(o));
  }
  /** The build steps of an image, newest first; undefined when there is no such image. */
  imageHistory(ref: string): Promise<ImageHistoryEntry[] | undefined> {
    // dockerode's history() takes no options, so it could not carry the deadline: dial directly.
    return this.maybe(`reading the history of image ${ref}`, (o) =>
      new Promise<ImageHistoryEntry[]>((resolve, reject) =>
        this.untyped.modem.dial(
          { path: `/images/${ref}/history`, method: 'GET', abortSignal: o.abortSignal, statusCodes: { 200: true, 404: 'no such image', 500: 'server error' } },
          (error, data) => (error ? reject(error) : resolve(data as ImageHistoryEntry[])),
        ),
      ),
    );
  }
  /** What each layer of an image stores, read from its `docker save` archive. */
  imageLayerContents(ref: string, read: readonly string[]): Promise<ImageLayerContent[] | undefined> {
    return this.maybe(`reading the layers of image ${ref}`, async (o) => {
      const archive = await new Promise<Readable>((resolve, reject) =>
        this.untyped.modem.dial(
          { path: `/images/${ref}/get`, method: 'GET', isStream: true, abortSignal: o.abortSignal, statusCodes: { 200: true, 404: 'no such image', 500: 'server error' } },
          (error, data) => (error ? reject(error) : resolve(data as Readable)),
        ),
      );
      // Loaded only here: the tar reader stays out of what every command loads.
      const { readImageArchive } = await import('./image-archive.js');
      return readImageArchive(archive, read);
    }, IMAGE_ARCHIVE_TIMEOUT_MS);
  }
  listVolumes(): Promise<VolumeDetails[]> {
    return this.call('listing volumes', async (o) => (await this.docker.listVolumes(o)).Volumes ?? []);
  }
  inspectVolume(name: string): Promise<VolumeDetails | undefined> {
    return this.maybe(`inspecting volume ${name}`, (o) => this.docker.getVolume(name).inspect(o));
  }
  listNetworks(): Promise<NetworkDetails[]> {
    return this.call('listing networks', (o) => this.docker.listNetworks(o));
  }
  inspectNetwork(name: string): Promise<NetworkDetails | undefined> {
    return this.maybe(`inspecting network ${name}`, async (o) => {
      let net: NetworkDetails;
      try {
        net = await this.untyped.getNetwork(name).inspect(o);
      } catch (error) {
        if (!isAmbiguous(error)) throw error;
        // Two networks of one name (a learner's `docker network create ingress` beside swarm's):
        // the swarm-wide one is the one Docker's swarm commands mean; else the newest.
        const same = (await this.listNetworks()).filter((n) => n.Name === name);
        const pick = same.find((n) => n.Scope === 'swarm') ?? same.sort((a, b) => Date.parse(b.Created) - Date.parse(a.Created))[0];
        if (!pick) return undefined;
        net = await this.untyped.getNetwork(pick.Id).inspect(o);
      }
      // The API matches ids by prefix too; a check about "web" must not pass on a network id starting "web".
      return net.Name === name || net.Id === name ? net : undefined;
    });
  }
  listServices(): Promise<ServiceDetails[]> {
    return this.call('listing swarm services', (o) => this.untyped.listServices(o));
  }
  listSecrets(): Promise<SwarmObject[]> {
    return this.call('listing swarm secrets', (o) => this.untyped.listSecrets(o));
  }
  listConfigs(): Promise<SwarmObject[]> {
    return this.call('listing swarm configs', (o) => this.untyped.listConfigs(o));
  }
  /** One service with the engine's defaults filled in, as `docker service inspect` shows it (update settings included). */
  inspectService(nameOrId: string): Promise<ServiceDetails | undefined> {
    // dockerode's inspect() sends no query, and without insertDefaults fields left at their default are missing.
    return this.maybe(`inspecting service ${nameOrId}`, (o) =>
      new Promise<ServiceDetails>((resolve, reject) =>
        this.untyped.modem.dial(
          { path: `/services/${encodeURIComponent(nameOrId)}?`, method: 'GET', options: { insertDefaults: true }, abortSignal: o.abortSignal, statusCodes: { 200: true, 404: 'no such service', 500: 'server error', 503: 'node is not part of a swarm' } },
          (error: unknown, data: unknown) => (error ? reject(error) : resolve(data as ServiceDetails)),
        ),
      ),
    );
  }
  listTasks(service: string): Promise<TaskDetails[] | undefined> {
    // The engine answers 404 when the service is gone, e.g. removed while a check was reading it.
    return this.maybe(`listing tasks of service ${service}`, (o) => this.docker.listTasks({ filters: JSON.stringify({ service: [service] }), ...o }));
  }

  /** Events between two times (seconds since the epoch), read to the end. */
  events(since: string, until: string): Promise<RawEvent[]> {
    return this.call('reading engine events', async (o) => {
      const stream = await this.untyped.getEvents({ since, until, ...o });
      const text = await readAll(stream as Readable);
      return parseJsonLines<RawEvent>(text);
    });
  }

  /** Follows the live event stream until the signal aborts. */
  async streamEvents(onEvent: (event: RawEvent) => void, signal: AbortSignal): Promise<void> {
    const stream = (await this.untyped.getEvents({ abortSignal: signal })) as Readable;
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (!line) continue;
          let event: RawEvent;
          try {
            event = JSON.parse(line) as RawEvent;
          } catch {
            debug('skipping an unreadable event line: %s', line.slice(0, 200));
            continue;
          }
          onEvent(event);
        }
      });
      stream.on('end', resolve);
      stream.on('error', (error) => (signal.aborted ? resolve() : reject(this.failure(error, 'following engine events'))));
    });
  }

  containerLogs(name: string, tail = 500): Promise<string | undefined> {
    return this.maybe(`reading logs of ${name}`, async (o) => {
      const container = this.docker.getContainer(name);
      const info = await container.inspect(o);
      const raw = await container.logs({ stdout: true, stderr: true, tail, follow: false, ...o });
      return info.Config.Tty ? raw.toString('utf8') : demuxBuffer(raw).map((f) => f.text).join('');
    });
  }

  containerProcesses(name: string): Promise<ContainerProcess[] | undefined> {
    return this.maybe(`listing the processes of ${name}`, async (o) => {
      const container = this.docker.getContainer(name);
      const info = await container.inspect(o);
      if (!info.State.Running) return [];
      // Numeric columns: a user name would be the host's name for the ID, not the container's.
      const top = (await container.top({ ps_args: '-o pid,uid,comm', ...o })) as { Titles?: string[]; Processes?: string[][] };
      const titles = (top.Titles ?? []).map((t) => t.trim().toUpperCase());
      const [pid, uid, comm] = ['PID', 'UID', 'COMMAND'].map((t) => titles.indexOf(t));
      return (top.Processes ?? []).map((row) => ({
        pid: Number(row[pid!]),
        uid: Number(row[uid!]),
        command: comm! >= 0 ? (row[comm!] ?? '') : '',
      }));
    });
  }

  /**
   * Runs a command in a running container. Output is demultiplexed (Tty off) and the exit code
   * is read only after the output stream has ended — before that the engine may still say null.
   */
  exec(container: string, cmd: string[], timeoutMs = this.timeoutMs): Promise<ExecResult> {
    return this.call(`running ${cmd.join(' ')} in ${container}`, async (o) => {
      const exec = await this.docker.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false, ...o });
      const stream = (await exec.start({ hijack: true, stdin: false, Tty: false, ...o })) as Readable;
      const frames = demuxBuffer(await readAllBuffer(stream, o.abortSignal));
      const inspected = await exec.inspect(o);
      return {
        exitCode: inspected.ExitCode ?? -1,
        stdout: frames.filter((f) => f.stream === 1).map((f) => f.text).join(''),
        stderr: frames.filter((f) => f.stream === 2).map((f) => f.text).join(''),
      };
    }, timeoutMs);
  }

  /** Reads a small file from a container (running or not) through the archive API. */
  readFile(container: string, filePath: string, maxBytes = 256 * 1024): Promise<{ exists: boolean; content?: string; modified?: string }> {
    return this.call(`reading ${filePath} in ${container}`, async (o) => {
      try {
        const stream = (await this.docker.getContainer(container).getArchive({ path: filePath, ...o })) as Readable;
        // The engine states the file's modification time, to the nanosecond, in a header; the tar has only seconds.
        const modified = pathStatModified((stream as unknown as { headers?: Record<string, string | undefined> }).headers?.['x-docker-container-path-stat']);
        const tar = await readAllBuffer(stream, o.abortSignal, maxBytes + 4096);
        return { exists: true, content: firstTarEntry(tar, maxBytes), ...(modified ? { modified } : {}) };
      } catch (error) {
        if (isNotFound(error)) return { exists: false };
        throw error;
      }
    });
  }

  /**
   * Pulls an image, following progress to the end. The engine reports failures in-band as
   * {"error": …} lines with a 200 status; those become errors here.
   */
  pull(ref: string, onProgress?: (p: PullProgress) => void, timeoutMs = 10 * 60_000): Promise<void> {
    return this.call(`pulling ${ref}`, async (o) => {
      const stream = (await this.docker.pull(ref, o)) as Readable;
      await followJsonStream(stream, (message) => {
        const event = message as PullMessage;
        if (event.error) throw new Error(event.error);
        onProgress?.(pullProgressOf(event));
      });
    }, timeoutMs);
  }

  async createContainer(spec: ContainerSpec): Promise<{ id: string }> {
    const container = await this.call(`creating container ${spec.name}`, (o) => this.docker.createContainer({ ...spec, ...o }));
    return { id: container.id };
  }
  startContainer(id: string): Promise<void> {
    return this.call(`starting container ${id}`, (o) => this.docker.getContainer(id).start(o));
  }
  renameContainer(id: string, name: string): Promise<void> {
    return this.call(`renaming container ${id} to ${name}`, async (o) => void (await this.untyped.getContainer(id).rename({ name, ...o })));
  }
  stopContainer(id: string): Promise<void> {
    return this.call(
      `stopping container ${id}`,
      async (o) => {
        try {
          await this.untyped.getContainer(id).stop({ t: 5, ...o });
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode !== 304) throw error; // already stopped
        }
      },
      30_000,
    );
  }
  removeContainer(id: string): Promise<void> {
    return this.call(`removing container ${id}`, (o) => this.docker.getContainer(id).remove({ force: true, v: false, ...o }));
  }
  removeImage(ref: string): Promise<void> {
    return this.call(`removing image ${ref}`, (o) => this.docker.getImage(ref).remove({ force: false, noprune: false, ...o }));
  }
  tagImage(id: string, ref: string): Promise<void> {
    // The tag is what follows the last colon after the last slash (a registry's port is not a tag).
    const split = ref.lastIndexOf(':') > ref.lastIndexOf('/') ? ref.lastIndexOf(':') : -1;
    const [repo, tag] = split < 0 ? [ref, 'latest'] : [ref.slice(0, split), ref.slice(split + 1)];
    return this.call(`tagging image ${id} as ${ref}`, async (o) => void (await this.docker.getImage(id).tag({ repo, tag, ...o })));
  }
  createVolume(name: string, labels: Record<string, string>): Promise<void> {
    return this.call(`creating volume ${name}`, async (o) => void (await this.docker.createVolume({ Name: name, Labels: labels, ...o })));
  }
  removeVolume(name: string): Promise<void> {
    return this.call(`removing volume ${name}`, (o) => this.docker.getVolume(name).remove(o));
  }
  createNetwork(name: string, labels: Record<string, string>): Promise<void> {
    return this.call(`creating network ${name}`, async (o) => void (await this.docker.createNetwork({ Name: name, Labels: labels, ...o })));
  }
  removeNetwork(id: string): Promise<void> {
    return this.call(`removing network ${id}`, (o) => this.docker.getNetwork(id).remove(o));
  }
  removeService(id: string): Promise<void> {
    return this.call(`removing service ${id}`, (o) => this.docker.getService(id).remove(o));
  }
  leaveSwarm(): Promise<void> {
    return this.call('leaving the swarm', (o) => this.docker.swarmLeave({ force: true, ...o }));
  }
}

/** One line of the engine's pull stream (POST /images/create). */
export interface PullMessage {
  id?: string;
  status?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number; hidecounts?: boolean };
}

/** One message of the engine's pull stream, as the progress fold reads it. */
export function pullProgressOf(event: PullMessage): PullProgress {
  const detail = event.progressDetail ?? {};
  return { id: event.id, status: event.status ?? '', current: detail.current, total: detail.total, ...(detail.hidecounts ? { hideCounts: true } : {}) };
}

/** The engine refused a name that more than one object answers to. */
export function isAmbiguous(error: unknown): boolean {
  const e = error as { json?: { message?: string }; message?: string };
  return /is ambiguous/.test(String(e?.json?.message ?? e?.message ?? ''));
}

export function isNotFound(error: unknown): boolean {
  const e = error as { statusCode?: number; cause?: unknown };
  return e?.statusCode === 404 || (e?.cause as { statusCode?: number })?.statusCode === 404;
}

export interface Frame {
  stream: number;
  text: string;
}

/** Splits the engine's multiplexed stdout/stderr framing (8-byte headers) into frames. */
export function demuxBuffer(buffer: Buffer): Frame[] {
  const frames: Frame[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const stream = buffer[offset]!;
    const size = buffer.readUInt32BE(offset + 4);
    if (stream > 2 || buffer[offset + 1] !== 0 || offset + 8 + size > buffer.length) {
      // Not framed (a Tty stream): return the rest as-is.
      frames.push({ stream: 1, text: buffer.subarray(offset).toString('utf8') });
      return frames;
    }
    frames.push({ stream, text: buffer.subarray(offset + 8, offset + 8 + size).toString('utf8') });
    offset += 8 + size;
  }
  if (offset < buffer.length) frames.push({ stream: 1, text: buffer.subarray(offset).toString('utf8') });
  return frames;
}

/** Content of the first regular file in a tar archive (ustar), at most maxBytes. */
export function firstTarEntry(tar: Buffer, maxBytes: number): string {
  const header = tar.subarray(0, 512);
  const sizeField = header.subarray(124, 136).toString('ascii').replace(/\0.*$/, '').trim();
  const size = parseInt(sizeField || '0', 8);
  return tar.subarray(512, 512 + Math.min(size, maxBytes)).toString('utf8');
}

async function readAll(stream: Readable): Promise<string> {
  return (await readAllBuffer(stream)).toString('utf8');
}

async function readAllBuffer(stream: Readable, signal?: AbortSignal, maxBytes = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      stream.destroy();
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) chunks.push(chunk);
    });
    stream.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks));
    });
    stream.on('error', reject);
  });
}

export function parseJsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

/** Reads a JSON-lines progress stream to the end, calling onEvent for each object; a throw in onEvent fails it. */
export function followJsonStream(stream: Readable, onEvent: (event: unknown) => void): Promise<void> {
  let buffer = '';
  return new Promise((resolve, reject) => {
    const handle = (line: string) => {
      if (!line.trim()) return;
      try {
        onEvent(JSON.parse(line));
      } catch (error) {
        stream.destroy();
        reject(error);
        return false;
      }
      return true;
    };
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (handle(line) === false) return;
      }
    });
    stream.on('end', () => {
      if (handle(buffer) !== false) resolve();
    });
    stream.on('error', reject);
  });
}

/** The modification time in the archive API's base64 JSON path-stat header, if it has one. */
export function pathStatModified(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    const stat = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { mtime?: unknown };
    return typeof stat.mtime === 'string' && !Number.isNaN(Date.parse(stat.mtime)) ? stat.mtime : undefined;
  } catch {
    return undefined;
  }
}
