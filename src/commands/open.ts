/** `docker-dojo open ITEM`: the interactive app, starting on a lesson, lab or quiz. Without a terminal, the plain verb for it. */
import type { Context } from './context.js';
import { canRunApp, launchInteractive } from './home.js';

export async function openCommand(ctx: Context, id: string): Promise<number> {
  const item = (await ctx.learner()).item(id);
  if (canRunApp(ctx)) return launchInteractive(ctx, item);
  // No terminal: do what the app would show, the plain way.
  if (item.kind === 'lesson') return (await import('./show.js')).showCommand(ctx, item.id, {});
  if (item.kind === 'lab') return (await import('./check.js')).checkCommand(ctx, item.id, {});
  return (await import('./quiz.js')).quizCommand(ctx, item.id, undefined, undefined, {});
}
