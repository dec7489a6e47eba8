import { UsageError } from '../errors.js';
import { findQuestion } from '../learner/find.js';
import type { Context } from './context.js';
import { mark } from './output.js';
import { earnsCredit } from '../progress/score.js';
import { answerParagraphs } from '../ui/sentences.js';

export async function quizCommand(ctx: Context, id: string, questionId: string | undefined, answer: string | undefined, options: { json?: boolean }): Promise<number> {
  const learner = await ctx.learner();
  const quiz = learner.quiz(id);
  const answers = learner.store.read().quizzes[quiz.id]?.answers ?? {};
  if (!questionId) {
    if (options.json) {
      ctx.out.json({ quiz: quiz.id, title: quiz.title, questions: quiz.questions.map((q) => ({ id: q.id, prompt: q.prompt, choices: 'choices' in q ? q.choices : null, live: 'live' in q, answered: Boolean(answers[q.id]), correct: answers[q.id]?.correct ?? null, credit: answers[q.id] ? earnsCredit(answers[q.id]) : null })) });
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
  const question = findQuestion(quiz, questionId);
  if (answer === undefined || answer.trim() === '') throw new UsageError('Give your answer after the question id.', `Example: docker-dojo quiz ${quiz.id} ${question.id} 2`);
  const verdict = await learner.answer(quiz, question.id, answer);
  if (options.json) ctx.out.json({ quiz: quiz.id, question: question.id, ...verdict });
  else {
    ctx.out.paragraphs(answerParagraphs(verdict));
  }
  return verdict.correct ? 0 : 1;
}
