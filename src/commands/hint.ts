import type { Context } from './context.js';
import { confirm } from './context.js';
import { labWorkspace } from '../lab/workspace.js';
import { CLI_ACTIONS, hintParagraphs, noMoreHintsLine, SOLUTION_QUESTION, SOLUTION_WARNING, solutionKeptHiddenLine, solutionParagraphs } from '../ui/sentences.js';

export async function hintCommand(ctx: Context, id: string, options: { json?: boolean }): Promise<number> {
  const learner = await ctx.learner();
  const lab = learner.lab(id);
  const progress = await learner.revealHint(lab);
  if (lab.hints.length === 0) {
    ctx.out.line(ctx.out.text(noMoreHintsLine({ id: lab.id, lesson: lab.lesson, hintsTotal: 0 }, CLI_ACTIONS)));
    return 0;
  }
  const shown = lab.hints.slice(0, progress.hintsRevealed);
  if (options.json) {
    ctx.out.json({ lab: lab.id, hints: shown, remaining: lab.hints.length - shown.length });
    return 0;
  }
  ctx.out.paragraphs(hintParagraphs(shown, lab.hints.length));
  if (shown.length === lab.hints.length) ctx.out.line(ctx.out.text(noMoreHintsLine({ id: lab.id, lesson: lab.lesson, hintsTotal: lab.hints.length }, CLI_ACTIONS)));
  return 0;
}

export async function solutionCommand(ctx: Context, id: string, options: { json?: boolean; yes?: boolean }): Promise<number> {
  const learner = await ctx.learner();
  const lab = learner.lab(id);
  if (!learner.store.lab(lab.id).solutionRevealed && !options.yes && ctx.interactive) {
    const ok = await confirm(ctx, `${SOLUTION_WARNING} ${SOLUTION_QUESTION}`);
    if (!ok) {
      ctx.out.line(ctx.out.text(solutionKeptHiddenLine(lab.id, CLI_ACTIONS)));
      return 0;
    }
  }
  await learner.revealSolution(lab);
  if (options.json) {
    ctx.out.json({ lab: lab.id, solution: lab.solution });
    return 0;
  }
  ctx.out.line(ctx.out.style('bold', lab.title));
  ctx.out.paragraphs(solutionParagraphs(lab.solution, lab.starter ? labWorkspace(lab.id, ctx.env) : undefined));
  return 0;
}
