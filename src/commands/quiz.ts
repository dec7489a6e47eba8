import type { Context } from './context.js';
import { findQuiz } from './context.js';
import { UsageError } from '../errors.js';
import { gradeAnswer } from '../course/answers.js';
import { suggest } from '../course/suggest.js';
import { mark } from './output.js';

export async function quizCommand(ctx: Context, id: string, questionId: string | undefined, answer: string | undefined, options: { json?: boolean }): Promise<number> {
  const quiz = findQuiz(await ctx.course(), id);
  const store = ctx.store();
  const answers = store.read().quizzes[quiz.id]?.answers ?? {};
  if (!questionId) {
    if (options.json) {
      ctx.out.json({ quiz: quiz.id, title: quiz.title, questions: quiz.questions.map((q) => ({ id: q.id, prompt: q.prompt, choices: 'choices' in q ? q.choices : null, live: 'live' in q, answered: Boolean(answers[q.id]), correct: answers[q.id]?.correct ?? null })) });
      return 0;
    }
    ctx.out.line(ctx.out.style('bold', quiz.title));
    for (const q of quiz.questions) {
      const state = answers[q.id] ? mark(ctx.out, answers[q.id]!.correct) : ctx.out.style('dim', '○');
      ctx.out.line(`\n${state} [${q.id}] ${q.prompt}`);
      if ('choices' in q) q.choices.forEach((c, i) => ctx.out.line(`    ${i + 1}. ${c}`));
    }
    ctx.out.line(`\nAnswer with: docker-dojo quiz ${quiz.id} QUESTION ANSWER`);
    return 0;
  }
  const question = quiz.questions.find((q) => q.id === questionId);
  if (!question) throw new UsageError(`Quiz ${quiz.id} has no question "${questionId}"${suggest(questionId, quiz.questions.map((q) => q.id))}.`, `List them: docker-dojo quiz ${quiz.id}`);
  if (answer === undefined || answer.trim() === '') throw new UsageError('Give your answer after the question id.', `Example: docker-dojo quiz ${quiz.id} ${question.id} 2`);
  let live: string | undefined;
  if ('live' in question) {
    const { client } = await ctx.engine();
    const { readLiveFact } = await import('../engine/live.js');
    live = await readLiveFact(client, question.live);
  }
  const verdict = gradeAnswer(question, answer, live);
  await store.update((p) => {
    const entry = (p.quizzes[quiz.id] ??= { answers: {} });
    entry.answers[question.id] = { answer, correct: verdict.correct, at: store.now().toISOString() };
  });
  if (options.json) ctx.out.json({ quiz: quiz.id, question: question.id, ...verdict });
  else {
    ctx.out.line(`${mark(ctx.out, verdict.correct)} ${verdict.correct ? 'Right.' : `Not quite — the answer is ${verdict.expected}.`}`);
    ctx.out.line(verdict.explanation);
  }
  return verdict.correct ? 0 : 1;
}
