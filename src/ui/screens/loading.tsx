/** What a screen shows while its data loads, or when it could not be loaded. */
import type { AsyncState } from '../context.js';
import { useHost, useKeyHelp, useScreenInput, useUiState } from '../context.js';
import { keyBar, LinesView, problemLines } from '../components/lines.js';
import { span, type Line } from '../text/lines.js';

export function LoadingScreen({ state, what, width, height }: { state: AsyncState<unknown>; what: string; width: number; height: number }) {
  const ui = useUiState();
  const host = useHost();
  useKeyHelp([{ keys: 'q / Esc', does: 'go back' }]);
  useScreenInput((input, key) => {
    if (input === 'q' || key.escape) {
      if (!ui.back()) host.exit(0);
    }
  });
  const body: Line[] =
    state.status === 'failed'
      ? [[span(`Could not open ${what}.`, { bold: true })], ...problemLines(state.problem, width, { stack: true })]
      : [[span(`Loading ${what}…`, { dim: true })]];
  const lines = body.slice(0, Math.max(0, height - 1));
  while (lines.length < height - 1) lines.push([]);
  return <LinesView lines={[...lines, keyBar([['q', 'back']])]} />;
}
