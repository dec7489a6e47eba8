import type { ItemRef } from '../app/api.js';
import type { Context } from './context.js';
import { listCommand } from './list.js';
import { settleForSession } from '../app/session-memory.js';

/** `docker-dojo` with no verb: the interactive app on a terminal; otherwise the course map and the verbs to use it. */
export async function homeCommand(ctx: Context): Promise<number> {
  if (canRunApp(ctx)) return launchInteractive(ctx);
  const code = await listCommand(ctx, {});
  ctx.out.line();
  ctx.out.line('Commands: docker-dojo show LESSON · check LAB · hint LAB · quiz QUIZ · doctor · progress · open ITEM · --help');
  return code;
}

/** The app needs a terminal on both ends (and not a CI run). */
export function canRunApp(ctx: Context): boolean {
  return ctx.interactive && Boolean(process.stdout.isTTY);
}

/** Creates the app's services for this run and hands the terminal to the app; Ink and React load only here. */
export async function launchInteractive(ctx: Context, open?: ItemRef): Promise<number> {
  settleForSession();
  // Both load at once: the screens' code compiles while the course and progress are read.
  const loadingUi = import('../ui/launch.js');
  loadingUi.catch(() => undefined);
  // The course is loaded first, so its problems stop here.
  const [{ createDojoServices }, course] = await Promise.all([import('../app/services.js'), ctx.course()]);
  const connect = async () => (await import('../engine/connect.js')).connectEngine({ env: ctx.env });
  const services = createDojoServices({ course, store: ctx.store(), env: ctx.env, connect });
  const { launchApp } = await loadingUi;
  return launchApp(services, { env: ctx.env, ...(open ? { open } : {}) });
}
