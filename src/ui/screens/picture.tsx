/**
 * The pictures a lesson can open (```dojo picture …): the learner's engine drawn as the chain of
 * programs, or an image's layers as a stack. Drawn from the services' data; q goes back to the
 * lesson where it was.
 */
import type { EngineMap, ImageLayersView } from '../../app/api.js';
import { parsePicture, type PictureSpec } from '../../course/pictures.js';
import { useAsync, useHost, useKeyHelp, useRemembered, useScreenInput, useServices, useUiState } from '../context.js';
import { keyBar, LinesView, problemLines, rule, titleLine } from '../components/lines.js';
import { enginePictureLines } from '../pictures/engine.js';
import { layersPictureLines } from '../pictures/layers.js';
import { sanitizeTerminalText as clean } from '../sanitize.js';
import { span, truncateLine, type Line } from '../text/lines.js';
import { LoadingScreen } from './loading.js';

export function PictureScreen({ id, width, height }: { id: string; width: number; height: number }) {
  const spec = parsePicture(id);
  if (!spec) {
    return <LoadingScreen state={{ status: 'failed', problem: { message: `There is no picture "${id}".`, tryThis: 'Pictures are "engine" or "layers IMAGE [OTHER-IMAGE]".' } }} what="the picture" width={width} height={height} />;
  }
  return spec.kind === 'engine' ? <EnginePicture width={width} height={height} /> : <LayersPicture spec={spec} width={width} height={height} />;
}

function EnginePicture({ width, height }: { width: number; height: number }) {
  const services = useServices();
  const [state, reload] = useAsync(() => services.engineMap(), 'picture:engine');
  if (state.status === 'loading') return <LoadingScreen state={state} what="your engine" width={width} height={height} />;
  if (state.status === 'failed') {
    // The engine may come back: r tries again from here.
    const body = [[span('Could not draw your engine.', { bold: true })], ...problemLines(state.problem, width, { stack: true })];
    return <PictureFrame title={[span('Your engine, drawn', { bold: true })]} right={[]} body={body} onReload={reload} width={width} height={height} />;
  }
  const map: EngineMap = state.value;
  return (
    <PictureFrame
      title={[span('Your engine, drawn', { bold: true })]}
      right={[span(`${clean(map.server.os)}/${clean(map.server.arch)}`, { dim: true })]}
      body={enginePictureLines(map, width)}
      onReload={reload}
      width={width}
      height={height}
    />
  );
}

function LayersPicture({ spec, width, height }: { spec: Extract<PictureSpec, { kind: 'layers' }>; width: number; height: number }) {
  const services = useServices();
  const [state, reload] = useAsync(() => services.imageLayers(spec.image, spec.compare), `picture:layers:${spec.image}:${spec.compare ?? ''}`);
  const what = spec.compare ? `the layers of ${spec.image} and ${spec.compare}` : `the layers of ${spec.image}`;
  if (state.status !== 'ready') return <LoadingScreen state={state} what={what} width={width} height={height} />;
  const view: ImageLayersView = state.value;
  const title = spec.compare
    ? [span('Layers of ', { dim: true }), span(clean(spec.image), { bold: true }), span(' and ', { dim: true }), span(clean(spec.compare), { bold: true })]
    : [span('Layers of ', { dim: true }), span(clean(spec.image), { bold: true })];
  return <PictureFrame title={title} right={[]} body={layersPictureLines(view, width, height - 3)} onReload={reload} width={width} height={height} />;
}

function PictureFrame({ title, right, body, onReload, width, height }: { title: Line; right: Line; body: Line[]; onReload: () => void; width: number; height: number }) {
  const ui = useUiState();
  const host = useHost();
  const rows = Math.max(1, height - 3);
  const maxOffset = Math.max(0, body.length - rows);
  const [rawOffset, setOffset, getOffset] = useRemembered<number>('picture-offset', 0);
  const offset = Math.min(rawOffset, maxOffset);

  useKeyHelp([
    { keys: '↑ ↓  j k  PgUp PgDn', does: 'scroll, when the picture is taller than the window' },
    { keys: 'r', does: 'draw it again from your engine now' },
    { keys: 'q / Esc', does: 'back to where you were' },
  ]);

  useScreenInput((input, key) => {
    const clamp = (n: number) => Math.min(Math.max(0, n), maxOffset);
    const current = clamp(getOffset());
    if (key.upArrow || input === 'k') setOffset(clamp(current - 1));
    else if (key.downArrow || input === 'j') setOffset(clamp(current + 1));
    else if (key.pageUp || input === 'b') setOffset(clamp(current - rows));
    else if (key.pageDown || input === ' ') setOffset(clamp(current + rows));
    else if (input === 'g') setOffset(0);
    else if (input === 'G') setOffset(maxOffset);
    else if (input === 'r') onReload();
    else if (input === 'q' || key.escape) {
      if (!ui.back()) host.exit(0);
    }
  });

  const visible = body.slice(offset, offset + rows).map((l) => truncateLine(l, width));
  while (visible.length < rows) visible.push([]);
  const hints: Array<[string, string]> = [...(maxOffset > 0 ? [['↑↓', 'scroll'] as [string, string]] : []), ['r', 'redraw'], ['?', 'help'], ['q', 'back']];
  const more = maxOffset > 0 ? [span(`${offset < maxOffset ? '▼ more ' : ''}`, { dim: true })] : [];
  return <LinesView lines={[titleLine(title, [...more, ...right], width), rule(width), ...visible, truncateLine(keyBar(hints), width)]} />;
}
