/** Grading a quiz answer. Pure: live questions get their expected value passed in. */
import { normalize, sameMeaning } from './meaning.js';
import type { Question } from './schema.js';

export interface AnswerVerdict {
  correct: boolean;
  /** The right answer, as the learner should read it. */
  expected: string;
  explanation: string;
}

/**
 * The choice an answer names: its number (from 1), its letter, or its text. Undefined when it
 * names none of them, which is a usage error, not a wrong answer.
 */
export function pickChoice(choices: readonly string[], answer: string): number | undefined {
  const typed = answer.trim();
  const index = /^\d+$/.test(typed) ? Number(typed) - 1 : /^[a-z]$/i.test(typed) ? typed.toLowerCase().charCodeAt(0) - 97 : choices.findIndex((c) => normalize(c) === normalize(typed));
  return index >= 0 && index < choices.length ? index : undefined;
}

export function gradeAnswer(question: Question, answer: string, live?: string): AnswerVerdict {
  if ('choices' in question) {
    const chosen = pickChoice(question.choices, answer) ?? -1;
    return { correct: chosen === question.answer, expected: `${question.answer + 1}. ${question.choices[question.answer]}`, explanation: question.explanation };
  }
  if ('accept' in question) {
    return { correct: question.accept.some((a) => sameMeaning(answer, a)), expected: question.accept[0]!, explanation: question.explanation };
  }
  const expected = live ?? '';
  const given = normalize(answer);
  const want = normalize(expected);
  // IDs may be given short (12 hex digits), with or without "sha256:".
  const idLike = /^(sha256:)?[0-9a-f]{12,64}$/.test(want);
  const correct = idLike ? given.length >= 12 && want.replace(/^sha256:/, '').startsWith(given.replace(/^sha256:/, '')) : sameMeaning(answer, expected);
  return { correct, expected, explanation: question.explanation };
}
