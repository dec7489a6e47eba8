/**
 * Screens lay their text out as lines of styled spans, already wrapped to the width they have, so
 * they know exactly how many terminal rows they use and can scroll and clip by line.
 */
import stringWidth from 'string-width';

export type Color = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'gray';

export interface Span {
  text: string;
  color?: Color;
  bold?: boolean;
  italic?: boolean;
  dim?: boolean;
  underline?: boolean;
  strike?: boolean;
  inverse?: boolean;
}

export type Line = Span[];

export type SpanStyle = Omit<Span, 'text'>;

export const span = (text: string, style: SpanStyle = {}): Span => ({ text, ...style });

export const textWidth = (text: string): number => stringWidth(text);

export const lineWidth = (line: Line): number => line.reduce((w, s) => w + textWidth(s.text), 0);

export const lineText = (line: Line): string => line.map((s) => s.text).join('');

// Built on first need: a segmenter loads ICU's break data (tens of milliseconds of start-up), and
// printable ASCII, most of what is cut, is one grapheme per character.
let segmenter: Intl.Segmenter | undefined;
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

/** Splits text into graphemes (so accents and emoji stay whole). */
export function graphemes(text: string): string[] {
  if (PRINTABLE_ASCII.test(text)) return Array.from(text);
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Cuts a line to at most `width` columns, adding an ellipsis when something was cut. */
export function truncateLine(line: Line, width: number, ellipsis = '…'): Line {
  if (lineWidth(line) <= width) return line;
  const out: Line = [];
  let used = 0;
  const room = Math.max(0, width - textWidth(ellipsis));
  for (const s of line) {
    let text = '';
    for (const g of graphemes(s.text)) {
      const w = textWidth(g);
      if (used + w > room) break;
      text += g;
      used += w;
    }
    if (text) out.push({ ...s, text });
    if (text.length < s.text.length) break;
  }
  const last = out.at(-1);
  out.push({ ...(last ?? {}), text: ellipsis });
  return out;
}

export function truncateText(text: string, width: number): string {
  return lineText(truncateLine([span(text)], width));
}

/**
 * Wraps spans to `width` columns at spaces, breaking words longer than a line. Explicit "\n" in
 * the text starts a new line. `indent` goes before every line after the first (`firstIndent`
 * before the first), so lists and quotes get hanging indents.
 */
export function wrapSpans(spans: readonly Span[], width: number, options: { indent?: Line; firstIndent?: Line } = {}): Line[] {
  const indent = options.indent ?? [];
  const firstIndent = options.firstIndent ?? [];
  const room = Math.max(1, width);
  const indentWidth = lineWidth(indent);
  const lines: Line[] = [];
  let current: Line = copy(firstIndent);
  let used = lineWidth(firstIndent);
  let atLineStart = true;
  // Spaces are dropped only where a line was broken by wrapping (written ones are kept).
  let softStart = false;

  const push = (text: string, style: SpanStyle) => {
    const last = current.at(-1);
    if (last && sameStyle(last, style)) last.text += text;
    else current.push({ text, ...style });
    used += textWidth(text);
  };
  const newLine = (soft = true) => {
    lines.push(current);
    current = copy(indent);
    used = indentWidth;
    atLineStart = true;
    softStart = soft;
  };

  for (const piece of words(spans)) {
    if (piece.kind === 'newline') {
      newLine(false);
      continue;
    }
    if (piece.kind === 'space') {
      const w = textWidth(piece.text);
      if (atLineStart && softStart) continue;
      if (used + w > room) newLine();
      else {
        push(piece.text, piece.style);
        atLineStart = false;
      }
      continue;
    }
    // A word may be several spans ("`docker ps`." is code then a full stop): it moves as one.
    const w = piece.parts.reduce((sum, p) => sum + textWidth(p.text), 0);
    if (used + w <= room) {
      for (const p of piece.parts) push(p.text, p.style);
      atLineStart = false;
      continue;
    }
    if (!atLineStart && indentWidth + w <= room) {
      dropTrailingSpace(current);
      newLine();
      for (const p of piece.parts) push(p.text, p.style);
      atLineStart = false;
      continue;
    }
    // A word longer than a whole line: break it where the line ends.
    for (const p of piece.parts) {
      for (const g of graphemes(p.text)) {
        const gw = textWidth(g);
        if (used + gw > room && !atLineStart) newLine();
        push(g, p.style);
        atLineStart = false;
      }
    }
  }
  if (!atLineStart) dropTrailingSpace(current);
  lines.push(current);
  return lines;
}

const copy = (line: Line): Line => line.map((s) => ({ ...s }));

function dropTrailingSpace(line: Line): void {
  const last = line.at(-1);
  if (!last) return;
  last.text = last.text.replace(/ +$/, '');
  if (last.text === '') line.pop();
}

function sameStyle(a: SpanStyle, b: SpanStyle): boolean {
  return a.color === b.color && !!a.bold === !!b.bold && !!a.italic === !!b.italic && !!a.dim === !!b.dim && !!a.underline === !!b.underline && !!a.strike === !!b.strike && !!a.inverse === !!b.inverse;
}

type Word = { kind: 'newline' } | { kind: 'space'; text: string; style: SpanStyle } | { kind: 'word'; parts: Array<{ text: string; style: SpanStyle }> };

/** The spans' text as words, spaces and line breaks; a word's parts keep their own styles. */
function* words(spans: readonly Span[]): Generator<Word> {
  let word: Array<{ text: string; style: SpanStyle }> = [];
  for (const s of spans) {
    const { text, ...style } = s;
    for (const part of text.split(/(\n| +)/)) {
      if (part === '') continue;
      if (part === '\n' || part.startsWith(' ')) {
        if (word.length) yield { kind: 'word', parts: word };
        word = [];
        yield part === '\n' ? { kind: 'newline' } : { kind: 'space', text: part, style };
      } else word.push({ text: part, style });
    }
  }
  if (word.length) yield { kind: 'word', parts: word };
}

/** Pads or cuts a plain string to exactly `width` columns. */
export function fit(text: string, width: number): string {
  const w = textWidth(text);
  if (w > width) return truncateText(text, width);
  return text + ' '.repeat(width - w);
}

/** The columns [start, start + width) of a line; a wide character cut at an edge becomes spaces. */
export function sliceColumns(line: Line, start: number, width: number): Line {
  const out: Line = [];
  let column = 0;
  const end = start + width;
  for (const s of line) {
    let text = '';
    for (const g of graphemes(s.text)) {
      const w = textWidth(g);
      const from = column;
      column += w;
      if (column <= start) continue;
      if (from >= end) break;
      text += from < start || column > end ? ' '.repeat(Math.min(column, end) - Math.max(from, start)) : g;
    }
    if (text) {
      const last = out.at(-1);
      if (last && sameStyle(last, s)) last.text += text;
      else out.push({ ...s, text });
    }
    if (column >= end) break;
  }
  return out;
}
