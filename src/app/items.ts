import path from 'node:path';
import type { Course } from '../course/model.js';
import type { ItemRef } from './api.js';

/** A lesson (by id or file name), lab or quiz of the course. */
export function resolveItem(course: Course, id: string): ItemRef | undefined {
  const lesson = course.lessons.find((l) => l.id === id || path.basename(l.file, '.md') === id);
  if (lesson) return { kind: 'lesson', id: lesson.id, title: lesson.title };
  const lab = course.labs.find((l) => l.id === id);
  if (lab) return { kind: 'lab', id: lab.id, title: lab.title };
  const quiz = course.quizzes.find((q) => q.id === id);
  if (quiz) return { kind: 'quiz', id: quiz.id, title: quiz.title };
  return undefined;
}
