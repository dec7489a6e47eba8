import type { Context } from './context.js';
import { summarize, type ItemState, type QuizSummary } from '../progress/summary.js';
import type { Output } from './output.js';

export function stateBadge(out: Output, state: ItemState): string {
  switch (state) {
    case 'passed':
      return out.style('green', '✔');
    case 'passed-with-help':
      return out.style('yellow', '✔');
    case 'in-progress':
      return out.style('cyan', '◐');
    default:
      return out.style('dim', '○');
  }
}

const quizNote = (q: QuizSummary) => `(${q.id}, ${q.credited}/${q.questions} right, ${q.score}/${q.points} pts)`;

export async function listCommand(ctx: Context, options: { json?: boolean }): Promise<number> {
  const course = await ctx.course();
  const store = ctx.store();
  const summary = summarize(course, store.read());
  if (options.json) {
    ctx.out.json(summary);
    return 0;
  }
  const { out } = ctx;
  out.line(`${out.style('bold', summary.course.title)}  ${out.style('dim', `v${summary.course.version}`)}`);
  out.line(`${summary.labsPassed}/${summary.labsTotal} labs passed · ${summary.quizzesPassed}/${summary.quizzesTotal} quizzes · ${summary.lessonsRead}/${summary.lessonsTotal} lessons read · score ${summary.score}/${summary.maxScore}`);
  summary.modules.forEach((m, i) => {
    out.line();
    out.line(`${out.style('bold', `${i + 1}. ${m.title}`)}${m.optional ? out.style('dim', '  (optional: "continue" passes over it)') : ''}`);
    for (const lesson of m.lessons) {
      out.line(`  ${lesson.read ? out.style('green', '✔') : out.style('dim', '○')} ${lesson.title} ${out.style('dim', `(lesson ${lesson.id})`)}`);
      for (const lab of lesson.labs) {
        out.line(`      ${stateBadge(out, lab.state)} lab: ${lab.title} ${out.style('dim', `(${lab.id}, ${lab.score}/${lab.points} pts)`)}`);
        if (lab.quiz) out.line(`        ${stateBadge(out, lab.quiz.state)} quiz: ${lab.quiz.title} ${out.style('dim', quizNote(lab.quiz))}`);
      }
      if (lesson.quiz) {
        out.line(`      ${stateBadge(out, lesson.quiz.state)} quiz: ${lesson.quiz.title} ${out.style('dim', quizNote(lesson.quiz))}`);
      }
    }
  });
  if (summary.next) {
    out.line();
    if (summary.coreDone) out.line('You finished the course; the optional deep dive is still open.');
    const verb = summary.next.kind === 'lesson' ? 'show' : summary.next.kind === 'lab' ? 'check' : 'quiz';
    out.line(`Next: ${summary.next.title} — docker-dojo ${verb} ${summary.next.id}`);
  }
  return 0;
}
