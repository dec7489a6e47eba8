/** Plain terminal output for the scriptable verbs: colour only on a TTY and never with NO_COLOR. */
import type { Writable } from 'node:stream';
import { colorEnabled } from '../ui/text/color.js';

const CODES = { red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], dim: [2, 22], bold: [1, 22] } as const;
export type Style = keyof typeof CODES;

export interface Output {
  color: boolean;
  line(text?: string): void;
  error(text: string): void;
  json(value: unknown): void;
  style(style: Style, text: string): string;
}

export function createOutput(stdout: Writable & { isTTY?: boolean } = process.stdout, stderr: Writable & { isTTY?: boolean } = process.stderr, env = process.env): Output {
  const color = colorEnabled(stdout, env);
  const errColor = colorEnabled(stderr, env);
  const paint = (on: boolean) => (style: Style, text: string) => (on ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
  return {
    color,
    line: (text = '') => void stdout.write(`${text}\n`),
    error: (text) => void stderr.write(`${paint(errColor)('red', 'error')}: ${text}\n`),
    json: (value) => void stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    style: paint(color),
  };
}

export const mark = (out: Output, ok: boolean) => (ok ? out.style('green', '✔') : out.style('red', '✘'));
