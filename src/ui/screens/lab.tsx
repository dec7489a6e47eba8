/**
 * A lab: the task, a live checklist that re-checks itself when the engine changes, hints one at a
 * time, the solution after a warning, and a reset that lists what it removes before it does.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EngineStatus, ItemRef, LabDoc, LabWatchState, ProblemView, ResetPlanView } from '../../app/api.js';
import { pictureId } from '../../course/pictures.js';
import { problemOf, useAsync, useHost, useKeyHelp, useRemembered, useScreenInput, useServices, useTheme, useUiState } from '../context.js';
import { runnerLines, useCommandRunner } from '../components/command-panel.js';
import { pullLines, pullSummary } from '../components/pull-lines.js';
import { useDocument } from '../components/document.js';
import { keyBar, labeledRule, LinesView, problemLines, rule, titleLine } from '../components/lines.js';
import { inlineMarkdown } from '../markdown/layout.js';
import { inAppMarkdown } from '../markdown/surface.js';
import { sanitizeTerminalText } from '../sanitize.js';
import { lineText, span, truncateLine, wrapSpans, type Line } from '../text/lines.js';
import { LoadingScreen } from './loading.js';
import {
  APP_ACTIONS,
  blockerLine,
  blockerOfferLine,
  checksSummary,
  hintParagraphs,
  labPassedLine,
  noMoreHintsLine,
  resetPlanParagraphs,
  resetResultParagraphs,
  SOLUTION_QUESTION,
  SOLUTION_WARNING,
  solutionParagraphs,
  startParagraphs,
  verdictParagraphs,
  wrapParagraphs,
  type Paragraph,
} from '../sentences.js';

type Dialog =
  | { kind: 'none' }
  | { kind: 'solution' }
  | { kind: 'reset-loading' }
  | { kind: 'reset-confirm'; plan: ResetPlanView }
  | { kind: 'reset-running' }
  | { kind: 'blocker-confirm'; plan: ResetPlanView; index: number }
  | { kind: 'message'; paragraphs: Paragraph[] }
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

export function checklistLines(watch: LabWatchState | undefined, doc: LabDoc, next: ItemRef | null | undefined, width: number, color = true): Line[] {
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
    if (grade.everPassed && !grade.passed) {
      lines.push(...wrap([span('✔ You passed this lab earlier', { color: 'green', bold: true }), span(` (score ${grade.score}/${grade.points}, kept). The checks below read your engine as it is now.`, { dim: true })], ''));
    }
    lines.push(checksSummary(passing, grade.verdicts.length, { passed: grade.passed, attempts: grade.attempts, checking: watch?.phase === 'checking' }));
    lines.push(...wrapParagraphs(verdictParagraphs(grade.verdicts, { details: 2 }), width));
    if (watch?.problem) lines.push(...problemLines(watch.problem, width));
    lines.push(...wrapParagraphs(startParagraphs({ fresh: grade.fresh && !grade.passed, conflicts: grade.conflicts, workspace: grade.workspace }), width));
  }
  lines.push(...wrapParagraphs(hintParagraphs(doc.hints, doc.hintsTotal, (h) => inlineMarkdown(h, { color })), width));
  if (doc.solution) lines.push(...wrapParagraphs(solutionParagraphs(doc.solution, doc.workspace), width));
  if (grade?.passed) {
    lines.push([]);
    lines.push(labPassedLine(grade.score, grade.points));
    // `next` is undefined while it is being looked up, null when there is nothing after this lab.
    if (next) lines.push(...wrap([span('Enter', { bold: true }), span(` next: ${next.title} (${next.kind})`), span(' · m the course map', { dim: true })], ''));
    else if (next === null) lines.push([span('That was the last item of the course. ', { bold: true }), span('m the course map', { dim: true })]);
  }
  return lines;
}

function dialogLines(dialog: Dialog, doc: LabDoc, width: number): Line[] {
  const choice: Line = [span('y', { bold: true }), span(' yes · ', { dim: true }), span('n/Esc', { bold: true }), span(' no', { dim: true })];
  switch (dialog.kind) {
    case 'solution':
      return [...wrapSpans([span(`${SOLUTION_WARNING} `, { color: 'yellow', bold: true }), span(SOLUTION_QUESTION)], width), choice];
    case 'reset-loading':
      return [[span('Looking at what this lab created…', { dim: true })]];
    case 'reset-running':
      return [[span('Resetting…', { dim: true })]];
    case 'reset-confirm': {
      const { plan } = dialog;
      const paragraphs = resetPlanParagraphs(plan, { id: doc.id });
      const last = paragraphs.at(-1)!;
      paragraphs[paragraphs.length - 1] = { ...last, spans: [...last.spans, span(' Go ahead?', { bold: true })] };
      return [...wrapParagraphs(paragraphs, width), choice];
    }
    case 'blocker-confirm': {
      const b = dialog.plan.blockers![dialog.index]!;
      return [
        ...wrapSpans(blockerLine(b.text), width),
        ...wrapSpans(blockerOfferLine(b.offer), width),
        choice,
      ];
    }
    case 'message':
      return [
        ...wrapParagraphs(dialog.paragraphs, width),
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
  const [next, setNext] = useState<ItemRef | null | undefined>(undefined);
  const [checklistTop, setChecklistTop, getChecklistTop] = useRemembered<number>('checklist-top', 0);
  const passed = watch?.grade?.passed ?? false;

  useEffect(() => {
    if (!passed) return;
    let alive = true;
    void services.next({ kind: 'lab', id: doc.id }).then((n) => alive && setNext(n ?? null), () => alive && setNext(null));
    return () => {
      alive = false;
    };
  }, [services, passed]);


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
  const runnerPart = runnerLines(runner.state, width, Math.max(4, Math.min(10, Math.floor(height * 0.4))), { leaving: runner.leaving });
  const panel = dialogPart.length ? dialogPart : runnerPart;
  const panelHeight = panel.length ? panel.length + 1 : 0;
  const minTask = 3;
  const checklistRoom = Math.max(2, height - fixed - panelHeight - minTask);
  const checklistView = scrollWindow(checklist, checklistTop, checklistRoom);
  const taskHeight = Math.max(1, height - fixed - panelHeight - checklistView.lines.length);
  const markdown = useMemo(() => inAppMarkdown(doc.markdown, { kind: 'lab', id: doc.id, quiz: doc.quiz }), [doc.markdown, doc.id, doc.quiz]);
  const document = useDocument(markdown, width, taskHeight);
  const hasBlocks = document.layout.blocks.length > 0;
  const onlyPictures = hasBlocks && document.layout.blocks.every((b) => b.picture);
  const hasCommands = hasBlocks && !onlyPictures;

  // A hint or the solution just revealed is scrolled into view: it is what the learner asked for.
  const shown = useRef({ hints: doc.hints.length, solution: Boolean(doc.solution) });
  useEffect(() => {
    const before = shown.current;
    shown.current = { hints: doc.hints.length, solution: Boolean(doc.solution) };
    const find = (prefix: string) => checklist.findIndex((l) => lineText(l).startsWith(prefix));
    const at = doc.solution && !before.solution ? find('Solution') : doc.hints.length > before.hints ? find(`Hint ${doc.hints.length}/`) : -1;
    if (at >= 0) setChecklistTop(at);
  });

  useKeyHelp([
    { keys: 'h', does: `reveal the next hint (each costs 10% of the points; ${doc.hints.length}/${doc.hintsTotal} shown)` },
    { keys: 's', does: 'show the solution (halves the points; asks first)' },
    { keys: 'r', does: 'reset: remove what this lab created (lists it and asks first)' },
    { keys: 'c', does: 'check again now (the lab also re-checks itself when your engine changes)' },
    { keys: '↑ ↓  PgUp PgDn', does: 'scroll the task' },
    { keys: 'J K  Shift-↓ ↑', does: 'scroll the checks, hints and solution' },
    { keys: '← →', does: 'scroll wide code sideways' },
    ...(hasBlocks ? [{ keys: 'Tab / Enter', does: onlyPictures ? 'select / show a picture from the task' : 'select / run a command from the task' }] : []),
    ...(hasCommands ? [{ keys: 'x / Esc', does: 'stop a running command / close its output' }, { keys: 'o', does: 'show all of a command\'s output' }] : []),
    { keys: 'Enter', does: 'once passed: go to the next item' },
    { keys: 'm', does: 'back to the course map' },
    { keys: 'q / Esc', does: 'back' },
  ]);

  const scrollChecklist = (by: number) => setChecklistTop(Math.max(0, Math.min(getChecklistTop(), checklistView.maxTop) + by));

  useScreenInput((input, key) => {
    if (handleDialogKey(input, key)) return;
    if (runner.handleKey(input, key)) return;
    if (input === 'J' || (key.shift && key.downArrow)) return scrollChecklist(1);
    if (input === 'K' || (key.shift && key.upArrow)) return scrollChecklist(-1);
    if (document.handleKey(input, key)) return;
    if (key.return) {
      if (document.selected?.picture) {
        const id = pictureId(document.selected.picture);
        runner.guard(() => ui.open({ kind: 'picture', id }));
      } else if (document.selected) runner.propose(document.selected.command, document.selected.shell, doc.cwd, document.selected.language);
      else if (passed && next) runner.guard(() => ui.replace({ kind: next.kind, id: next.id }));
      return;
    }
    switch (input) {
      case 'h':
        if (doc.hints.length >= doc.hintsTotal) {
          setDialog({ kind: 'message', paragraphs: [{ spans: noMoreHintsLine({ id: doc.id, lesson: doc.lessonId, hintsTotal: doc.hintsTotal }, APP_ACTIONS) }] });
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
      case 'm':
        runner.guard(() => ui.toMap());
        return;
      case 'q':
        runner.guard(() => ui.back() || host.exit(0));
        return;
    }
    if (key.escape) runner.guard(() => ui.back() || host.exit(0));
  });

  // Until it passes, the lab stays open for the map's "quit?" question, also after leaving it.
  useEffect(() => {
    if (watch?.grade?.passed || watch?.grade?.everPassed) ui.setOpenLab(undefined, doc.id);
    else if (watch?.grade) ui.setOpenLab({ id: doc.id, title: doc.title });
  }, [ui, doc.id, doc.title, watch?.grade?.passed, watch?.grade?.everPassed, Boolean(watch?.grade)]);

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
  if (hasBlocks) hints.push(['Tab', onlyPictures ? 'picture' : 'command']);
  if (checklistView.hidden) hints.push(['J K', 'scroll']);
  if (document.wideInView) hints.push(['←→', 'wide code']);
  hints.push(['m', 'map'], ['?', 'help'], ['q', 'back']);
  const taskRule = document.below > 0 ? labeledRule(width, [span(`↓ ${document.below} more line${document.below === 1 ? '' : 's'} of the task (↓ PgDn)`, { color: 'cyan' })]) : rule(width);
  const lines: Line[] = [header, rule(width), ...task, taskRule, ...checklistView.lines, ...(panel.length ? [rule(width), ...panel] : []), truncateLine(keyBar(hints), width)];
  if (runner.viewing) return <LinesView lines={runner.viewLines(width, height)} />;
  return <LinesView lines={lines.slice(0, height)} />;
}

function resetMessage(plan: ResetPlanView, failures: string[]): Extract<Dialog, { kind: 'message' }> {
  const objects = plan.items.filter((i) => i.kind !== 'file').length;
  return { kind: 'message', paragraphs: resetResultParagraphs({ objects, files: plan.items.length - objects, failures }) };
}

/**
 * `rows` lines of `lines` from `top`; when they do not all fit, the last row says how many are
 * hidden above and below and which keys scroll them.
 */
export function scrollWindow(lines: Line[], top: number, rows: number): { lines: Line[]; maxTop: number; hidden: boolean } {
  if (lines.length <= rows) return { lines, maxTop: 0, hidden: false };
  const room = Math.max(1, rows - 1);
  const maxTop = lines.length - room;
  const from = Math.min(Math.max(0, top), maxTop);
  const above = from;
  const below = lines.length - from - room;
  const parts: string[] = [];
  if (above) parts.push(`▲ ${above} above`);
  if (below) parts.push(`▼ ${below} more below`);
  const marker: Line = [span(parts.join(' · '), { color: 'cyan' }), span(` · ${below ? 'J' : 'K'} (Shift-${below ? '↓' : '↑'}) scrolls`, { dim: true })];
  return { lines: [...lines.slice(from, from + room), marker], maxTop, hidden: true };
}
