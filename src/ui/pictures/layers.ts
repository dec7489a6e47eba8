/**
 * An image drawn as its stack of layers, newest on top, each with its size and the build step that
 * made it; beside a second image, the layers both share are marked ◆ and joined by ══. Pure:
 * lines for a width and a height (the stacks get denser when they would not fit).
 */
import type { ImageLayersView, ImageStack } from '../../app/api.js';
import { sanitizeTerminalText as clean } from '../sanitize.js';
import { formatBytes } from '../text/bytes.js';
import { lineWidth, span, truncateLine, wrapSpans, type Line } from '../text/lines.js';

/** full: each layer two rows (step and digest) between rules; rules: one row between rules; dense: one row each. */
type Density = 'full' | 'rules' | 'dense';

const SHARED = '◆';
const LINK = ' ══ ';
const GAP = '    ';

interface Column {
  head: Line[];
  box: Line[];
  /** Rows of `box` that name a shared layer. */
  sharedRows: Set<number>;
  /** Stacks stand on the same ground line, so shared bottom layers sit side by side. */
  stack: boolean;
}

export function layersPictureLines(view: ImageLayersView, width: number, height: number): Line[] {
  const w = Math.max(30, width);
  const compare = view.compare;
  const footer = footerLines(view, w);
  const room = Math.max(1, height - footer.length - 1);
  const sideBySide = compare !== undefined && w >= 66;
  const colWidth = sideBySide ? Math.floor((w - 1 - GAP.length) / 2) : w - 1;
  const stacks = compare ? [view.image, compare] : [view.image];
  const heads = stacks.map((s) => headLines(s, colWidth));
  const layerCount = (s: ImageStack) => (s.present ? s.layers.length : 0);
  const fits = (d: Density) =>
    sideBySide
      ? Math.max(...heads.map((h) => h.length)) + Math.max(...stacks.map((s) => boxHeight(layerCount(s), d))) <= room
      : stacks.reduce((sum, s, i) => sum + (i > 0 ? 1 : 0) + heads[i]!.length + boxHeight(layerCount(s), d), 0) <= room;
  const density: Density = (['full', 'rules'] as const).find(fits) ?? 'dense';
  const columns = stacks.map((s, i) => column(s, heads[i]!, view.shared, colWidth, density));

  const lines: Line[] = [];
  if (sideBySide) {
    const [left, right] = columns as [Column, Column];
    const boxRows = Math.max(left.box.length, right.box.length);
    const pad = (c: Column) => (c.stack ? boxRows - c.box.length : 0);
    const headRows = Math.max(left.head.length, right.head.length);
    for (let r = 0; r < headRows + boxRows; r++) {
      const at = (c: Column): [Line, boolean] => {
        if (r < headRows) return [c.head[r] ?? [], false];
        const b = r - headRows - pad(c);
        return b < 0 ? [[], false] : [c.box[b] ?? [], c.sharedRows.has(b)];
      };
      const [l, lShared] = at(left);
      const [rt, rShared] = at(right);
      const link = lShared && rShared ? span(LINK, { color: 'green', bold: true }) : span(GAP);
      lines.push(truncateLine([span(' '), ...padTo(l, colWidth), link, ...rt], w));
    }
  } else {
    columns.forEach((c, i) => {
      if (i > 0) lines.push([]);
      for (const l of [...c.head, ...c.box]) lines.push(truncateLine([span(' '), ...l], w));
    });
  }
  return [...lines, [], ...footer];
}

function boxHeight(layers: number, density: Density): number {
  if (layers === 0) return 3;
  if (density === 'full') return 3 * layers + 1;
  if (density === 'rules') return 2 * layers + 1;
  return layers + 2;
}

/** The image's name, its layer count and size, and its command (configuration, not a layer). */
function headLines(stack: ImageStack, width: number): Line[] {
  if (!stack.present) {
    // The whole column is one sentence: what is missing and how to get it.
    const how = stack.builtBy
      ? [span(`Build it first in the lab "${clean(stack.builtBy.title)}": `), span(`docker-dojo open ${clean(stack.builtBy.labId)}`, { bold: true })]
      : [span('Pull it first: '), span(`docker pull ${clean(stack.ref)}`, { bold: true })];
    return wrapSpans([span(clean(stack.ref), { bold: true }), span(' is not on your engine. ', { color: 'yellow' }), ...how], width);
  }
  const count = stack.layers.length;
  const facts = `${count} layer${count === 1 ? '' : 's'} · ${formatBytes(stack.size)}`;
  const title: Line = [span(clean(stack.ref), { bold: true }), span(` · ${facts}`, { dim: true })];
  // The facts go on a line of their own rather than be cut.
  const head: Line[] = lineWidth(title) <= width ? [title] : [truncateLine([span(clean(stack.ref), { bold: true })], width), [span(facts, { dim: true })]];
  if (stack.cmd) head.push(truncateLine([span(`config: CMD ${clean(JSON.stringify(stack.cmd))} (no layer)`, { dim: true })], width));
  return head;
}

