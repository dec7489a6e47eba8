import { writeFile } from 'node:fs/promises';
import type { Context } from './context.js';
import { summarize, type CourseSummary } from '../progress/summary.js';
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
  out.line(`Labs passed ${summary.labsPassed}/${summary.labsTotal} · lessons read ${summary.lessonsRead}/${summary.lessonsTotal}`);
  out.line();
  out.line(pad('LAB', 28) + pad('STATE', 18) + pad('SCORE', 9) + pad('TRIES', 7) + 'HINTS');
  for (const lab of summary.modules.flatMap((m) => m.lessons.flatMap((l) => l.labs))) {
    out.line(`${pad(lab.id, 28)}${stateBadge(out, lab.state)} ${pad(lab.state, 16)}${pad(`${lab.score}/${lab.points}`, 9)}${pad(String(lab.attempts), 7)}${lab.hintsRevealed}${lab.solutionRevealed ? ' +solution' : ''}`);
  }
  return 0;
}

const pad = (s: string, n: number) => (s.length >= n ? `${s.slice(0, n - 1)} ` : s.padEnd(n));

function markdownReport(s: CourseSummary, at: string): string {
  const rows = s.modules.flatMap((m) =>
    m.lessons.flatMap((l) => [
      ...l.labs.map((lab) => `| ${m.title} | lab: ${lab.title} | ${lab.state} | ${lab.score}/${lab.points} | ${lab.attempts} | ${lab.hintsRevealed}${lab.solutionRevealed ? ' + solution' : ''} |`),
      ...(l.quiz ? [`| ${m.title} | quiz: ${l.quiz.title} | ${l.quiz.credited}/${l.quiz.questions} right first time${l.quiz.correct > l.quiz.credited ? `, ${l.quiz.correct - l.quiz.credited} more after the answer was shown` : ''} | ${l.quiz.score}/${l.quiz.points} | | ${l.quiz.correct > l.quiz.credited ? `${l.quiz.correct - l.quiz.credited} answer(s) shown` : ''} |`] : []),
    ]),
  );
  return [
    `# ${s.course.title} — progress report`,
    '',
    `Generated ${at} · course version ${s.course.version}`,
    '',
    `- Score: **${s.score} / ${s.maxScore}**`,
    `- Labs passed: ${s.labsPassed} / ${s.labsTotal}`,
    `- Lessons read: ${s.lessonsRead} / ${s.lessonsTotal}`,
    '',
    '| Module | Item | State | Score | Attempts | Help used |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
