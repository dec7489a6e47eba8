/**
 * The learner's sentences, written once for the app and the CLI: a hint, the solution, a grade
 * with what each check expected and found, a quiz answer, a reset's plan and result, an object in
 * a lab's way. Each builder returns paragraphs of styled spans; the screens wrap them to their
 * width (`wrapParagraphs`), the CLI prints them (`Output.paragraphs` in commands/output.ts). The
 * one thing the two surfaces say differently is how the learner acts next, a key in the app or a
 * command in a terminal; that comes in as `Actions`.
 */
import { NO_CREDIT } from '../progress/score.js';
import { sanitizeTerminalText as clean } from './sanitize.js';
import { span, wrapSpans, type Line, type Span } from './text/lines.js';

/** One sentence or line: its spans, and the indent its rows take when wrapped to a width. */
export interface Paragraph {
  spans: Line;
  hang?: string;
}

const para = (spans: Line, hang?: string): Paragraph => (hang === undefined ? { spans } : { spans, hang });

/** How the learner does the next thing on this surface. */
export interface Actions {
  hint(labId: string): string;
  solution(labId: string): string;
  /** Where to read a lesson again; the app has no separate step for it. */
  lesson?(lessonId: string): string;
}

export const CLI_ACTIONS: Actions = {
  hint: (id) => `docker-dojo hint ${id}`,
  solution: (id) => `docker-dojo solution ${id}`,
  lesson: (id) => `docker-dojo show ${id}`,
};

export const APP_ACTIONS: Actions = {
  hint: () => 'press h',
  solution: () => 'press s',
};

