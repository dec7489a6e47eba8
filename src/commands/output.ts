/** Plain terminal output for the scriptable verbs: colour only on a TTY and never with NO_COLOR. */
import type { Writable } from 'node:stream';
import { colorEnabled } from '../ui/text/color.js';
import type { Paragraph } from '../ui/sentences.js';
import type { Line, Span } from '../ui/text/lines.js';

const CODES = { red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39], gray: [90, 39], dim: [2, 22], bold: [1, 22] } as const;
export type Style = keyof typeof CODES;

export interface Output {
  color: boolean;
  line(text?: string): void;
  error(text: string): void;
  json(value: unknown): void;
  style(style: Style, text: string): string;
  /** Prints the learner's sentences (ui/sentences.ts), the same ones the app's screens draw. */
  paragraphs(paragraphs: readonly Paragraph[]): void;
  /** One line of styled spans as text for this terminal. */
  text(line: Line): string;
}

export function createOutput(stdout: Writable & { isTTY?: boolean } = process.stdout, stderr: Writable & { isTTY?: boolean } = process.stderr, env = process.env): Output {
  const color = colorEnabled(stdout, env);
  const errColor = colorEnabled(stderr, env);
  const paint = (on: boolean) => (style: Style, text: string) => (on ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
  const style = paint(color);
  const text = (line: Line) => line.map((s) => styleSpan(s, style)).join('');
  return {
    color,
    line: (text = '') => void stdout.write(`${text}\n`),
    paragraphs: (paragraphs) => void stdout.write(paragraphs.map((p) => `${text(p.spans)}\n`).join('')),
    text,
    error: (text) => void stderr.write(`${paint(errColor)('red', 'error')}: ${text}\n`),
    json: (value) => void stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    style,
  };
}

function styleSpan(s: Span, style: (style: Style, text: string) => string): string {
  let out = s.text;
  if (s.color) out = style(s.color, out);
  if (s.dim) out = style('dim', out);
  if (s.bold) out = style('bold', out);
  return out;
}

export const mark = (out: Output, ok: boolean) => (ok ? out.style('green', '✔') : out.style('red', '✘'));
