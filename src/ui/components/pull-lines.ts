/** A set-up pull as one progress bar per layer (what `docker pull` shows), for the lab view. */
import type { LayerPull, PullView } from '../../app/api.js';
import { pullCounts } from '../../app/pull-progress.js';
import { sanitizeTerminalText as clean } from '../sanitize.js';
import { formatBytes } from '../text/bytes.js';
import { fit, span, truncateLine, type Line } from '../text/lines.js';
import { progressBar } from './lines.js';

const ID_WIDTH = 12;
const STATUS_WIDTH = 18;
/** " 12.3 MB/39.4 MB" */
const BYTES_WIDTH = 16;

/** "2 of 5 layers ready" for the line above the bars. */
export function pullSummary(pull: PullView): string {
  const { done, total } = pullCounts(pull);
  return total ? `${done} of ${total} layer${total === 1 ? '' : 's'} ready` : 'starting';
}

/**
 * At most `max` lines. When the layers do not all fit, the finished ones are folded into one line
 * first (the ones still moving matter most), then the last waiting ones.
 */
export function pullLines(pull: PullView, width: number, max: number): Line[] {
  const room = Math.max(1, max);
  let shown: LayerPull[] = pull.layers;
  const lines: Line[] = [];
  if (shown.length > room) {
    const done = shown.filter((l) => l.done);
    shown = shown.filter((l) => !l.done);
    if (done.length) lines.push([span('  ✔ ', { color: 'green' }), span(`${done.length} layer${done.length === 1 ? '' : 's'} done`, { dim: true })]);
  }
  const left = room - lines.length;
  const hidden = shown.length > left ? shown.length - (left - 1) : 0;
  for (const layer of hidden ? shown.slice(0, left - 1) : shown) lines.push(layerLine(layer, width));
  if (hidden) lines.push([span(`  … ${hidden} more layer${hidden === 1 ? '' : 's'}`, { dim: true })]);
  return lines;
}

export function layerLine(layer: LayerPull, width: number): Line {
  const head: Line = [span(`  ${fit(clean(layer.id), ID_WIDTH)} `, { dim: true }), span(fit(clean(layer.status), STATUS_WIDTH) + ' ', layer.done ? { color: 'green' } : {})];
  const rest = Math.max(0, width - 2 - ID_WIDTH - 1 - STATUS_WIDTH - 1);
  if (layer.existed) return truncateLine([...head, span('◆ already on your engine', { color: 'green' })], width);
  // Bars all end at the same column: the byte counts have a fixed width after them.
  const barWidth = Math.max(10, rest - BYTES_WIDTH);
  const total = layer.total;
  if (total && layer.current !== undefined) {
    const bytes = ` ${formatBytes(layer.current)}/${formatBytes(total)}`;
    return truncateLine([...head, ...progressBar(layer.current, total, barWidth), span(bytes, { dim: true })], width);
  }
  if (layer.done) return truncateLine([...head, ...progressBar(1, 1, barWidth)], width);
  return truncateLine(head, width);
}
