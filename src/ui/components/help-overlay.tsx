/** `?`: the keys of the screen underneath, and the ones that work everywhere. */
import { useUi } from '../context.js';
import type { KeyHelp } from '../state.js';
import { fit, span, wrapSpans, type Line } from '../text/lines.js';
import { LinesView, rule } from './lines.js';

const GLOBAL: KeyHelp[] = [
  { keys: '?', does: 'show or hide this help' },
  { keys: 'q / Esc', does: 'go back (on the course map: quit)' },
  { keys: 'm', does: 'back to the course map in one step' },
  { keys: 'Ctrl-C', does: 'stop a running command; otherwise quit (progress is saved)' },
];

export function helpLines(keys: KeyHelp[], width: number, height: number): Line[] {
  const column = Math.min(20, Math.floor(width / 2), Math.max(8, ...[...keys, ...GLOBAL].map((k) => k.keys.length + 2)));
  const entry = (k: KeyHelp): Line[] =>
    wrapSpans([span(`${fit(k.keys, column - 1)} `, { bold: true, color: 'cyan' }), span(k.does)], width, { indent: [span(' '.repeat(column))] });
  const lines: Line[] = [[span('Keys on this screen', { bold: true })], rule(width), ...keys.flatMap(entry), [], [span('Everywhere', { bold: true })], rule(width), ...GLOBAL.flatMap(entry), [], [span('Press ? or Esc to close this help.', { dim: true })]];
  return lines.slice(0, height);
}

export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const keys = useUi((s) => s.keys);
  return <LinesView lines={helpLines(keys, width, height)} />;
}
