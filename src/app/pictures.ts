/**
 * The data behind the two pictures, from what the engine reports: the engine as its chain of
 * programs, and an image as its stack of layers. Pure: the service reads the engine, these
 * functions shape what it read.
 */
import type { ContainerSummary, EngineInfo, EngineVersion, ImageDetails, ImageHistoryEntry } from '../engine/port.js';
import type { EngineMap, ImageLayer, ImageStack } from './api.js';
import { listedName } from '../engine/names.js';

export interface EngineFacts {
  endpoint: string;
  version: EngineVersion;
  info: EngineInfo;
  containers: ContainerSummary[];
}

const UNKNOWN = 'unknown';

export function buildEngineMap(facts: EngineFacts): EngineMap {
  const { version, info } = facts;
  const components = (version as { Components?: Array<{ Name?: string; Version?: string }> }).Components ?? [];
  const component = (name: string) => components.find((c) => c.Name?.toLowerCase() === name)?.Version || UNKNOWN;
  const text = (value: unknown) => (typeof value === 'string' && value ? value : UNKNOWN);
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  const runtimes = info.Runtimes && typeof info.Runtimes === 'object' ? (info.Runtimes as Record<string, { runtimeType?: string }>) : {};
  const defaultRuntime = text(info.DefaultRuntime);
  const running = facts.containers
    .filter((c) => c.State === 'running')
    .sort((a, b) => b.Created - a.Created)
    .map((c) => ({ id: c.Id.slice(0, 12), name: listedName(c), image: c.Image, status: c.Status }));
  return {
    endpoint: facts.endpoint,
    server: {
      version: text(version.Version),
      apiVersion: text(version.ApiVersion),
      os: text(version.Os),
      arch: text(version.Arch),
      kernel: text(version.KernelVersion ?? info.KernelVersion),
      operatingSystem: text(info.OperatingSystem),
    },
    containerd: component('containerd'),
    runc: component('runc'),
    dockerInit: component('docker-init'),
    defaultRuntime,
    shim: shimFor(defaultRuntime, runtimes[defaultRuntime]?.runtimeType),
    runtimes: Object.keys(runtimes).sort(),
    storageDriver: text(info.Driver),
    cgroupDriver: text(info.CgroupDriver),
    containers: { running: count(info.ContainersRunning), paused: count(info.ContainersPaused), stopped: count(info.ContainersStopped) },
    images: count(info.Images),
    running,
  };
}

/**
 * The shim containerd starts for a runtime: its type "io.containerd.X.vN" names the binary
 * containerd-shim-X-vN. Runtimes registered by path (runc, crun, …) have no type of their own:
 * Docker runs them through the runc shim, io.containerd.runc.v2.
 */
export function shimFor(runtime: string, runtimeType?: string): string {
  const type = runtimeType ?? (/^io\.containerd\./.test(runtime) ? runtime : 'io.containerd.runc.v2');
  const m = /^io\.containerd\.([a-z0-9_-]+)\.(v\d+)$/i.exec(type);
  return m ? `containerd-shim-${m[1]}-${m[2]}` : `shim for ${runtime}`;
}

export function buildImageStack(ref: string, image: ImageDetails | undefined, history: ImageHistoryEntry[]): ImageStack {
  if (!image) return { ref, present: false };
  const diffIds = image.RootFS?.Layers ?? [];
  const steps = matchHistory(diffIds.length, history);
  const layers: ImageLayer[] = diffIds.map((diffId, i) => {
    const step = steps?.[i];
    return { diffId, ...(step ? { size: step.Size, createdBy: shortCreatedBy(step) } : {}) };
  });
  const cmd = image.Config?.Cmd ?? undefined;
  return { ref, present: true, id: image.Id, size: image.Size, layers, ...(cmd && cmd.length ? { cmd } : {}) };
}

/**
 * Which history steps made the layers, bottom first, or undefined when that cannot be told. The
 * history lists every build step (newest first) and does not say which added a layer: steps that
 * only set configuration (CMD, ENV, …) add none, and a step that added files has a size — except
 * an empty one (WORKDIR, say). So: the steps that are not configuration-only, when they are as
 * many as the layers; else the steps with a size, when they are.
 */
export function matchHistory(layerCount: number, history: ImageHistoryEntry[]): ImageHistoryEntry[] | undefined {
  const oldestFirst = [...history].reverse();
  const byInstruction = oldestFirst.filter((h) => h.Size > 0 || !isConfigOnly(h.CreatedBy));
  if (byInstruction.length === layerCount) return byInstruction;
  const bySize = oldestFirst.filter((h) => h.Size > 0);
  if (bySize.length === layerCount) return bySize;
  return undefined;
}

// WORKDIR is not here: it adds a (small) layer when it creates the directory.
const CONFIG_ONLY = /^(CMD|ENTRYPOINT|ENV|LABEL|EXPOSE|USER|VOLUME|STOPSIGNAL|HEALTHCHECK|SHELL|ARG|ONBUILD|MAINTAINER)\b/i;

const isConfigOnly = (createdBy: string): boolean => CONFIG_ONLY.test(instruction(createdBy));

/** The Dockerfile instruction behind a history step, without the shell wrapping the builders add. */
function instruction(createdBy: string): string {
  let s = (createdBy ?? '').trim();
  // Legacy builder: "/bin/sh -c #(nop)  CMD [...]" for instructions, "/bin/sh -c apk add …" for RUN.
  const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(s);
  if (nop) return s.slice(nop[0].length).trim();
  // "|2 A=1 B=2 /bin/sh -c …": a RUN with build arguments.
  s = s.replace(/^\|\d+(\s+\S+=\S*)*\s+/, '');
  if (/^\/bin\/sh -c /.test(s)) return `RUN ${s.slice('/bin/sh -c '.length).trim()}`;
  // BuildKit: "RUN /bin/sh -c apk add … # buildkit".
  return s.replace(/\s*# buildkit$/, '').replace(/^RUN \/bin\/sh -c /, 'RUN ').replace(/^RUN \|\d+(\s+\S+=\S*)*\s+\/bin\/sh -c /, 'RUN ');
}

/** A history step as one readable line: "RUN apk add --no-cache curl", "(imported)". */
export function shortCreatedBy(step: Pick<ImageHistoryEntry, 'CreatedBy' | 'Comment'>): string {
  // Content hashes ("COPY dir:ae259dfe3cd9a2e8…") say little beyond their first characters.
  const text = instruction(step.CreatedBy).replace(/\s+/g, ' ').replace(/\b([0-9a-f]{12})[0-9a-f]{20,}\b/g, '$1…').trim();
  if (text) return text;
  return /^Imported/i.test(step.Comment ?? '') ? '(imported from a file)' : '(no instruction recorded)';
}

/**
 * How many bottom layers two images share. Only a common base counts: a layer is stored once per
 * chain of layers below it, so the same content on top of a different base is a different layer.
 */
export function sharedBase(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export function sharedLayers(a: ImageStack, b: ImageStack | undefined): number {
  if (!a.present || !b?.present) return 0;
  return sharedBase(a.layers.map((l) => l.diffId), b.layers.map((l) => l.diffId));
}

/** Whether a command line builds and tags an image as `ref` (docker build / docker buildx build … -t ref). */
export function buildsImage(command: string, ref: string): boolean {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'docker' || !words.slice(1, 3).includes('build')) return false;
  return words.some((w, i) => ((w === '-t' || w === '--tag') && words[i + 1] === ref) || w === `--tag=${ref}` || w === `-t=${ref}`);
}
