/**
 * Scoring, kept deliberately simple so learners can predict it. One rule underneath it all:
 * an answer given after the right one was shown earns no more than the first answer did.
 *
 * - A passed lab earns its points, minus 10% for each hint revealed (at most 50% off), and half
 *   of what is left if the solution was revealed. Nothing is earned until a lab passes.
 * - Help used (hints, solution) stays with the lab across resets: a reset starts the work
 *   again, not the score.
 * - A quiz earns its points times the share of questions whose first answer was right; a later
 *   answer is recorded and shown, but earns no more (the right one was shown after the first).
 * - Attempts count the learner's checks (`check`, the app's `c`) and the passes; a watcher's
 *   re-grade is not an attempt unless it is the pass.
 * - A choice that is not on the list is a usage error and records nothing.
 */
import type { LabProgress, QuizAnswer, QuizProgress } from './schema.js';

/** The rule as the learner reads it when an answer comes after the right one was shown. */
export const NO_CREDIT = 'no points this time: the first answer decides the score.';

/** Whether a question's answer earns its share: the first answer decides (older files: the only one). */
export const earnsCredit = (a: QuizAnswer | undefined): boolean => Boolean(a && (a.credit ?? a.correct));

export function labScore(points: number, progress: Pick<LabProgress, 'status' | 'hintsRevealed' | 'solutionRevealed'>): number {
  if (progress.status !== 'passed') return 0;
  const afterHints = points * (1 - Math.min(0.5, 0.1 * progress.hintsRevealed));
  return Math.round(progress.solutionRevealed ? afterHints / 2 : afterHints);
}

export function quizScore(points: number, questionIds: readonly string[], progress: QuizProgress | undefined): number {
  if (!progress || questionIds.length === 0) return 0;
  const right = questionIds.filter((id) => earnsCredit(progress.answers[id])).length;
  return Math.round((points * right) / questionIds.length);
}
