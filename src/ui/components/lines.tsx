/** Draws laid-out lines (see text/lines.ts); colours are dropped when the theme has none. */
import chalk, { type ChalkInstance } from 'chalk';
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { ProblemView } from '../../app/api.js';
import { useTheme } from '../context.js';
import { sanitizeTerminalText } from '../sanitize.js';
import { lineWidth, span, truncateLine, wrapSpans, type Line, type Span } from '../text/lines.js';

/**
 * A line is one Text holding its spans already styled: Ink then lays out and measures one node
 * per line instead of one per span, which is most of the cost of drawing a screen.
 */
export const LineView = memo(function LineView({ line }: { line: Line }) {
  const { color } = useTheme();
  if (line.length === 0) return <Text> </Text>;
  return <Text wrap="truncate-end">{line.map((s) => styled(s, color)).join('')}</Text>;
});

/** The span in the terminal's styles (none where the terminal has no colour support). */
function styled(s: Span, color: boolean): string {
  let style: ChalkInstance = chalk;
  if (color && s.color) style = style[s.color];
  if (s.dim || (!color && s.color === 'gray')) style = style.dim;
  if (s.bold) style = style.bold;
  if (s.italic) style = style.italic;
  if (s.underline) style = style.underline;
  if (s.strike) style = style.strikethrough;
  if (s.inverse) style = style.inverse;
  return style === chalk ? s.text : style(s.text);
}

export function LinesView({ lines }: { lines: readonly Line[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <LineView key={i} line={line} />
      ))}
    </Box>
  );
}

/** A problem as lines: the message, then what to do (and the stack for bugs, when there is room). */
export function problemLines(problem: ProblemView, width: number, options: { stack?: boolean } = {}): Line[] {
  const lines = wrapSpans([span('✘ ', { color: 'red', bold: true }), span(sanitizeTerminalText(problem.message), { color: 'red' })], width, { indent: [span('  ')] });
  if (problem.tryThis) lines.push(...wrapSpans([span('→ ', { bold: true }), span(sanitizeTerminalText(problem.tryThis))], width, { indent: [span('  ')] }));
  if (problem.stack && options.stack) {
    lines.push([span('This is a bug in docker-dojo; please report it with these lines:', { dim: true })]);
    for (const l of sanitizeTerminalText(problem.stack).split('\n').slice(1, 8)) lines.push([span(l, { dim: true })]);
  }
  return lines;
}

/** "[██████░░░░] 60%" in `width` columns. */
export function progressBar(done: number, total: number, width: number): Line {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const label = ` ${Math.round(share * 100)}%`;
  const inner = Math.max(4, width - label.length - 2);
  const filled = Math.round(share * inner);
  return [span('['), span('█'.repeat(filled), { color: 'green' }), span('░'.repeat(inner - filled), { color: 'gray', dim: true }), span(']'), span(label, { bold: true })];
}

/** A line of key hints, e.g. "↑↓ move · Enter open · ? help", cut to the width. */
export function keyBar(hints: Array<[string, string]>): Line {
  const out: Line = [];
  hints.forEach(([keys, does], i) => {
    if (i > 0) out.push(span(' · ', { dim: true }));
    out.push(span(keys, { bold: true }), span(` ${does}`, { dim: true }));
  });
  return out;
}

export function rule(width: number): Line {
  return [span('─'.repeat(Math.max(0, width)), { color: 'gray', dim: true })];
}

/** A rule with a note in it: "── ↓ 12 more lines ─────". */
export function labeledRule(width: number, label: Line): Line {
  const body = truncateLine([span('── ', { color: 'gray', dim: true }), ...label, span(' ')], width);
  return [...body, span('─'.repeat(Math.max(0, width - lineWidth(body))), { color: 'gray', dim: true })];
}

/** "Title …  42%" with the right part kept. */
export function titleLine(left: Line, right: Line, width: number): Line {
  const rightWidth = lineWidth(right);
  const body = truncateLine(left, Math.max(4, width - rightWidth - 1));
  return truncateLine([...body, span(' '.repeat(Math.max(1, width - lineWidth(body) - rightWidth))), ...right], width);
}
