/**
 * Lays a lesson's Markdown out as terminal lines from marked's lexer tokens: headings, wrapped
 * paragraphs, emphasis, inline code, lists, tables, quotes, links and coloured code blocks.
 * Pure: the reader scrolls over the lines, and knows which lines belong to which runnable block.
 */
import { marked, type Token, type Tokens } from 'marked';
import { parsePictureBlock, pictureTitle, type PictureSpec } from '../../course/pictures.js';
import { sanitizeTerminalText } from '../sanitize.js';
import { lineWidth, span, textWidth, truncateLine, wrapSpans, type Line, type Span, type SpanStyle } from '../text/lines.js';
import { codeLanguage, highlightLine } from './highlight.js';

export interface DocLine {
  spans: Line;
  /** The Markdown source line of the block this line belongs to (for remembering the position). */
  source: number;
  /** Set on the lines of a runnable block: its index. */
  runnable?: number;
  /**
   * Set on a code line, which is never wrapped: the columns of its gutter. What follows may be
   * wider than the screen; the reader clips it and scrolls it sideways.
   */
  pan?: number;
}

export interface RunnableBlock {
  index: number;
  language: string;
  command: string;
  shell: boolean;
  /** Set for a picture block (```dojo picture …): Enter opens the picture instead of running anything. */
  picture?: PictureSpec;
  /** First and last line of the block in the layout. */
  first: number;
  last: number;
}

export interface DocLayout {
  lines: DocLine[];
  blocks: RunnableBlock[];
  /** How far the widest code line reaches past the screen (0 when every line fits). */
  overflow: number;
}

export interface LayoutOptions {
  /** Use colours (false under NO_COLOR: inline code keeps its backticks instead). */
  color: boolean;
  /** The runnable block shown as selected. */
  selected?: number;
}

interface Ctx extends LayoutOptions {
  blocks: Array<Omit<RunnableBlock, 'first' | 'last'>>;
}

interface Row {
  spans: Line;
  runnable?: number;
  pan?: number;
}

/** Parses a fenced block's info string: "sh run shell" → runnable, with a shell. */
export function runnableInfo(lang: string | undefined): { language: string; run: boolean; shell: boolean } {
  const words = (lang ?? '').trim().split(/\s+/).filter(Boolean);
  const flags = new Set(words.slice(1).map((w) => w.toLowerCase()));
  return { language: words[0] ?? '', run: flags.has('run'), shell: flags.has('shell') };
}

export function layoutMarkdown(markdown: string, width: number, options: LayoutOptions): DocLayout {
  const ctx: Ctx = { ...options, blocks: [] };
  const w = Math.max(10, width);
  const tokens = marked.lexer(sanitizeTerminalText(markdown));
  const lines: DocLine[] = [];
  let source = 0;
  let previous = 0;
  for (const token of tokens) {
    const start = source;
    source += (token.raw.match(/\n/g) ?? []).length;
    const rows = renderBlock(token, w, ctx);
    if (rows.length === 0) continue;
    // The blank line between blocks belongs to the block above it.
    if (lines.length > 0) lines.push({ spans: [], source: previous });
    previous = start;
    for (const row of rows) {
      const spans = row.pan === undefined ? truncateLine(row.spans, w) : row.spans;
      lines.push({ spans, source: start, ...(row.runnable !== undefined ? { runnable: row.runnable } : {}), ...(row.pan !== undefined ? { pan: row.pan } : {}) });
    }
  }
  const blocks: RunnableBlock[] = ctx.blocks.map((b) => {
    const first = lines.findIndex((l) => l.runnable === b.index);
    let last = first;
    while (last + 1 < lines.length && lines[last + 1]!.runnable === b.index) last += 1;
    return { ...b, first, last };
  });
  const overflow = Math.max(0, ...lines.map((l) => (l.pan === undefined ? 0 : lineWidth(l.spans) - w)));
  return { lines, blocks, overflow };
}

/** One line of inline Markdown (a hint, say) as spans: emphasis, `code`, links. */
export function inlineMarkdown(text: string, options: LayoutOptions): Span[] {
  const ctx: Ctx = { ...options, blocks: [] };
  return inline(marked.Lexer.lexInline(sanitizeTerminalText(text)), {}, ctx);
}

function renderBlocks(tokens: Token[], width: number, ctx: Ctx, tight = false): Row[] {
  const rows: Row[] = [];
  for (const token of tokens) {
    const block = renderBlock(token, width, ctx);
    if (block.length === 0) continue;
    if (rows.length > 0 && !(tight && (token.type === 'list' || token.type === 'text'))) rows.push({ spans: [] });
    rows.push(...block);
  }
  return rows;
}

