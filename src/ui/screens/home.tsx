/** The course map: modules → lessons → labs and quizzes, with badges, scores and "continue". */
import type { CourseSummary, ItemRef, ItemState, QuizSummary } from '../../app/api.js';
import { useState } from 'react';
import { useAsync, useKeyHelp, useRemembered, useScreenInput, useServices, useUi, useUiState, useHost } from '../context.js';
import { keyBar, LinesView, problemLines, progressBar, rule } from '../components/lines.js';
import type { Route } from '../state.js';
import { lineWidth, span, truncateLine, type Line, type Span } from '../text/lines.js';

export interface MapRow {
  line: Line;
  /** Selectable rows open this. */
  target?: Route;
  key?: string;
  /** Right-hand column (score, state). */
  right?: Line;
}

export function badge(state: ItemState): Span {
  switch (state) {
    case 'passed':
      return span('✔', { color: 'green', bold: true });
    case 'passed-with-help':
      return span('✔', { color: 'yellow', bold: true });
    case 'in-progress':
      return span('◐', { color: 'cyan' });
    default:
      return span('○', { color: 'gray', dim: true });
  }
}

const kindLabel = (kind: ItemRef['kind']) => (kind === 'lesson' ? 'lesson' : kind === 'lab' ? 'lab' : 'quiz');

const quizRow = (q: QuizSummary, indent: string): MapRow => ({
  key: `quiz:${q.id}`,
  target: { kind: 'quiz', id: q.id },
  line: [span(indent), badge(q.state), span(' quiz ', { dim: true }), span(q.title)],
  right: [span(`${q.credited}/${q.questions} right`, { dim: q.state === 'not-started' })],
});

export function mapRows(summary: CourseSummary): MapRow[] {
  const rows: MapRow[] = [];
  if (summary.next) {
    const next = summary.next;
    if (summary.coreDone) rows.push({ line: [span('★ You finished the course; the optional deep dive is still open.', { bold: true, color: 'green' })] });
    rows.push({ key: 'continue', target: { kind: next.kind, id: next.id }, line: [span('▶ Continue: ', { bold: true, color: 'green' }), span(next.title, { bold: true }), span(` (${kindLabel(next.kind)})`, { dim: true })] });
  } else if (summary.lessonsTotal > 0) {
    rows.push({ line: [span('★ You finished the course. Well done!', { bold: true, color: 'green' })] });
  }
  summary.modules.forEach((m, i) => {
    rows.push({ line: [] });
    rows.push({ line: [span(`${i + 1}. ${m.title}`, { bold: true, color: 'cyan' }), ...(m.optional ? [span('  optional', { dim: true })] : [])] });
    if (m.lessons.length === 0) rows.push({ line: [span('   (no lessons yet)', { dim: true })] });
    for (const lesson of m.lessons) {
      rows.push({
        key: `lesson:${lesson.id}`,
        target: { kind: 'lesson', id: lesson.id },
        line: [span('  '), badge(lesson.read ? 'passed' : 'not-started'), span(' '), span(lesson.title)],
        right: [span(lesson.read ? 'read' : 'lesson', { dim: true })],
      });
      for (const lab of lesson.labs) {
        rows.push({
          key: `lab:${lab.id}`,
          target: { kind: 'lab', id: lab.id },
          line: [span('      '), badge(lab.state), span(' lab  ', { dim: true }), span(lab.title)],
          right: [span(`${lab.score}/${lab.points} pts`, { dim: lab.state === 'not-started' }), ...(lab.state === 'passed-with-help' ? [span(' (help)', { dim: true })] : [])],
        });
        if (lab.quiz) rows.push(quizRow(lab.quiz, '        '));
      }
      if (lesson.quiz) rows.push(quizRow(lesson.quiz, '      '));
    }
  });
  return rows;
}

function rowLine(row: MapRow, width: number, selected: boolean): Line {
  // Every row gets a two-column gutter; the pointer sits right before the selected item's badge.
  const [first, ...rest] = row.line;
  const indent = first && first.text.trim() === '' ? first.text : '';
  const content = indent ? rest : row.line;
  const lead = selected ? [span(`  ${indent}`.slice(0, -2)), span('› ', { bold: true, color: 'cyan' })] : [span(`  ${indent}`)];
  const right = row.right ?? [];
  const rightWidth = lineWidth(right);
  const body = truncateLine(
    [...lead, ...content.map((s, i) => (selected && i === content.length - 1 ? { ...s, bold: true, inverse: true } : s))],
    Math.max(4, width - (rightWidth ? rightWidth + 2 : 0)),
  );
  const gap = Math.max(1, width - lineWidth(body) - rightWidth);
  return truncateLine([...body, ...(rightWidth ? [span(' '.repeat(gap)), ...right] : [])], width);
}

