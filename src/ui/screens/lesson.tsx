/** The lesson reader: scrolling Markdown, runnable commands, remembered position. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LessonDoc } from '../../app/api.js';
import { pictureId } from '../../course/pictures.js';
import { useAsync, useHost, useKeyHelp, useScreenInput, useServices, useUiState } from '../context.js';
import { runnerLines, useCommandRunner } from '../components/command-panel.js';
import { useDocument } from '../components/document.js';
import { inAppMarkdown } from '../markdown/surface.js';
import { keyBar, LinesView, rule, titleLine } from '../components/lines.js';
import { span, truncateLine, type Line } from '../text/lines.js';
import { LoadingScreen } from './loading.js';
import { badge } from './home.js';

export const READER_KEYS = [
  { keys: '↑ ↓  j k', does: 'scroll a line' },
  { keys: 'PgUp PgDn  b Space', does: 'scroll a page' },
  { keys: 'g G', does: 'top / end' },
  { keys: 'Tab n / Shift-Tab p', does: 'select the next / previous command or picture' },
  { keys: 'Enter', does: 'run the selected command (you confirm first), or show the selected picture' },
  { keys: 'x / Esc', does: 'stop a running command / close its output' },
  { keys: 'o', does: 'show all of a command\'s output (↑↓ scroll it)' },
  { keys: '← →', does: 'scroll wide code and diagrams sideways' },
];

export function LessonScreen({ id, width, height }: { id: string; width: number; height: number }) {
  const services = useServices();
  const [state] = useAsync(() => services.lesson(id), `lesson:${id}`);
  if (state.status !== 'ready') return <LoadingScreen state={state} what="the lesson" width={width} height={height} />;
  return <LessonReader doc={state.value} width={width} height={height} />;
}

function LessonReader({ doc, width, height }: { doc: LessonDoc; width: number; height: number }) {
  const services = useServices();
  const ui = useUiState();
  const host = useHost();
  const runner = useCommandRunner();
  const practice = doc.practice.find((p) => !p.state.startsWith('passed')) ?? doc.practice[0];
  // With more than one lab or quiz, l lists them all (each one, whatever its state) to choose from.
  const [choosing, setChoosing] = useState<number | undefined>(undefined);
  const several = doc.practice.length > 1;

  useKeyHelp([
    ...READER_KEYS,
    ...(practice ? [{ keys: 'l', does: several ? `choose a lab or quiz of this lesson (${doc.practice.length})` : `open the ${practice.kind}: ${practice.title}` }] : []),
    ...(several ? [{ keys: '1-9', does: 'open that lab or quiz (while choosing)' }] : []),
    { keys: 'm', does: 'back to the course map' },
    { keys: 'q / Esc', does: 'back' },
  ]);

  const panelMax = Math.max(4, Math.min(12, Math.floor(height * 0.45)));
  const panel = choosing !== undefined ? practiceLines(doc.practice, choosing, width) : runnerLines(runner.state, width, panelMax, { leaving: runner.leaving });
  const docHeight = Math.max(1, height - 3 - (panel.length ? panel.length + 1 : 0));
  const markdown = useMemo(() => inAppMarkdown(doc.markdown, { kind: 'lesson', practice: doc.practice }), [doc.markdown, doc.practice]);
  const document = useDocument(markdown, width, docHeight, { initialSource: doc.position });

  const marked = useRef(doc.read);
  useEffect(() => {
    services.saveLessonPosition(doc.id, document.topSource);
  }, [services, doc.id, document.topSource]);
  useEffect(() => {
    if (document.atEnd && !marked.current) {
      marked.current = true;
      void services.markLessonRead(doc.id).catch(() => {
        marked.current = false;
      });
    }
  }, [services, doc.id, document.atEnd]);

  useScreenInput((input, key) => {
    if (choosing !== undefined) {
      const count = doc.practice.length;
      const pick = /^[1-9]$/.test(input) && Number(input) <= count ? Number(input) - 1 : key.return ? choosing : undefined;
      if (pick !== undefined) {
        setChoosing(undefined);
        runner.guard(() => ui.open({ kind: doc.practice[pick]!.kind, id: doc.practice[pick]!.id }));
      } else if (key.upArrow || input === 'k') setChoosing((choosing - 1 + count) % count);
      else if (key.downArrow || input === 'j' || input === 'l' || key.tab) setChoosing((choosing + 1) % count);
      else if (key.escape || input === 'q') setChoosing(undefined);
      return;
    }
    if (runner.handleKey(input, key)) return;
    if (document.handleKey(input, key)) return;
    if (key.return && document.selected?.picture) {
      const id = pictureId(document.selected.picture);
      runner.guard(() => ui.open({ kind: 'picture', id }));
    } else if (key.return && document.selected) runner.propose(document.selected.command, document.selected.shell, doc.cwd, document.selected.language);
    else if (input === 'l' && practice) {
      if (several) setChoosing(Math.max(0, doc.practice.indexOf(practice)));
      else runner.guard(() => ui.open({ kind: practice.kind, id: practice.id }));
    } else if (input === 'm') runner.guard(() => ui.toMap());
    else if (input === 'q' || key.escape) runner.guard(() => ui.back() || host.exit(0));
  });

  const where = doc.moduleTitle ? `${doc.moduleTitle} › ` : '';
  const header = titleLine(
    [span('Lesson ', { dim: true }), span(where, { dim: true }), span(doc.title, { bold: true })],
    [...(marked.current || document.atEnd ? [span('✔ read ', { color: 'green' })] : []), span(`${document.percent}%`, { dim: true })],
    width,
  );
  const hints: Array<[string, string]> = [['↑↓', 'scroll']];
  if (document.layout.blocks.length > 0) {
    const onlyPictures = document.layout.blocks.every((b) => b.picture);
    hints.push(['Tab', onlyPictures ? 'select picture' : 'select command'], ...(document.selected ? [['Enter', document.selected.picture ? 'show picture' : 'run'] as [string, string]] : []));
  }
  if (document.wideInView) hints.push(['←→', 'wide code']);
  if (choosing !== undefined) hints.splice(0, hints.length, ['↑↓', 'choose'], ['Enter', 'open'], ['1-9', 'open'], ['Esc', 'close']);
  else {
    if (practice) hints.push(['l', several ? 'labs & quiz' : practice.kind]);
    hints.push(['m', 'map'], ['?', 'help'], ['q', 'back']);
  }

  const body = [...document.visible];
  while (body.length < docHeight) body.push([]);
  const lines: Line[] = [header, rule(width), ...body, ...(panel.length ? [rule(width), ...panel] : []), truncateLine(keyBar(hints), width)];
  if (runner.viewing) return <LinesView lines={runner.viewLines(width, height)} />;
  return <LinesView lines={lines} />;
}


/** The lesson's labs and quizzes to choose from, the chosen one marked. */
export function practiceLines(practice: LessonDoc['practice'], chosen: number, width: number): Line[] {
  return [
    [span('Practice for this lesson', { bold: true }), span(' (Enter or a number opens it)', { dim: true })],
    ...practice.map((p, i) =>
      truncateLine([span(i === chosen ? '› ' : '  ', { bold: true, color: 'cyan' }), span(`${i + 1}. `, { dim: i !== chosen }), badge(p.state), span(` ${p.kind === 'lab' ? 'lab ' : 'quiz'} `, { dim: true }), span(p.title, i === chosen ? { bold: true, inverse: true } : {})], width),
    ),
  ];
}
