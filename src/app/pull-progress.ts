/**
 * Folds the engine's pull progress messages into one state per layer, for progress bars. The
 * engine sends a stream like "Pulling from library/nginx" (about the image), then per layer id
 * "Pulling fs layer", "Waiting", "Downloading" (bytes), "Verifying Checksum", "Download complete",
 * "Extracting" (bytes), "Pull complete" — or "Already exists" for a layer it had — and finally
 * "Digest: …" and "Status: …" without an id. The containerd image store reports no extraction
 * per layer: a layer's stream ends at "Download complete" (or "Already exists"), flagged with
 * progressDetail {"hidecounts": true}, and the layers are unpacked together before "Digest: …".
 */
import type { PullProgress } from '../engine/port.js';
import type { LayerPull, PullView } from './api.js';

export function startPull(image: string): PullView {
  return { image, layers: [] };
}

export function foldPull(state: PullView, event: PullProgress): PullView {
  const status = (event.status ?? '').trim();
  // "Pulling from library/nginx" carries the tag as its id: it is about the image, not a layer.
  // "Status: Downloaded newer image …" or "… is up to date": the pull is over, every layer is in place.
  if (/^Status:/i.test(status)) return { ...state, message: status, layers: state.layers.map((l) => (l.done ? l : { ...l, done: true })) };
  if (!event.id || /^Pulling from /i.test(status) || /^Digest:/i.test(status)) return status ? { ...state, message: status } : state;
  const at = state.layers.findIndex((l) => l.id === event.id);
  const before: LayerPull = at >= 0 ? state.layers[at]! : { id: event.id, status: '', done: false, existed: false };
  const layer = foldLayer(before, status, event);
  const layers = at >= 0 ? state.layers.map((l, i) => (i === at ? layer : l)) : [...state.layers, layer];
  return { ...state, layers };
}

function foldLayer(layer: LayerPull, status: string, event: PullProgress): LayerPull {
  const existed = /^Already exists/i.test(status);
  const done = layer.done || existed || /^Pull complete/i.test(status) || (Boolean(event.hideCounts) && /^Download complete/i.test(status));
  const next: LayerPull = { id: layer.id, status, done, existed: layer.existed || existed };
  const withBytes = event.total !== undefined && event.total > 0 && event.current !== undefined;
  if (withBytes) return { ...next, current: Math.min(event.current!, event.total!), total: event.total! };
  // A step finished: its bar stays full until the next step reports bytes.
  if (/^(Download complete|Verifying Checksum|Pull complete)/i.test(status) && layer.total) return { ...next, current: layer.total, total: layer.total };
  return next;
}

/** Layers finished (pulled or already there) out of those the engine mentioned. */
export function pullCounts(state: PullView): { done: number; total: number } {
  return { done: state.layers.filter((l) => l.done).length, total: state.layers.length };
}
