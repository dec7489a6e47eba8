import type { Context } from './context.js';
import { confirm, findLab } from './context.js';
import { startLab } from '../lab/start.js';
import type { Lab } from '../course/model.js';

/** Engine calls a hint may wait for: a healthy engine answers in milliseconds. */
const OPTIONAL_ENGINE_TIMEOUT_MS = 1500;

/** Starts the lab when an engine is there (so the baseline is recorded), but hints never need one. */
async function startIfPossible(ctx: Context, lab: Lab): Promise<void> {
  if (ctx.store().lab(lab.id).baseline) return;
  try {
    const { client } = await ctx.engine({ timeoutMs: OPTIONAL_ENGINE_TIMEOUT_MS });
    await startLab(lab, client, ctx.store(), { env: ctx.env });
  } catch {
    // No engine: the lab starts at its first check instead.
  }
}

export async function hintCommand(ctx: Context, id: string, options: { json?: boolean }): Promise<number> {
  const lab = findLab(await ctx.course(), id);
  await startIfPossible(ctx, lab);
  const store = ctx.store();
  if (lab.hints.length === 0) {
    ctx.out.line(`This lab has no hints. Read its lesson again (docker-dojo show ${lab.lesson}) or see the solution (docker-dojo solution ${lab.id}).`);
    return 0;
  }
  const progress = await store.updateLab(lab.id, (p) => {
    p.hintsRevealed = Math.min(lab.hints.length, p.hintsRevealed + 1);
    if (p.status === 'not-started') p.status = 'in-progress';
  });
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
  const lab = findLab(await ctx.course(), id);
  const store = ctx.store();
  if (!store.lab(lab.id).solutionRevealed && !options.yes && ctx.interactive) {
    const ok = await confirm(ctx, 'Seeing the solution halves the points for this lab. Show it?');
    if (!ok) {
      ctx.out.line('Kept hidden. Try a hint instead: docker-dojo hint ' + lab.id);
      return 0;
    }
  }
  await startIfPossible(ctx, lab);
  await store.updateLab(lab.id, (p) => {
    p.solutionRevealed = true;
    if (p.status === 'not-started') p.status = 'in-progress';
  });
  if (options.json) {
    ctx.out.json({ lab: lab.id, solution: lab.solution });
    return 0;
  }
  ctx.out.line(`Solution for ${lab.title} — run these in a terminal${lab.starter ? ' inside the lab workspace' : ''}:`);
  lab.solution.forEach((cmd) => ctx.out.line(`  $ ${cmd}`));
  return 0;
}
