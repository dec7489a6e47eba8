/**
 * A lab: the task, a live checklist that re-checks itself when the engine changes, hints one at a
 * time, the solution after a warning, and a reset that lists what it removes before it does.
 */
import { useEffect, useState } from 'react';
import type { EngineStatus, ItemRef, LabDoc, LabWatchState, ProblemView, ResetPlanView } from '../../app/api.js';
import { pictureId } from '../../course/pictures.js';
import { problemOf, useAsync, useHost, useKeyHelp, useRemembered, useScreenInput, useServices, useTheme, useUiState } from '../context.js';
import { runnerLines, useCommandRunner } from '../components/command-panel.js';
import { pullLines, pullSummary } from '../components/pull-lines.js';
import { useDocument } from '../components/document.js';
import { keyBar, LinesView, problemLines, rule, titleLine } from '../components/lines.js';
import { inlineMarkdown } from '../markdown/layout.js';
import { sanitizeTerminalText } from '../sanitize.js';
import { span, truncateLine, wrapSpans, type Line } from '../text/lines.js';
import { LoadingScreen } from './loading.js';

type Dialog =
  | { kind: 'none' }
  | { kind: 'solution' }
  | { kind: 'reset-loading' }
  | { kind: 'reset-confirm'; plan: ResetPlanView }
  | { kind: 'reset-running' }
  | { kind: 'blocker-confirm'; plan: ResetPlanView; index: number }
  | { kind: 'message'; lines: Array<{ text: string; tone?: 'ok' | 'warn' | 'bad' }> }
  | { kind: 'problem'; problem: ProblemView };

export function LabScreen({ id, width, height }: { id: string; width: number; height: number }) {
  const services = useServices();
  const [state, , replace] = useAsync(() => services.lab(id), `lab:${id}`);
  if (state.status !== 'ready') return <LoadingScreen state={state} what="the lab" width={width} height={height} />;
  return <LabView doc={state.value} onDoc={replace} width={width} height={height} />;
}

function useLabWatch(id: string): LabWatchState | undefined {
  const services = useServices();
  const [state, setState] = useState<LabWatchState | undefined>(undefined);
  useEffect(() => services.watchLab(id, setState), [services, id]);
  return state;
}

/** Layer bars shown at most while a set-up pull runs. */
const PULL_LINES = 8;

export function watchIndicator(watch: LabWatchState | undefined, engine: EngineStatus | undefined): Line {
  const status = engine ?? watch?.engine;
  if (status?.state === 'lost') return [span(watch?.grade ? '○ engine lost · retrying' : '○ no engine · retrying', { color: 'red' })];
  if (status?.state === 'reconnecting') return [span('◌ reconnecting…', { color: 'yellow' })];
  if (!watch || status?.state === 'connecting') return [span('◌ connecting…', { dim: true })];
  return [span('◉ ', { color: 'green' }), span('watching your engine', { color: 'green' })];
}

