import type { CourseFile, LabFrontMatter, LessonFrontMatter, QuizFile } from './schema.js';

export interface Located {
  /** Path relative to the course directory, e.g. "labs/pull-hello-world.md". */
  file: string;
}

export interface Lesson extends LessonFrontMatter, Located {
  body: string;
  bodyLine: number;
}

export interface Lab extends LabFrontMatter, Located {
  body: string;
  /** The file's line where `body` starts (after the front matter). */
  bodyLine?: number;
  /** Absolute path of the starter folder, when the lab ships one. */
  starterDir?: string;
}

export interface Quiz extends QuizFile, Located {}

export type Module = CourseFile['modules'][number] & { lessons: Lesson[] };

export interface Course {
  dir: string;
  /** True for the course shipped in the package; false for `--course DIR`. */
  bundled: boolean;
  meta: CourseFile;
  modules: Module[];
  lessons: Lesson[];
  labs: Lab[];
  quizzes: Quiz[];
}

export interface CourseIssue {
  file: string;
  line?: number;
  field?: string;
  message: string;
}

export function formatIssue(issue: CourseIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}` : issue.file;
  return `${where}${issue.field ? ` ${issue.field}` : ''}: ${issue.message}`;
}