function renderBlock(token: Token, width: number, ctx: Ctx): Row[] {
  switch (token.type) {
    case 'heading': {
      const t = token as Tokens.Heading;
      const style: SpanStyle = t.depth <= 2 ? { bold: true, color: 'cyan', ...(t.depth === 1 ? { underline: true } : {}) } : { bold: true };
      const prefix = t.depth >= 3 ? [span('▸ ', { bold: true, color: 'cyan' })] : [];
      return rows(wrapSpans([...prefix, ...inline(t.tokens, style, ctx)], width));
    }
    case 'paragraph':
      return rows(wrapSpans(inline((token as Tokens.Paragraph).tokens, {}, ctx), width));
    case 'text': {
      const t = token as Tokens.Text;
      return rows(wrapSpans(t.tokens ? inline(t.tokens, {}, ctx) : [span(decode(t.text))], width));
    }
    case 'code':
      return renderCode(token as Tokens.Code, width, ctx);
    case 'list':
      return renderList(token as Tokens.List, width, ctx);
    case 'blockquote': {
      const inner = renderBlocks((token as Tokens.Blockquote).tokens, width - 2, ctx);
      const bar = span('▌ ', { color: 'gray', dim: !ctx.color });
      return inner.map((r) => ({ ...r, spans: [bar, ...r.spans.map((s) => ({ ...s, italic: true }))], ...(r.pan !== undefined ? { pan: r.pan + 2 } : {}) }));
    }
    case 'table':
      return renderTable(token as Tokens.Table, width, ctx);
    case 'hr':
      return [{ spans: [span('─'.repeat(Math.min(width, 60)), { color: 'gray', dim: true })] }];
    case 'html': {
      const text = htmlText((token as Tokens.HTML).text);
      return text ? rows(wrapSpans([span(text, { dim: true })], width)) : [];
    }
    case 'space':
    case 'def':
      return [];
    default: {
      const raw = (token as { text?: string }).text ?? token.raw;
      return raw.trim() ? rows(wrapSpans([span(decode(raw))], width)) : [];
    }
  }
}

const rows = (lines: Line[]): Row[] => lines.map((spans) => ({ spans }));

function renderCode(token: Tokens.Code, width: number, ctx: Ctx): Row[] {
  const info = runnableInfo(token.lang);
  const picture = info.language.toLowerCase() === 'dojo' ? parsePictureBlock(token.lang, token.text) : undefined;
  if (picture) return renderPicture(picture, width, ctx);
  const language = codeLanguage(info.language);
  const index = info.run ? ctx.blocks.length : undefined;
  // Commands are numbered among themselves (pictures between them do not count).
  const number = ctx.blocks.filter((b) => !b.picture).length + 1;
  if (index !== undefined) ctx.blocks.push({ index, language: info.language || 'sh', command: token.text, shell: info.shell });
  const selected = index !== undefined && ctx.selected === index;
  const gutter = selected ? span('┃ ', { color: 'cyan', bold: true }) : span('│ ', { color: 'gray', dim: true });
  const out: Row[] = [];
  if (index !== undefined) {
    const label = selected
      ? span(`▶ command ${number}: Enter runs it${info.shell ? ' (with a shell)' : ''}`, { color: 'cyan', bold: true })
      : span(`▷ command ${number}: Tab selects it`, { color: 'gray', dim: true });
    out.push({ spans: [label], runnable: index });
  }
  // Code keeps its lines: a diagram or a long command cut mid-word reads wrong.
  for (const line of token.text.split('\n')) {
    const spans = ctx.color ? highlightLine(line, language) : [span(line)];
    out.push({ spans: [gutter, ...spans], pan: 2, ...(index !== undefined ? { runnable: index } : {}) });
  }
  return out;
}

/** A picture block is one selectable line: "▶ Show your engine as a picture (Enter)". */
function renderPicture(picture: PictureSpec, width: number, ctx: Ctx): Row[] {
  const index = ctx.blocks.length;
  ctx.blocks.push({ index, language: 'dojo', command: '', shell: false, picture });
  const selected = ctx.selected === index;
  const text = `Show ${pictureTitle(picture)}`;
  const line = selected
    ? [span('▶ ', { color: 'cyan', bold: true }), span(text, { color: 'cyan', bold: true }), span(' (Enter)', { color: 'cyan' })]
    : [span('▷ ', { color: 'cyan' }), span(text), span(' (Tab, then Enter)', { dim: true })];
  return wrapSpans(line, width, { indent: [span('  ')] }).map((spans) => ({ spans, runnable: index }));
}

