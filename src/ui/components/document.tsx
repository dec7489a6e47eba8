/**
 * A scrolling Markdown document with selectable runnable blocks, shared by the lesson reader and
 * the lab's task text. Only the lines that fit are drawn.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { Key } from 'ink';
import { useRemembered, useTheme } from '../context.js';
import { layoutMarkdown, type DocLayout, type RunnableBlock } from '../markdown/layout.js';
import { lineWidth, sliceColumns, span, type Line } from '../text/lines.js';

/** Columns a wide code block moves per ← or →. */
const PAN_STEP = 8;

export interface DocumentState {
  layout: DocLayout;
  offset: number;
  maxOffset: number;
  /** Lines to draw now (at most `height`). */
  visible: Line[];
  atEnd: boolean;
  selected?: RunnableBlock;
  /** Top line's Markdown source line (what is remembered as the reading position). */
  topSource: number;
  /** Scrolling and block keys; true when used. */
  handleKey(input: string, key: Key): boolean;
  /** Percentage read, for the header. */
  percent: number;
  /** Lines below the view and above it. */
  below: number;
  above: number;
  /** A code line in view is wider than the screen (← → scroll it sideways). */
  wideInView: boolean;
  /** How far code is scrolled sideways, in columns. */
  pan: number;
}

export function useDocument(markdown: string, width: number, height: number, options: { initialSource?: number } = {}): DocumentState {
  const { color } = useTheme();
  const [selectedIndex, setSelectedIndex, getSelectedIndex] = useRemembered<number | undefined>('doc-selected', undefined);
  const layout = useMemo(() => layoutMarkdown(markdown, width, { color, ...(selectedIndex !== undefined ? { selected: selectedIndex } : {}) }), [markdown, width, color, selectedIndex]);
  const rows = Math.max(1, height);
  const maxOffset = Math.max(0, layout.lines.length - rows);
  const [rawOffset, setOffset, getOffset] = useRemembered<number>('doc-offset', () => {
    const source = options.initialSource ?? 0;
    if (source <= 0) return 0;
    const at = layout.lines.findIndex((l) => l.source >= source);
    return at < 0 ? 0 : at;
  });
  const offset = Math.min(Math.max(0, rawOffset), maxOffset);

  // When the width changes the text reflows: keep the same source line at the top.
  const anchor = useRef({ width, source: layout.lines[offset]?.source ?? 0 });
  useEffect(() => {
    if (anchor.current.width !== width) {
      const at = layout.lines.findIndex((l) => l.source >= anchor.current.source);
      anchor.current = { width, source: anchor.current.source };
      if (at >= 0) setOffset(at);
      return;
    }
    anchor.current = { width, source: layout.lines[offset]?.source ?? 0 };
  }, [width, offset, layout, setOffset]);

  const selected = selectedIndex !== undefined ? layout.blocks[selectedIndex] : undefined;

  // When the view gets shorter (a panel opened below it), keep the selected block in sight.
  const lastRows = useRef(rows);
  useEffect(() => {
    if (rows < lastRows.current && selected) reveal(selected);
    lastRows.current = rows;
  });

  const [rawPan, setPan, getPan] = useRemembered<number>('doc-pan', 0);
  // One column is kept for the marker that says the line goes on.
  const maxPan = layout.overflow > 0 ? layout.overflow + 1 : 0;
  const pan = Math.min(rawPan, maxPan);

  const clamp = (n: number) => Math.min(Math.max(0, n), maxOffset);
  const current = () => clamp(getOffset());
  const scrollTo = (next: number) => setOffset(clamp(next));
  const reveal = (block: RunnableBlock) => {
    // Show the whole block if it fits, else its start.
    const top = current();
    if (block.first < top || block.last >= top + rows) scrollTo(block.last - block.first < rows ? Math.max(0, block.first - 1) : block.first);
  };
  const selectBlock = (direction: 1 | -1) => {
    const blocks = layout.blocks;
    if (blocks.length === 0) return;
    const was = getSelectedIndex();
    const top = current();
    let next: number;
    if (was === undefined) {
      // Start from what is on screen.
      const onScreen = blocks.filter((b) => b.last >= top && b.first < top + rows);
      next = direction === 1 ? (onScreen[0] ?? blocks.find((b) => b.first >= top) ?? blocks[0]!).index : (onScreen.at(-1) ?? [...blocks].reverse().find((b) => b.last < top) ?? blocks.at(-1)!).index;
    } else next = (was + direction + blocks.length) % blocks.length;
    setSelectedIndex(next);
    reveal(blocks[next]!);
  };

  const handleKey = (input: string, key: Key): boolean => {
    const page = Math.max(1, rows - 2);
    if (key.upArrow || input === 'k') scrollTo(current() - 1);
    else if (key.downArrow || input === 'j') scrollTo(current() + 1);
    else if (key.pageUp || input === 'b' || (key.ctrl && input === 'u')) scrollTo(current() - page);
    else if (key.pageDown || input === ' ' || (key.ctrl && input === 'd')) scrollTo(current() + page);
    else if (key.home || input === 'g') scrollTo(0);
    else if (key.end || input === 'G') scrollTo(maxOffset);
    else if (key.rightArrow && !key.shift && maxPan > 0) setPan(Math.min(maxPan, Math.min(getPan(), maxPan) + PAN_STEP));
    else if (key.leftArrow && !key.shift && maxPan > 0) setPan(Math.max(0, Math.min(getPan(), maxPan) - PAN_STEP));
    else if ((key.tab && !key.shift) || input === 'n') selectBlock(1);
    else if ((key.tab && key.shift) || input === 'N' || input === 'p') selectBlock(-1);
    else return false;
    return true;
  };

  const inView = layout.lines.slice(offset, offset + rows);
  const visible = inView.map((l) => (l.pan === undefined ? l.spans : panned(l.spans, l.pan, pan, width)));
  const wideInView = inView.some((l) => l.pan !== undefined && lineWidth(l.spans) > width);
  const percent = layout.lines.length <= rows ? 100 : Math.round((offset / maxOffset) * 100);
  return {
    layout,
    offset,
    maxOffset,
    visible,
    atEnd: offset >= maxOffset,
    ...(selected ? { selected } : {}),
    topSource: layout.lines[offset]?.source ?? 0,
    handleKey,
    percent,
    below: Math.max(0, layout.lines.length - offset - rows),
    above: offset,
    wideInView,
    pan,
  };
}

/**
 * A code line scrolled `pan` columns sideways and clipped to the width: its gutter stays, "‹"
 * says that columns are hidden on the left and "›" that the line goes on past the edge.
 */
export function panned(line: Line, gutter: number, pan: number, width: number): Line {
  const total = lineWidth(line);
  if (pan === 0 && total <= width) return line;
  const lead = sliceColumns(line, 0, gutter);
  const room = Math.max(1, width - gutter);
  const hiddenLeft = pan > 0 && total > gutter;
  const body = sliceColumns(line, gutter + pan, room);
  const hiddenRight = total > gutter + pan + room;
  const marker = (text: string) => span(text, { color: 'cyan', bold: true });
  let shown = body;
  if (hiddenRight) shown = [...sliceColumns(body, 0, room - 1), ...padTo(sliceColumns(body, 0, room - 1), room - 1), marker('›')];
  if (hiddenLeft) shown = [marker('‹'), ...sliceColumns(shown, 1, room - 1)];
  return [...lead, ...shown];
}

function padTo(line: Line, width: number): Line {
  const w = lineWidth(line);
  return w < width ? [span(' '.repeat(width - w))] : [];
}
