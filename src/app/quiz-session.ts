/** The app's quizzes: a quiz with the learner's earlier answers, and answering (live questions read the engine). */
import type { Learner } from '../learner/learner.js';
import type { ProgressStore } from '../progress/store.js';
import { earnsCredit } from '../progress/score.js';
import type { AnswerVerdict, ItemRef, QuizDoc } from './api.js';
import type { Track } from './pending-writes.js';

export class QuizSession {
  constructor(private readonly deps: { learner: Learner; store: ProgressStore; track: Track; remember(kind: ItemRef['kind'], id: string): void }) {}

  async quiz(id: string): Promise<QuizDoc> {
    const quiz = this.deps.learner.quiz(id);
    this.deps.remember('quiz', quiz.id);
    const answers = this.deps.store.read().quizzes[quiz.id]?.answers ?? {};
    return {
      id: quiz.id,
      title: quiz.title,
      lessonId: quiz.lesson,
      points: quiz.points,
      questions: quiz.questions.map((q) =>
        'choices' in q
          ? { id: q.id, prompt: q.prompt, kind: 'choice' as const, choices: q.choices }
          : 'live' in q
            ? { id: q.id, prompt: q.prompt, kind: 'live' as const }
            : { id: q.id, prompt: q.prompt, kind: 'typed' as const },
      ),
      answers: Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, { answer: a.answer, correct: a.correct, credit: earnsCredit(a) }])),
    };
  }

  answer(quizId: string, questionId: string, answer: string): Promise<AnswerVerdict> {
    const { learner, track } = this.deps;
    return track(learner.answer(learner.quiz(quizId), questionId, answer));
  }
}