/** Wraps paragraphs to `width` columns, each with its own hanging indent. */
export function wrapParagraphs(paragraphs: readonly Paragraph[], width: number): Line[] {
  return paragraphs.flatMap((p) => wrapSpans(p.spans, width, { indent: [span(p.hang ?? '')] }));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ───────────────────────────── a grade ─────────────────────────────

export interface VerdictLike {
  ok: boolean;
  title: string;
  expected: string;
  found: string;
  hint?: string;
}

const DETAIL_HANG = '              ';

/** Each check as ✔ or ✘, with what it expected and found (for the first `details` failing ones). */
export function verdictParagraphs(verdicts: readonly VerdictLike[], options: { details?: number } = {}): Paragraph[] {
  const out: Paragraph[] = [];
  let detailed = 0;
  for (const v of verdicts) {
    out.push(para([span(v.ok ? '  ✔ ' : '  ✘ ', { color: v.ok ? 'green' : 'red', bold: true }), span(clean(v.title))], '    '));
    if (v.ok || detailed >= (options.details ?? Infinity)) continue;
    detailed += 1;
    out.push(para([span('    expected: ', { dim: true }), span(clean(v.expected))], DETAIL_HANG));
    out.push(para([span('    found:    ', { dim: true }), span(clean(v.found), { color: 'yellow' })], DETAIL_HANG));
    if (v.hint) out.push(para([span('    try:      ', { dim: true }), span(clean(v.hint), { dim: true })], DETAIL_HANG));
  }
  return out;
}

/** "Checks 3/5 passing · 2 attempts". */
export function checksSummary(passing: number, total: number, options: { passed: boolean; attempts?: number; checking?: boolean }): Line {
  return [
    span('Checks ', { bold: true }),
    span(`${passing}/${total} passing`, { color: options.passed ? 'green' : passing > 0 ? 'yellow' : 'red' }),
    ...(options.attempts ? [span(` · ${plural(options.attempts, 'attempt')}`, { dim: true })] : []),
    ...(options.checking ? [span(' · checking…', { color: 'cyan' })] : []),
  ];
}

/** What the learner should know about the lab's start: it began now, notes, where the files are. */
export function startParagraphs(start: { fresh: boolean; conflicts: readonly string[]; workspace?: string | undefined; addedFiles?: readonly string[] }): Paragraph[] {
  const out: Paragraph[] = [];
  if (start.fresh) out.push(para([span('Lab started: only what you do from now on counts.', { dim: true })], ''));
  for (const c of start.conflicts) out.push(para([span(`Note: ${clean(c)}.`, { color: 'yellow' })], ''));
  if (start.workspace) {
    const added = start.addedFiles?.length ? ` (added: ${start.addedFiles.join(', ')})` : '';
    out.push(para([span('Your files: ', { dim: true }), span(`${start.workspace}${added}`)], ''));
  }
  return out;
}

export function labPassedLine(score: number, points: number): Line {
  return [
    span('★ ★ ★  ', { color: 'yellow', bold: true }),
    span('Lab passed!', { color: 'green', bold: true }),
    span(`  Score ${score}/${points}.`, { bold: true }),
    span(score < points ? ' (help costs points)' : ' Well done.', { dim: true }),
  ];
}

/** Said under a failing grade where no key bar offers help. */
export function stuckLine(labId: string, actions: Actions): Line {
  return [span(`Stuck? A hint: ${actions.hint(labId)}`, { dim: true })];
}

// ───────────────────────────── help ─────────────────────────────

/** The hints revealed so far; `format` renders a hint's inline Markdown where the surface can. */
export function hintParagraphs(hints: readonly string[], total: number, format: (text: string) => Span[] = (text) => [span(clean(text))]): Paragraph[] {
  return hints.map((h, i) => para([span(`Hint ${i + 1}/${total}: `, { color: 'yellow', bold: true }), ...format(h)], '  '));
}

/** Asked for a hint when there is none (left). */
export function noMoreHintsLine(lab: { id: string; lesson: string; hintsTotal: number }, actions: Actions): Line {
  const lesson = actions.lesson ? ` (${actions.lesson(lab.lesson)})` : '';
  return [
    span(
      lab.hintsTotal === 0
        ? `This lab has no hints. Read its lesson again${lesson}, or see the solution (${actions.solution(lab.id)}).`
        : `No more hints. To see the solution: ${actions.solution(lab.id)}.`,
      { color: 'yellow' },
    ),
  ];
}

export const SOLUTION_WARNING = 'Seeing the solution halves the points for this lab.';
export const SOLUTION_QUESTION = 'Show it?';

export function solutionKeptHiddenLine(labId: string, actions: Actions): Line {
  return [span(`Kept hidden. Try a hint instead: ${actions.hint(labId)}`)];
}

export function solutionParagraphs(commands: readonly string[], workspace?: string): Paragraph[] {
  return [
    para([span('Solution', { color: 'magenta', bold: true }), span(' — run these in a terminal', { dim: true }), ...(workspace ? [span(` in ${workspace}`, { dim: true })] : [])], '  '),
    ...commands.map((cmd) => para([span('  $ ', { color: 'gray' }), span(clean(cmd), { bold: true })], '    ')),
  ];
}

// ───────────────────────────── quizzes ─────────────────────────────

export interface AnswerLike {
  correct: boolean;
  credit: boolean;
  expected: string;
  explanation: string;
}

/** The verdict on an answer just given, and why. */
export function answerParagraphs(verdict: AnswerLike): Paragraph[] {
  const first =
    verdict.correct && verdict.credit
      ? [span('✔ Right.', { color: 'green', bold: true })]
      : verdict.correct
        ? [span('✔ Right', { color: 'green', bold: true }), span(` — ${NO_CREDIT}`, { dim: true })]
        : [span('✘ Not quite', { color: 'red', bold: true }), span(` — the answer is ${clean(verdict.expected)}.`)];
  return [para(first, ''), para([span(clean(verdict.explanation), { dim: true })], '')];
}

/** How an earlier answer stands, shown before the question is answered again. */
export function earlierAnswerLine(earlier: { correct: boolean; credit: boolean }): Line {
  return [
    span(
      earlier.correct
        ? earlier.credit
          ? '✔ You answered this right first time.'
          : `✔ You answered this right, after the answer was shown: ${NO_CREDIT}`
        : `✘ Your last answer was not right; you may answer again, but ${NO_CREDIT}`,
      { dim: true },
    ),
  ];
}

// ───────────────────────────── reset ─────────────────────────────

export interface ResetPlanLike {
  items: ReadonlyArray<{ kind: string; name: string; why: string; lab?: string }>;
  kept: readonly string[];
  notes?: readonly string[] | undefined;
}

/** What a reset will remove and put back, before the learner says yes. `labs` names who starts again. */
export function resetPlanParagraphs(plan: ResetPlanLike, labs: { id: string } | { count: number }): Paragraph[] {
  const out: Paragraph[] = [];
  const objects = plan.items.filter((i) => i.kind !== 'file');
  const files = plan.items.filter((i) => i.kind === 'file');
  const item = (i: ResetPlanLike['items'][number]) => para([span(`  - ${i.kind} ${clean(i.name)} `), span(`(${i.why}${i.lab ? `, lab ${i.lab}` : ''})`, { dim: true })], '      ');
  if (plan.items.length === 0) out.push(para([span(`Nothing on the engine or in the workspace belongs to ${'id' in labs ? `lab ${labs.id}` : 'your labs'}.`)], ''));
  if (objects.length > 0) {
    out.push(para([span(`Reset will remove ${plural(objects.length, 'object')}:`, { bold: true })], ''));
    out.push(...objects.map(item));
  }
  if (files.length > 0) {
    out.push(para([span(`Reset will put the lab's folder back as it started (${plural(files.length, 'file')}):`, { bold: true })], ''));
    out.push(...files.map(item));
  }
  // Several labs may keep the same object (an image they all name): it is said once.
  for (const k of new Set(plan.kept)) out.push(para([span(`  kept: ${clean(k)} (it existed before the lab started)`, { dim: true })], '        '));
  for (const n of plan.notes ?? []) out.push(para([span(`Note: ${clean(n)}`, { color: 'yellow' })], ''));
  const who = 'id' in labs ? 'The lab starts' : `${plural(labs.count, 'lab')} start`;
  out.push(para([span(`${who} again; hints and solutions already seen still count.`, { color: 'yellow' })], ''));
  return out;
}

/** After a reset: what it did, or what it could not do. */
export function resetResultParagraphs(result: { objects: number; files: number; failures: readonly string[]; all?: boolean }): Paragraph[] {
  if (result.failures.length) {
    return [para([span('Reset finished with problems:', { color: 'red' })], ''), ...result.failures.map((f) => para([span(`  ${clean(f)}`, { color: 'red' })], '    '))];
  }
  const what = `${plural(result.objects, 'object')} removed${result.files ? `, the lab folder as shipped again (${plural(result.files, 'file')} restored or removed)` : ''}`;
  const who = result.all ? 'your labs start' : 'the lab starts';
  return [para([span(`Reset done: ${what}; ${who} afresh — what you do from now on counts.`, { color: 'green' })], '')];
}

/** An object from before the lab in its way, and what reset can do about it if asked. */
export function blockerLine(text: string): Line {
  return [span(`In the way: ${clean(text)}.`, { color: 'yellow' })];
}

export function blockerOfferLine(offer: string): Line {
  return [span(`Reset can ${clean(offer)}. `), span('Do that?', { bold: true })];
}

export function blockerClearedLine(offer: string): Line {
  return [span(`Done: ${clean(offer).replace(/ \(.*\)$/, '')}.`)];
}
