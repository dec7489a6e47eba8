import type { Context } from './context.js';
import { confirm } from './context.js';

export async function hintCommand(ctx: Context, id: string, options: { json?: boolean }): Promise<number> {
  const learner = await ctx.learner();
  const lab = learner.lab(id);
  const progress = await learner.revealHint(lab);
  if (lab.hints.length === 0) {
    ctx.out.line(`This lab has no hints. Read its lesson again (docker-dojo show ${lab.lesson}) or see the solution (docker-dojo solution ${lab.id}).`);
    return 0;
  }
  const shown = lab.hints.slice(0, progress.hintsRevealed);
  if (options.json) {
    ctx.out.json({ lab: lab.id, hints: shown, remaining: lab.hints.length - shown.length });
    return 0;
  }
  shown.forEach((h, i) => ctx.out.line(`Hint ${i + 1}/${lab.hints.length}: ${h}`));
  if (shown.length === lab.hints.length) ctx.out.line(ctx.out.style('dim', `No more hints. The solution: docker-dojo solution ${lab.id}`));
  return 0;
}

export async function solutionCommand(ctx: Context, id: string, options: { json?: boolean; yes?: boolean }): Promise<number> {
  const learner = await ctx.learner();
  const lab = learner.lab(id);
  if (!learner.store.lab(lab.id).solutionRevealed && !options.yes && ctx.interactive) {
    const ok = await confirm(ctx, 'Seeing the solution halves the points for this lab. Show it?');
    if (!ok) {
      ctx.out.line('Kept hidden. Try a hint instead: docker-dojo hint ' + lab.id);
      return 0;
    }
  }
  await learner.revealSolution(lab);
  if (options.json) {
    ctx.out.json({ lab: lab.id, solution: lab.solution });
    return 0;
  }
  ctx.out.line(`Solution for ${lab.title} — run these in a terminal${lab.starter ? ' inside the lab workspace' : ''}:`);
  lab.solution.forEach((cmd) => ctx.out.line(`  $ ${cmd}`));
  return 0;
}
