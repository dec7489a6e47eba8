import type { Context } from './context.js';
import { confirm } from './context.js';
import { UsageError } from '../errors.js';

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

  if (!options.json) {
    if (items.length === 0) ctx.out.line('Nothing on the engine or in the workspace belongs to ' + (options.all ? 'your labs.' : `lab ${id}.`));
    if (engineItems.length > 0) {
      ctx.out.line(`Reset will remove ${engineItems.length} object${engineItems.length === 1 ? '' : 's'}:`);
      for (const i of engineItems) ctx.out.line(`  - ${i.kind} ${i.name} ${ctx.out.style('dim', `(${i.why}${options.all ? `, lab ${i.lab}` : ''})`)}`);
    }
    if (files.length > 0) {
      ctx.out.line(`Reset will put the lab's folder back as it started (${files.length} file${files.length === 1 ? '' : 's'}):`);
      for (const f of files) ctx.out.line(`  - file ${f.name} ${ctx.out.style('dim', `(${f.why}${options.all ? `, lab ${f.lab}` : ''})`)}`);
    }
    for (const k of kept) ctx.out.line(ctx.out.style('dim', `  kept: ${k.object} (it existed before the lab started)`));
    for (const n of notes) ctx.out.line(ctx.out.style('yellow', `Note: ${n.text}`));
    ctx.out.line(`${labs.length === 1 ? `Lab ${labs[0]!.id}` : `${labs.length} labs`} will start again; hints and solutions already seen still count.`);
  }
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
    if (!options.json) ctx.out.line(ctx.out.style('yellow', `In the way: ${b.text}.`));
    if (!ctx.interactive || options.json) continue;
    if (await confirm(ctx, `Reset can ${b.remedy!.describe}. Do that?`)) {
      try {
        await learner.clearBlocker(b);
        cleared.push(b.name);
        ctx.out.line(`Done: ${b.remedy!.describe.replace(/ \(.*\)$/, '')}.`);
      } catch (error) {
        ctx.out.error(`could not change container ${b.name}: ${(error as Error).message}`);
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
    for (const f of failures) ctx.out.error(`could not remove ${f.item.kind} ${f.item.name}: ${f.error}`);
    ctx.out.line(failures.length ? 'Reset finished with problems (see above).' : options.all ? 'Reset done.' : `Reset done: lab ${id} starts afresh — what you do from now on counts.`);
  }
  return failures.length ? 1 : 0;
}