function column(stack: ImageStack, head: Line[], shared: number, width: number, density: Density): Column {
  if (!stack.present) return { head, box: [], sharedRows: new Set(), stack: false };
  const count = stack.layers.length;
  const inner = Math.max(8, width - 4);
  const border = (l: string, r: string) => [span(`${l}${'─'.repeat(inner + 2)}${r}`)];
  const row = (content: Line) => {
    const body = truncateLine(content, inner);
    return [span('│ '), ...body, span(`${' '.repeat(Math.max(0, inner - lineWidth(body)))} │`)];
  };
  /** `left` then `right` pushed to the far end of the row (the left side is cut first). */
  const spread = (left: Line, right: Line) => {
    const cut = truncateLine(left, Math.max(4, inner - lineWidth(right) - 1));
    return row([...cut, span(' '.repeat(Math.max(1, inner - lineWidth(cut) - lineWidth(right)))), ...right]);
  };
  const digits = String(count).length;
  const box: Line[] = [border('┌', '┐')];
  const sharedRows = new Set<number>();
  if (count === 0) box.push(row([span('(no filesystem layers)', { dim: true })]));
  // Newest on top: RootFS lists the bottom layer first.
  for (let i = count - 1; i >= 0; i--) {
    const layer = stack.layers[i]!;
    const isShared = i < shared;
    const size = [span(formatBytes(layer.size), { bold: true })];
    const step = [span(layer.createdBy ? clean(layer.createdBy) : shortDigest(layer.diffId), isShared ? { color: 'green' } : {})];
    const lead = [isShared ? span(`${SHARED} `, { color: 'green', bold: true }) : span('  '), span(`${i + 1}`.padStart(digits) + ' ', { dim: true })];
    if (isShared) sharedRows.add(box.length);
    if (density === 'full') {
      // Two rows: the whole width for the build step, then its digest and size.
      box.push(row([...lead, ...step]));
      box.push(spread([span(' '.repeat(3 + digits)), span(shortDigest(layer.diffId), { dim: true })], size));
    } else box.push(spread([...lead, ...step], size));
    if (i > 0 && density !== 'dense') box.push(border('├', '┤'));
  }
  box.push(border('└', '┘'));
  return { head, box, sharedRows, stack: true };
}

const shortDigest = (diffId: string) => `sha256:${diffId.replace(/^sha256:/, '').slice(0, 12)}`;

function footerLines(view: ImageLayersView, width: number): Line[] {
  const { image, compare, shared } = view;
  const lines: Line[] = [];
  if (compare && image.present && compare.present) {
    if (shared > 0) {
      const size = image.layers.slice(0, shared).reduce((sum, l) => sum + (l.size ?? 0), 0);
      const known = image.layers.slice(0, shared).every((l) => l.size !== undefined);
      lines.push(
        ...wrapSpans(
          [
            span(`${SHARED} `, { color: 'green', bold: true }),
            span(`${shared} layer${shared === 1 ? ' is' : 's are'} the same in both images${known ? ` (${formatBytes(size)})` : ''}: `, { bold: true }),
            span('your engine stores and pulls them once.'),
          ],
          width,
          { indent: [span('  ')] },
        ),
      );
    } else {
      lines.push(...wrapSpans([span('No layers in common: ', { bold: true }), span('these two images are built on different bases, so they share nothing on disk.')], width));
    }
  }
  lines.push(truncateLine([span('Newest layer on top. Settings such as CMD or ENV are configuration, not layers.', { dim: true })], width));
  return lines;
}

function padTo(line: Line, width: number): Line {
  const cut = truncateLine(line, width);
  return [...cut, span(' '.repeat(Math.max(0, width - lineWidth(cut))))];
}
