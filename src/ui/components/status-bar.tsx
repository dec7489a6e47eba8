/** The bottom line on every screen: how the engine is, and the two keys that always work. */
import type { EngineStatus } from '../../app/api.js';
import { useEngineStatus, useUi } from '../context.js';
import { sanitizeTerminalText } from '../sanitize.js';
import { lineWidth, span, truncateLine, type Line } from '../text/lines.js';
import { LineView } from './lines.js';

export function engineLine(status: EngineStatus): Line {
  const text = sanitizeTerminalText(status.line);
  switch (status.state) {
    case 'connected':
      return [span('● ', { color: 'green', bold: true }), span(text)];
    case 'connecting':
      return [span('◌ ', { color: 'cyan' }), span(text, { dim: true })];
    case 'reconnecting':
      return [span('◌ ', { color: 'yellow' }), span(`engine lost · reconnecting (attempt ${status.attempt})…`, { color: 'yellow' })];
    case 'lost':
      return [span('✘ ', { color: 'red', bold: true }), span(`no engine (retry in ${Math.max(1, Math.round(status.retryInMs / 1000))} s): `, { color: 'red', bold: true }), span(text, { color: 'red' })];
  }
}

export function statusBarLine(status: EngineStatus, interruptible: boolean, width: number): Line {
  const right: Line = interruptible
    ? [span('Ctrl-C', { bold: true }), span(' stops the command', { dim: true })]
    : [span('?', { bold: true }), span(' help · ', { dim: true }), span('Ctrl-C', { bold: true }), span(' quit', { dim: true })];
  const rightWidth = lineWidth(right);
  const left = truncateLine(engineLine(status), Math.max(10, width - rightWidth - 2));
  const gap = Math.max(1, width - lineWidth(left) - rightWidth);
  return truncateLine([...left, span(' '.repeat(gap)), ...right], width);
}

export function StatusBar({ width }: { width: number }) {
  const status = useEngineStatus();
  const interruptible = useUi((s) => s.interruptible);
  return <LineView line={statusBarLine(status, interruptible, width)} />;
}
