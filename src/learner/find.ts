/** Finding a lesson, lab, quiz or question by the id a learner typed, with a "did you mean" when it is close. */
import path from 'node:path';
import type { Course, Lab, Lesson, Quiz } from '../course/model.js';
import type { Question } from '../course/schema.js';
import { suggest } from '../course/suggest.js';
import { UsageError } from '../errors.js';

export type ItemKind = 'lesson' | 'lab' | 'quiz';

export interface ItemRef {
  kind: ItemKind;
  id: string;
  title: string;
}

/** A lesson answers to its id and to its file's name. */
const isLesson = (lesson: Lesson, id: string) => lesson.id === id || path.basename(lesson.file, '.md') === id;

export function lookupLesson(course: Course, id: string): Lesson | undefined {
  return course.lessons.find((l) => isLesson(l, id));
}

export function findLesson(course: Course, id: string): Lesson {
  const lesson = lookupLesson(course, id);
  if (!lesson) throw new UsageError(`There is no lesson "${id}"${suggest(id, course.lessons.map((l) => l.id))}.`, 'Run `docker-dojo list` to see every lesson.');
  return lesson;
}

export function findLab(course: Course, id: string): Lab {
  const lab = course.labs.find((l) => l.id === id);
  if (!lab) throw new UsageError(`There is no lab "${id}"${suggest(id, course.labs.map((l) => l.id))}.`, 'Run `docker-dojo list` to see every lab.');
  return lab;
}

export function findQuiz(course: Course, id: string): Quiz {
  const quiz = course.quizzes.find((q) => q.id === id);
  if (!quiz) throw new UsageError(`There is no quiz "${id}"${suggest(id, course.quizzes.map((q) => q.id))}.`, 'Run `docker-dojo list` to see every quiz.');
  return quiz;
}

export function findQuestion(quiz: Quiz, id: string): Question {
  const question = quiz.questions.find((q) => q.id === id);
  if (!question) throw new UsageError(`Quiz ${quiz.id} has no question "${id}"${suggest(id, quiz.questions.map((q) => q.id))}.`, `List them: docker-dojo quiz ${quiz.id}`);
  return question;
}

/** A lesson (by id or file name), lab or quiz of the course; undefined when there is none. */
export function lookupItem(course: Course, id: string): ItemRef | undefined {
  const lesson = lookupLesson(course, id);
  if (lesson) return { kind: 'lesson', id: lesson.id, title: lesson.title };
  const lab = course.labs.find((l) => l.id === id);
  if (lab) return { kind: 'lab', id: lab.id, title: lab.title };
  const quiz = course.quizzes.find((q) => q.id === id);
  if (quiz) return { kind: 'quiz', id: quiz.id, title: quiz.title };
  return undefined;
}

export function findItem(course: Course, id: string): ItemRef {
  const item = lookupItem(course, id);
  if (item) return item;
  const ids = [...course.lessons.map((l) => l.id), ...course.labs.map((l) => l.id), ...course.quizzes.map((q) => q.id)];
  throw new UsageError(`There is no lesson, lab or quiz "${id}"${suggest(id, ids)}.`, 'Run `docker-dojo list` to see them all.');
}
