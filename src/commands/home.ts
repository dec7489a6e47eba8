import type { Context } from './context.js';
import { listCommand } from './list.js';

/** `docker-dojo` with no verb: the course map and the verbs to use it. */
export async function homeCommand(ctx: Context): Promise<number> {
  const code = await listCommand(ctx, {});
  ctx.out.line();
  ctx.out.line('Commands: docker-dojo show LESSON · check LAB · hint LAB · quiz QUIZ · doctor · progress · --help');
  return code;
}
