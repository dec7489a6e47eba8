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

  if (!options.json) {
    if (items.length === 0) ctx.out.line('Nothing on the engine belongs to ' + (options.all ? 'your labs.' : `lab ${id}.`));
    else {
      ctx.out.line(`Reset will remove ${items.length} object${items.length === 1 ? '' : 's'}:`);
      for (const i of items) ctx.out.line(`  - ${i.kind} ${i.name} ${ctx.out.style('dim', `(${i.why}${options.all ? `, lab ${i.lab}` : ''})`)}`);
    }
    for (const k of kept) ctx.out.line(ctx.out.style('dim', `  kept: ${k.object} (it existed before the lab started)`));
    ctx.out.line(`${labs.length === 1 ? `Lab ${labs[0]!.id}` : `${labs.length} labs`} will start again; hints and solutions already seen still count.`);
  }
  if (!options.yes) {
    const ok = await confirm(ctx, 'Go ahead?');
    if (!ok) {
      if (options.json) ctx.out.json({ reset: false, planned: items, kept, reason: 'not confirmed (use --yes)' });
      else ctx.out.line(ctx.interactive ? 'Nothing changed.' : 'Nothing changed: add --yes to reset without being asked.');
      return 1;
    }
  }
  const failures = await learner.applyReset(plans);
  if (options.json) ctx.out.json({ reset: true, removed: items.filter((i) => !failures.some((f) => f.item.id === i.id)), kept, failures: failures.map((f) => ({ ...f.item, error: f.error })) });
  else {
    for (const f of failures) ctx.out.error(`could not remove ${f.item.kind} ${f.item.name}: ${f.error}`);
    ctx.out.line(failures.length ? 'Reset finished with problems (see above).' : 'Reset done.');
  }
  return failures.length ? 1 : 0;
}
