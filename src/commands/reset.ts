import type { Context } from './context.js';
import { confirm } from './context.js';
import { UsageError } from '../errors.js';
import { blockerFailureText, resetFailureText } from '../learner/learner.js';
import { blockerClearedLine, blockerLine, blockerOfferLine, resetPlanParagraphs, resetResultParagraphs } from '../ui/sentences.js';

export async function resetCommand(ctx: Context, id: string | undefined, options: { all?: boolean; yes?: boolean; json?: boolean }): Promise<number> {
  if (!id && !options.all) throw new UsageError('Say which lab to reset, or --all.', 'Example: docker-dojo reset pull-hello-world');
  if (id && options.all) throw new UsageError('Give a lab id or --all, not both.', `Example: docker-dojo reset ${id}, or docker-dojo reset --all`);
  const learner = await ctx.learner();
  const labs = options.all ? learner.startedLabs() : [learner.lab(id!)];
  const plans = [];
  for (const lab of labs) plans.push(await learner.planReset(lab));
  const items = plans.flatMap((p) => p.items.map((item) => ({ lab: p.lab.id, ...item })));
  const kept = plans.flatMap((p) => p.kept.map((k) => ({ lab: p.lab.id, object: k })));
  const notes = plans.flatMap((p) => p.notes.map((text) => ({ lab: p.lab.id, text })));
  const blockers = plans.flatMap((p) => p.blockers.map((b) => ({ lab: p.lab.id, ...b })));
  const engineItems = items.filter((i) => i.kind !== 'file');
  const files = items.filter((i) => i.kind === 'file');

  // Several swarm labs reset at once say the same about the one swarm: it is said once.
  if (!options.json) ctx.out.paragraphs(resetPlanParagraphs({ items: options.all ? items : items.map(({ lab: _, ...i }) => i), kept: kept.map((k) => k.object), notes: [...new Set(notes.map((n) => n.text))] }, labs.length === 1 && !options.all ? { id: labs[0]!.id } : { count: labs.length }));
  if (!options.yes) {
    const ok = await confirm(ctx, 'Go ahead?');
    if (!ok) {
      if (options.json) ctx.out.json({ reset: false, planned: items, kept, notes, blockers, reason: 'not confirmed (use --yes)' });
      else ctx.out.line(ctx.interactive ? 'Nothing changed.' : 'Nothing changed: add --yes to reset without being asked.');
      return 1;
    }
  }
  const failures = await learner.applyReset(plans, { restart: !options.all });
  // Each object in the lab's way is the learner's own: its remedy is offered one by one, never assumed by --yes.
  const cleared: string[] = [];
  for (const b of blockers) {
    if (!options.json) ctx.out.line(ctx.out.text(blockerLine(b.text)));
    if (!ctx.interactive || options.json) continue;
    if (await confirm(ctx, ctx.out.text(blockerOfferLine(b.remedy!.describe)).trimEnd())) {
      try {
        await learner.clearBlocker(b);
        cleared.push(b.name);
        ctx.out.line(ctx.out.text(blockerClearedLine(b.remedy!.describe)));
      } catch (error) {
        ctx.out.error(blockerFailureText(b.name, (error as Error).message));
      }
    }
  }
  if (options.json) {
    ctx.out.json({
      reset: true,
      removed: items.filter((i) => !failures.some((f) => f.item.id === i.id)),
      kept,
      notes,
      blockers,
      failures: failures.map((f) => ({ ...f.item, error: f.error })),
    });
  } else {
    ctx.out.paragraphs(
      resetResultParagraphs({
        objects: engineItems.length,
        files: files.length,
        failures: failures.map((f) => resetFailureText(f)),
        all: Boolean(options.all),
      }),
    );
  }
  return failures.length ? 1 : 0;
}