export function checklistLines(watch: LabWatchState | undefined, doc: LabDoc, next: ItemRef | undefined, width: number, color = true): Line[] {
  const lines: Line[] = [];
  const wrap = (l: Line, indent = '    ') => wrapSpans(l, width, { indent: [span(indent)] });
  const grade = watch?.grade;
  if (watch?.pull) {
    // A set-up pull: one bar per layer while it runs.
    lines.push(truncateLine([span('◌ Starting the lab', { color: 'cyan' }), span(` · pulling ${sanitizeTerminalText(watch.pull.image)} · ${pullSummary(watch.pull)}`, { dim: true })], width));
    lines.push(...pullLines(watch.pull, width, PULL_LINES));
  } else if (!grade) {
    if (watch?.problem) lines.push(...problemLines(watch.problem, width));
    else lines.push([span('◌ Starting the lab', { color: 'cyan' }), span(watch?.activity ? ` · ${sanitizeTerminalText(watch.activity)}` : '…', { dim: true })]);
  }
  if (grade) {
    const passing = grade.verdicts.filter((v) => v.ok).length;
    lines.push([
      span('Checks ', { bold: true }),
      span(`${passing}/${grade.verdicts.length} passing`, { color: grade.passed ? 'green' : passing > 0 ? 'yellow' : 'red' }),
      ...(grade.attempts > 0 ? [span(` · ${grade.attempts} attempt${grade.attempts === 1 ? '' : 's'}`, { dim: true })] : []),
      ...(watch?.phase === 'checking' ? [span(' · checking…', { color: 'cyan' })] : []),
    ]);
    let detailed = 0;
    for (const v of grade.verdicts) {
      lines.push(...wrap([span(v.ok ? '  ✔ ' : '  ✘ ', { color: v.ok ? 'green' : 'red', bold: true }), span(sanitizeTerminalText(v.title))]));
      if (!v.ok && detailed < 2) {
        detailed += 1;
        lines.push(...wrap([span('    expected: ', { dim: true }), span(sanitizeTerminalText(v.expected))], '              '));
        lines.push(...wrap([span('    found:    ', { dim: true }), span(sanitizeTerminalText(v.found), { color: 'yellow' })], '              '));
        if (v.hint) lines.push(...wrap([span('    try:      ', { dim: true }), span(sanitizeTerminalText(v.hint), { dim: true })], '              '));
      }
    }
    if (watch?.problem) lines.push(...problemLines(watch.problem, width));
    if (grade.fresh && !grade.passed) lines.push(...wrap([span('Lab started: only what you do from now on counts.', { dim: true })], ''));
    for (const c of grade.conflicts) lines.push(...wrap([span(`Note: ${sanitizeTerminalText(c)}.`, { color: 'yellow' })], ''));
    if (grade.workspace) lines.push(...wrap([span('Your files: ', { dim: true }), span(grade.workspace)], ''));
  }
  doc.hints.forEach((h, i) => lines.push(...wrap([span(`Hint ${i + 1}/${doc.hintsTotal}: `, { color: 'yellow', bold: true }), ...inlineMarkdown(h, { color })], '  ')));
  if (doc.solution) {
    lines.push([span('Solution', { color: 'magenta', bold: true }), span(' — run these in a terminal', { dim: true }), ...(doc.workspace ? [span(` in ${doc.workspace}`, { dim: true })] : [])]);
    for (const cmd of doc.solution) lines.push(...wrap([span('  $ ', { color: 'gray' }), span(sanitizeTerminalText(cmd), { bold: true })]));
  }
  if (grade?.passed) {
    lines.push([]);
    lines.push([span('★ ★ ★  ', { color: 'yellow', bold: true }), span('Lab passed!', { color: 'green', bold: true }), span(`  Score ${grade.score}/${grade.points}.`, { bold: true }), span(grade.score < grade.points ? ' (help costs points)' : ' Well done.', { dim: true })]);
    if (next) lines.push(...wrap([span('Enter', { bold: true }), span(` next: ${next.title} (${next.kind})`), span(' · q back to the map', { dim: true })], ''));
    else lines.push([span('That was the last item of the course. ', { bold: true }), span('q back to the map', { dim: true })]);
  }
  return lines;
}

function dialogLines(dialog: Dialog, doc: LabDoc, width: number): Line[] {
  const choice: Line = [span('y', { bold: true }), span(' yes · ', { dim: true }), span('n/Esc', { bold: true }), span(' no', { dim: true })];
  switch (dialog.kind) {
    case 'solution':
      return [...wrapSpans([span('Seeing the solution halves the points for this lab. ', { color: 'yellow', bold: true }), span('Show it?')], width), choice];
    case 'reset-loading':
      return [[span('Looking at what this lab created…', { dim: true })]];
    case 'reset-running':
      return [[span('Resetting…', { dim: true })]];
    case 'reset-confirm': {
      const { plan } = dialog;
      const lines: Line[] = [];
      if (plan.items.length === 0) lines.push([span(`Nothing on the engine belongs to lab ${doc.id}.`)]);
      else {
        lines.push([span(`Reset will remove ${plan.items.length} object${plan.items.length === 1 ? '' : 's'}:`, { bold: true })]);
        for (const i of plan.items) lines.push(truncateLine([span(`  - ${i.kind} ${sanitizeTerminalText(i.name)} `), span(`(${i.why})`, { dim: true })], width));
      }
      for (const k of plan.kept) lines.push(truncateLine([span(`  kept: ${sanitizeTerminalText(k)} (it existed before the lab started)`, { dim: true })], width));
      for (const n of plan.notes ?? []) lines.push(...wrapSpans([span(`Note: ${sanitizeTerminalText(n)}`, { color: 'yellow' })], width));
      lines.push([span('The lab starts again; help already seen still counts. ', { color: 'yellow' }), span('Go ahead?', { bold: true })]);
      lines.push(choice);
      return lines;
    }
    case 'blocker-confirm': {
      const b = dialog.plan.blockers![dialog.index]!;
      return [
        ...wrapSpans([span(`In the way: ${sanitizeTerminalText(b.text)}.`, { color: 'yellow' })], width),
        ...wrapSpans([span(`Reset can ${sanitizeTerminalText(b.offer)}. `), span('Do that?', { bold: true })], width),
        choice,
      ];
    }
    case 'message':
      return [
        ...dialog.lines.flatMap((l) => wrapSpans([span(l.text, l.tone ? { color: l.tone === 'ok' ? 'green' : l.tone === 'warn' ? 'yellow' : 'red' } : {})], width)),
        [span('Esc', { bold: true }), span(' close', { dim: true })],
      ];
    case 'problem':
      return [...problemLines(dialog.problem, width, { stack: true }), [span('Esc', { bold: true }), span(' close', { dim: true })]];
    default:
      return [];
  }
}

