import type { Context } from './context.js';
import { listCommand } from './list.js';

/** `docker-dojo` with no verb: the interactive app on a terminal; otherwise the course map and the verbs to use it. */
export async function homeCommand(ctx: Context): Promise<number> {
  if (canRunApp(ctx)) {
    const { launchInteractive } = await import('./open.js');
    return launchInteractive(ctx);
  }
  const code = await listCommand(ctx, {});
  ctx.out.line();
  ctx.out.line('Commands: docker-dojo show LESSON · check LAB · hint LAB · quiz QUIZ · doctor · progress · --help');
  return code;
}

/** The app needs a terminal on both ends (and not a CI run). */
export function canRunApp(ctx: Context): boolean {
  return ctx.interactive && Boolean(process.stdout.isTTY);
}