function renderList(token: Tokens.List, width: number, ctx: Ctx): Row[] {
  const out: Row[] = [];
  const start = typeof token.start === 'number' ? token.start : 1;
  const markers = token.items.map((item, i) => {
    const task = item.task ? (item.checked ? '[x] ' : '[ ] ') : '';
    return (token.ordered ? `${start + i}. ` : '• ') + task;
  });
  const markerWidth = Math.max(...markers.map((m) => textWidth(m)));
  token.items.forEach((item, i) => {
    if (i > 0 && token.loose) out.push({ spans: [] });
    const marker = markers[i]!;
    const body = renderBlocks(item.tokens, width - markerWidth, ctx, !item.loose);
    const pad = ' '.repeat(markerWidth);
    body.forEach((row, j) => {
      const lead = j === 0 ? span(marker.padEnd(markerWidth), { color: 'cyan', bold: token.ordered }) : span(pad);
      out.push({ ...row, spans: [lead, ...row.spans], ...(row.pan !== undefined ? { pan: row.pan + markerWidth } : {}) });
    });
    if (body.length === 0) out.push({ spans: [span(marker, { color: 'cyan' })] });
  });
  return out;
}

function renderTable(token: Tokens.Table, width: number, ctx: Ctx): Row[] {
  const columns = token.header.length;
  if (columns === 0) return [];
  const cell = (c: Tokens.TableCell, header: boolean) => inline(c.tokens, header ? { bold: true } : {}, ctx);
  const header = token.header.map((c) => cell(c, true));
  const body = token.rows.map((r) => r.map((c) => cell(c, false)));
  const natural = Array.from({ length: columns }, (_, i) => Math.max(3, ...[header[i]!, ...body.map((r) => r[i] ?? [])].map((spans) => lineWidth(spans))));
  const sep = 3;
  const widths = [...natural];
  const total = () => widths.reduce((a, b) => a + b, 0) + sep * (columns - 1);
  while (total() > width) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 3) break;
    widths[widest]! -= 1;
  }
  const renderRow = (cells: Span[][]): Row[] => {
    const wrapped = widths.map((w, i) => wrapSpans(cells[i] ?? [], w));
    const height = Math.max(...wrapped.map((c) => c.length));
    const out: Row[] = [];
    for (let line = 0; line < height; line++) {
      const spans: Line = [];
      widths.forEach((w, i) => {
        const content = wrapped[i]![line] ?? [];
        const free = Math.max(0, w - lineWidth(content));
        const align = token.align[i];
        const left = align === 'right' ? free : align === 'center' ? Math.floor(free / 2) : 0;
        if (left) spans.push(span(' '.repeat(left)));
        spans.push(...content);
        if (free - left && i < columns - 1) spans.push(span(' '.repeat(free - left)));
        if (i < columns - 1) spans.push(span(' │ ', { color: 'gray', dim: !ctx.color }));
      });
      out.push({ spans });
    }
    return out;
  };
  const rule: Row = { spans: [span(widths.map((w) => '─'.repeat(w)).join('─┼─'), { color: 'gray', dim: !ctx.color })] };
  return [...renderRow(header), rule, ...body.flatMap((r) => renderRow(r))];
}

function inline(tokens: Token[] | undefined, style: SpanStyle, ctx: Ctx): Span[] {
  if (!tokens) return [];
  const out: Span[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'text': {
        const t = token as Tokens.Text;
        if (t.tokens && t.tokens.length > 0) out.push(...inline(t.tokens, style, ctx));
        else out.push(span(decode(t.text).replace(/\n/g, ' '), style));
        break;
      }
      case 'escape':
        out.push(span(decode((token as Tokens.Escape).text), style));
        break;
      case 'strong':
        out.push(...inline((token as Tokens.Strong).tokens, { ...style, bold: true }, ctx));
        break;
      case 'em':
        out.push(...inline((token as Tokens.Em).tokens, { ...style, italic: true }, ctx));
        break;
      case 'del':
        out.push(...inline((token as Tokens.Del).tokens, { ...style, strike: true }, ctx));
        break;
      case 'codespan': {
        const text = decode((token as Tokens.Codespan).text);
        out.push(ctx.color ? span(text, { ...style, color: 'yellow' }) : span(`\`${text}\``, style));
        break;
      }
      case 'br':
        out.push(span('\n', style));
        break;
      case 'link': {
        const t = token as Tokens.Link;
        const label = inline(t.tokens, { ...style, underline: true, color: 'blue' }, ctx);
        out.push(...label);
        const shown = label.map((s) => s.text).join('');
        if (t.href && t.href !== shown && !t.href.startsWith('#')) out.push(span(` (${t.href})`, { ...style, dim: true }));
        break;
      }
      case 'image':
        out.push(span(`[image: ${(token as Tokens.Image).text || (token as Tokens.Image).href}]`, { ...style, dim: true }));
        break;
      case 'html': {
        const text = htmlText((token as Tokens.HTML).text);
        if (text) out.push(span(text, style));
        break;
      }
      default: {
        const text = (token as { text?: string }).text ?? token.raw;
        out.push(span(decode(text), style));
      }
    }
  }
  return out;
}

function htmlText(html: string): string {
  return decode(html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, '')).trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', copy: '©' };

export function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 31 && code !== 127 && code < 0x110000 && !(code >= 0x80 && code <= 0x9f) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