export function HomeScreen({ width, height }: { width: number; height: number }) {
  const services = useServices();
  const ui = useUiState();
  const host = useHost();
  const [state] = useAsync(async () => services.summary(), 'summary', () => services.summary());
  const [selectedKey, setSelectedKey, getSelectedKey] = useRemembered<string | undefined>('selected', undefined);
  // The first row shown; kept across visits without re-rendering for it.
  const top = ui.recall<number>('home:top') ?? 0;

  useKeyHelp([
    { keys: '↑ ↓  j k', does: 'move' },
    { keys: 'PgUp PgDn', does: 'move a page' },
    { keys: 'g G', does: 'first / last' },
    { keys: 'Enter', does: 'open the lesson, lab or quiz' },
    { keys: 'c', does: 'continue where you left off' },
    { keys: 'q', does: 'quit (asks first while a lab you opened is not passed)' },
  ]);

  const summary = state.status === 'ready' ? state.value : undefined;
  const rows = summary ? mapRows(summary) : [];
  const selectable = rows.flatMap((r, i) => (r.target ? [i] : []));
  const indexOf = (key: string | undefined) => {
    const byKey = rows.findIndex((r) => r.key !== undefined && r.key === key);
    return byKey >= 0 ? byKey : (selectable[0] ?? -1);
  };
  const selectedIndex = indexOf(selectedKey);

  const notices = services.notices();
  const header: Line[] = [
    truncateLine([span(services.courseTitle(), { bold: true }), ...(summary ? [span(`  v${summary.course.version}`, { dim: true })] : [])], width),
  ];
  if (summary) {
    const done = summary.labsPassed + summary.lessonsRead;
    const total = summary.labsTotal + summary.lessonsTotal;
    const counts = ` labs ${summary.labsPassed}/${summary.labsTotal} · lessons ${summary.lessonsRead}/${summary.lessonsTotal} · ${summary.score}/${summary.maxScore} pts`;
    const barWidth = Math.max(12, Math.min(30, width - counts.length - 1));
    header.push(truncateLine([...progressBar(done, total, barWidth), span(counts, { dim: true })], width));
  }
  for (const n of notices) header.push(truncateLine([span('! ', { color: 'yellow', bold: true }), span(n, { color: 'yellow' })], width));
  header.push(rule(width));
  const footer = keyBar([
    ['↑↓', 'move'],
    ['Enter', 'open'],
    ['c', 'continue'],
    ['?', 'help'],
    ['q', 'quit'],
  ]);
  const listHeight = Math.max(1, height - header.length - 1);

  // Keep the selection on screen.
  let first = Math.min(top, Math.max(0, rows.length - listHeight));
  if (selectedIndex >= 0 && selectedIndex < first) first = selectedIndex === selectable[0] ? 0 : selectedIndex;
  if (selectedIndex >= first + listHeight) first = selectedIndex - listHeight + 1;
  ui.remember('home:top', first);

  const move = (delta: number) => {
    if (selectable.length === 0) return;
    const at = Math.max(0, selectable.indexOf(indexOf(getSelectedKey())));
    const next = selectable[Math.min(selectable.length - 1, Math.max(0, at + delta))]!;
    setSelectedKey(rows[next]!.key);
  };

  const [quitting, setQuitting] = useState(false);
  const openLab = useUi((s) => s.openLab);

  useScreenInput((input, key) => {
    if (quitting) {
      if (input === 'y' || input === 'q') host.exit(0);
      else if (input === 'n' || key.escape) setQuitting(false);
      return;
    }
    if (input === 'q' || key.escape) {
      // Quitting mid-lab is asked first: the last of several q presses should not end the app.
      if (ui.back()) return;
      if (openLab && input === 'q') setQuitting(true);
      else host.exit(0);
    } else if (key.upArrow || input === 'k') move(-1);
    else if (key.downArrow || input === 'j') move(1);
    else if (key.pageUp) move(-Math.max(1, listHeight - 2));
    else if (key.pageDown || input === ' ') move(Math.max(1, listHeight - 2));
    else if (input === 'g' || key.home) move(-selectable.length);
    else if (input === 'G' || key.end) move(selectable.length);
    else if (key.return) {
      const target = rows[indexOf(getSelectedKey())]?.target;
      if (target) ui.open(target);
    } else if (input === 'c') {
      const next = summary?.next;
      if (next) ui.open({ kind: next.kind, id: next.id });
    }
  });

  let body: Line[];
  if (state.status === 'loading') body = [[span('Loading the course…', { dim: true })]];
  else if (state.status === 'failed') body = problemLines(state.problem, width, { stack: true });
  else if (rows.length === 0 || summary?.lessonsTotal === 0) body = [[span('This course has no lessons yet.', { dim: true })], ...rows.slice(1).map((r) => rowLine(r, width, false))];
  else body = rows.slice(first, first + listHeight).map((r, i) => rowLine(r, width, first + i === selectedIndex));

  const padded = [...body.slice(0, listHeight), ...Array.from({ length: Math.max(0, listHeight - body.length) }, () => [] as Line)];
  const bottom: Line = quitting && openLab
    ? [span('Quit now? ', { color: 'yellow', bold: true }), span('y', { bold: true }), span(' yes · ', { dim: true }), span('n', { bold: true }), span(' no', { dim: true }), span(` — lab "${openLab.title}" is not passed yet; your progress is saved.`, { color: 'yellow' })]
    : footer;
  return <LinesView lines={[...header, ...padded, truncateLine(bottom, width)]} />;
}