function LabView({ doc, onDoc, width, height }: { doc: LabDoc; onDoc: (doc: LabDoc) => void; width: number; height: number }) {
  const services = useServices();
  const ui = useUiState();
  const host = useHost();
  const theme = useTheme();
  const watch = useLabWatch(doc.id);
  const runner = useCommandRunner();
  const [dialog, setDialog] = useRemembered<Dialog>('dialog', { kind: 'none' });
  const [next, setNext] = useState<ItemRef | undefined>(undefined);
  const passed = watch?.grade?.passed ?? false;

  useEffect(() => {
    if (!passed) return;
    let alive = true;
    void services.next({ kind: 'lab', id: doc.id }).then((n) => alive && setNext(n), () => undefined);
    return () => {
      alive = false;
    };
  }, [services, passed]);

  useKeyHelp([
    { keys: 'h', does: `reveal the next hint (each costs 10% of the points; ${doc.hints.length}/${doc.hintsTotal} shown)` },
    { keys: 's', does: 'show the solution (halves the points; asks first)' },
    { keys: 'r', does: 'reset: remove what this lab created (lists it and asks first)' },
    { keys: 'c', does: 'check again now (the lab also re-checks itself when your engine changes)' },
    { keys: '↑ ↓  PgUp PgDn', does: 'scroll the task' },
    { keys: 'Tab / Enter', does: 'select / run a command from the task' },
    { keys: 'Enter', does: 'once passed: go to the next item' },
    { keys: 'q / Esc', does: 'back' },
  ]);

  const act = (work: () => Promise<void>) => {
    void work().catch((error: unknown) => setDialog({ kind: 'problem', problem: problemOf(error) }));
  };

  const handleDialogKey = (input: string, key: { escape: boolean; return: boolean }): boolean => {
    switch (dialog.kind) {
      case 'none':
        return false;
      case 'solution':
        if (input === 'y') {
          setDialog({ kind: 'none' });
          act(async () => onDoc(await services.revealSolution(doc.id)));
        } else if (input === 'n' || key.escape || input === 'q') setDialog({ kind: 'none' });
        return true;
      case 'reset-confirm':
        if (input === 'y') {
          const plan = dialog.plan;
          setDialog({ kind: 'reset-running' });
          act(async () => {
            const outcome = await services.applyReset(plan);
            onDoc(await services.lab(doc.id));
            if (outcome.failures.length === 0 && plan.blockers?.length) setDialog({ kind: 'blocker-confirm', plan, index: 0 });
            else setDialog(resetMessage(plan, outcome.failures));
          });
        } else if (input === 'n' || key.escape || input === 'q') setDialog({ kind: 'none' });
        return true;
      case 'blocker-confirm': {
        const { plan, index } = dialog;
        const next = () => (index + 1 < plan.blockers!.length ? setDialog({ kind: 'blocker-confirm', plan, index: index + 1 }) : setDialog(resetMessage(plan, [])));
        if (input === 'y') {
          setDialog({ kind: 'reset-running' });
          act(async () => {
            const outcome = await services.clearBlocker(plan, index);
            if (outcome.failures.length) setDialog(resetMessage(plan, outcome.failures));
            else next();
          });
        } else if (input === 'n' || key.escape || input === 'q') next();
        return true;
      }
      case 'message':
      case 'problem':
        if (key.escape || key.return || input === 'q' || input === 'x') setDialog({ kind: 'none' });
        return true;
      default:
        return true; // busy
    }
  };

  const fixed = 4; // header, rule, rule above the checklist, key bar
  const checklist = checklistLines(watch, doc, next, width, theme.color);
  const dialogPart = dialogLines(dialog, doc, width);
  const runnerPart = runnerLines(runner.state, width, Math.max(4, Math.min(10, Math.floor(height * 0.4))));
  const panel = dialogPart.length ? dialogPart : runnerPart;
  const panelHeight = panel.length ? panel.length + 1 : 0;
  const minTask = 3;
  const checklistRoom = Math.max(2, height - fixed - panelHeight - minTask);
  const shownChecklist = checklist.length > checklistRoom ? [...checklist.slice(0, checklistRoom - 1), [span('… (more below: make the window taller)', { dim: true })]] : checklist;
  const taskHeight = Math.max(1, height - fixed - panelHeight - shownChecklist.length);
  const document = useDocument(doc.markdown, width, taskHeight);

  useScreenInput((input, key) => {
    if (handleDialogKey(input, key)) return;
    if (runner.handleKey(input, key)) return;
    if (document.handleKey(input, key)) return;
    if (key.return) {
      if (document.selected?.picture) ui.open({ kind: 'picture', id: pictureId(document.selected.picture) });
      else if (document.selected) runner.propose(document.selected.command, document.selected.shell, doc.cwd);
      else if (passed && next) ui.replace({ kind: next.kind, id: next.id });
      return;
    }
    switch (input) {
      case 'h':
        if (doc.hints.length >= doc.hintsTotal) {
          setDialog({ kind: 'message', lines: [{ text: doc.hintsTotal === 0 ? 'This lab has no hints. Read its lesson again, or press s for the solution.' : 'No more hints. Press s for the solution.', tone: 'warn' }] });
        } else act(async () => onDoc(await services.revealHint(doc.id)));
        return;
      case 's':
        if (!doc.solutionRevealed) setDialog({ kind: 'solution' });
        return;
      case 'r':
        setDialog({ kind: 'reset-loading' });
        act(async () => setDialog({ kind: 'reset-confirm', plan: await services.planReset(doc.id) }));
        return;
      case 'c':
        act(() => services.checkLab(doc.id));
        return;
      case 'q':
        if (!ui.back()) host.exit(0);
        return;
    }
    if (key.escape && !ui.back()) host.exit(0);
  });

  const header = titleLine(
    [span('Lab ', { dim: true }), span(doc.title, { bold: true }), span(` · ${doc.points} pts`, { dim: true })],
    watchIndicator(watch, watch?.engine),
    width,
  );
  const task = [...document.visible];
  while (task.length < taskHeight) task.push([]);
  const hints: Array<[string, string]> = [];
  if (passed && next && !document.selected) hints.push(['Enter', 'next']);
  hints.push(['h', 'hint'], ['s', 'solution'], ['r', 'reset'], ['c', 'check']);
  if (document.layout.blocks.length > 0) hints.push(['Tab', 'command']);
  hints.push(['?', 'help'], ['q', 'back']);
  const lines: Line[] = [header, rule(width), ...task, rule(width), ...shownChecklist, ...(panel.length ? [rule(width), ...panel] : []), truncateLine(keyBar(hints), width)];
  return <LinesView lines={lines.slice(0, height)} />;
}

function resetMessage(plan: ResetPlanView, failures: string[]): Extract<Dialog, { kind: 'message' }> {
  if (failures.length) return { kind: 'message', lines: [{ text: 'Reset finished with problems:', tone: 'bad' }, ...failures.map((f) => ({ text: f, tone: 'bad' as const }))] };
  const objects = plan.items.filter((i) => i.kind !== 'file').length;
  const files = plan.items.length - objects;
  const what = `${objects} object${objects === 1 ? '' : 's'} removed${files ? `, ${files} file${files === 1 ? '' : 's'} put back` : ''}`;
  return { kind: 'message', lines: [{ text: `Reset done: ${what}; the lab starts afresh — what you do from now on counts.`, tone: 'ok' }] };
}
