/**
 * Scoring, kept deliberately simple so learners can predict it:
 * a passed lab earns its points, minus 10% for each hint revealed (at most 50% off),
 * and half of what is left if the solution was revealed. Quizzes earn their points
 * times the share of questions answered right. Nothing is earned until a lab passes.
 */
import type { LabProgress, QuizProgress } from './schema.js';

export function labScore(points: number, progress: Pick<LabProgress, 'status' | 'hintsRevealed' | 'solutionRevealed'>): number {
  if (progress.status !== 'passed') return 0;
  const afterHints = points * (1 - Math.min(0.5, 0.1 * progress.hintsRevealed));
  return Math.round(progress.solutionRevealed ? afterHints / 2 : afterHints);
}

export function quizScore(points: number, questionIds: readonly string[], progress: QuizProgress | undefined): number {
  if (!progress || questionIds.length === 0) return 0;
  const right = questionIds.filter((id) => progress.answers[id]?.correct).length;
  return Math.round((points * right) / questionIds.length);
}
