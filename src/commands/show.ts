import { pictureTitle, replacePictureBlocks } from '../course/pictures.js';
import type { Context } from './context.js';

export async function showCommand(ctx: Context, id: string, options: { json?: boolean }): Promise<number> {
  const learner = await ctx.learner();
  const lesson = learner.lesson(id);
  await learner.markRead(lesson);
  if (options.json) {
    ctx.out.json({ id: lesson.id, title: lesson.title, module: lesson.module, summary: lesson.summary, labs: lesson.labs, quiz: lesson.quiz ?? null, markdown: lesson.body });
    return 0;
  }
  const { out } = ctx;
  out.line(out.style('bold', lesson.title));
  out.line(out.style('dim', lesson.summary));
  out.line();
  // Pictures are drawn only by the interactive app: say where to see them.
  out.line(replacePictureBlocks(lesson.body.trim(), (spec) => `(picture: docker-dojo open ${lesson.id}, then select "Show ${pictureTitle(spec)}")`));
  if (lesson.labs.length || lesson.quiz) {
    out.line();
    for (const lab of lesson.labs) out.line(`Lab: docker-dojo check ${lab}`);
    if (lesson.quiz) out.line(`Quiz: docker-dojo quiz ${lesson.quiz}`);
  }
  return 0;
}
