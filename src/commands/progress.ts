import { writeFile } from 'node:fs/promises';
import type { Context } from './context.js';
import { summarize, type CourseSummary, type ItemState, type LabSummary, type QuizSummary } from '../progress/summary.js';
import { stateBadge } from './list.js';

export async function progressCommand(ctx: Context, options: { json?: boolean; export?: string }): Promise<number> {
  const course = await ctx.course();
  const store = ctx.store();
  const summary = summarize(course, store.read());
  if (options.export) {
    const base = options.export.replace(/\.(json|md)$/i, '');
    const report = { generatedAt: store.now().toISOString(), ...summary };
    await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(`${base}.md`, markdownReport(summary, report.generatedAt));
    ctx.out.line(`Wrote ${base}.json and ${base}.md`);
    return 0;
  }
  if (options.json) {
    ctx.out.json(summary);
    return 0;
  }
  const { out } = ctx;
  out.line(`${out.style('bold', summary.course.title)} — score ${summary.score}/${summary.maxScore}`);
  out.line(`Labs passed ${summary.labsPassed}/${summary.labsTotal} · quizzes ${summary.quizzesPassed}/${summary.quizzesTotal} · lessons read ${summary.lessonsRead}/${summary.lessonsTotal}`);
  out.line();
  out.line(pad('LAB OR QUIZ', 28) + pad('STATE', 18) + pad('SCORE', 9) + pad('TRIES', 7) + 'HELP');
  const row = (id: string, state: ItemState, score: string, tries: string, help: string) => out.line(`${pad(id, 28)}${stateBadge(out, state)} ${pad(state, 16)}${pad(score, 9)}${pad(tries, 7)}${help}`);
  for (const lesson of summary.modules.flatMap((m) => m.lessons)) {
    for (const lab of lesson.labs) {
      row(lab.id, lab.state, `${lab.score}/${lab.points}`, String(lab.attempts), labHelp(lab));
      if (lab.quiz) row(lab.quiz.id, lab.quiz.state, `${lab.quiz.score}/${lab.quiz.points}`, '', quizHelp(lab.quiz));
    }
    if (lesson.quiz) row(lesson.quiz.id, lesson.quiz.state, `${lesson.quiz.score}/${lesson.quiz.points}`, '', quizHelp(lesson.quiz));
  }
  return 0;
}

/** Help used, as a teacher reads it: hints and the solution a lab showed; quiz answers shown before a right one. */
const labHelp = (lab: LabSummary) => [lab.hintsRevealed ? `${lab.hintsRevealed} hint${lab.hintsRevealed === 1 ? '' : 's'}` : '', lab.solutionRevealed ? 'solution' : ''].filter(Boolean).join(' + ') || 'none';
const quizHelp = (q: QuizSummary) => (q.correct > q.credited ? `right after the answer was shown: ${q.correct - q.credited}` : q.answered ? 'none' : '');
const quizRow = (module: string, q: QuizSummary) => `| ${module} | quiz: ${q.title} | ${q.credited}/${q.questions} right first time | ${q.score}/${q.points} | | ${quizHelp(q)} |`;

const pad = (s: string, n: number) => (s.length >= n ? `${s.slice(0, n - 1)} ` : s.padEnd(n));

function markdownReport(s: CourseSummary, at: string): string {
  const rows = s.modules.flatMap((m) =>
    m.lessons.flatMap((l) => [
      ...l.labs.flatMap((lab) => [`| ${m.title} | lab: ${lab.title} | ${lab.state} | ${lab.score}/${lab.points} | ${lab.attempts} | ${labHelp(lab)} |`, ...(lab.quiz ? [quizRow(m.title, lab.quiz)] : [])]),
      ...(l.quiz ? [quizRow(m.title, l.quiz)] : []),
    ]),
  );
  return [
    `# ${s.course.title} — progress report`,
    '',
    `Generated ${at} · course version ${s.course.version}`,
    '',
    `- Score: **${s.score} / ${s.maxScore}**`,
    `- Labs passed: ${s.labsPassed} / ${s.labsTotal}`,
    `- Quizzes passed: ${s.quizzesPassed} / ${s.quizzesTotal}`,
    `- Lessons read: ${s.lessonsRead} / ${s.lessonsTotal}`,
    '',
    'Scores: a lab earns its points less 10% a hint (at most half) and half again for the solution; hints and the solution seen stay with the lab across resets. A quiz question earns its share only when its first answer was right.',
    '',
    '| Module | Item | State | Score | Attempts | Help used |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
