/** `docker-dojo open ITEM`: the interactive app, starting on a lesson, lab or quiz. Without a terminal, the plain verb for it. */
import { resolveItem } from '../app/items.js';
import { suggest } from '../course/suggest.js';
import { UsageError } from '../errors.js';
import type { Context } from './context.js';
import { canRunApp, launchInteractive } from './home.js';

export async function openCommand(ctx: Context, id: string): Promise<number> {
  const course = await ctx.course();
  const ids = [...course.lessons.map((l) => l.id), ...course.labs.map((l) => l.id), ...course.quizzes.map((q) => q.id)];
  const item = resolveItem(course, id);
  if (!item) throw new UsageError(`There is no lesson, lab or quiz "${id}"${suggest(id, ids)}.`, 'Run `docker-dojo list` to see them all.');
  if (canRunApp(ctx)) return launchInteractive(ctx, item);
  // No terminal: do what the app would show, the plain way.
  if (item.kind === 'lesson') return (await import('./show.js')).showCommand(ctx, item.id, {});
  if (item.kind === 'lab') return (await import('./check.js')).checkCommand(ctx, item.id, {});
  return (await import('./quiz.js')).quizCommand(ctx, item.id, undefined, undefined, {});
}
