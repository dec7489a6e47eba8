/**
 * When the course changes version, progress follows renamed items and keeps everything else:
 * records of removed items stay in the file (a later version may bring them back), so nothing
 * already earned is lost.
 */
import type { CourseFile } from '../course/schema.js';
import type { ProgressFile } from './schema.js';

export interface MigrationResult {
  changed: boolean;
  moved: Array<{ from: string; to: string }>;
}

export function migrateProgress(progress: ProgressFile, course: Pick<CourseFile, 'id' | 'version' | 'renamed'>): MigrationResult {
  const moved: MigrationResult['moved'] = [];
  const recorded = progress.course;
  if (recorded && recorded.id === course.id && recorded.version === course.version) return { changed: false, moved };
  for (const [from, to] of Object.entries(course.renamed)) {
    for (const table of [progress.labs, progress.lessons, progress.quizzes] as Array<Record<string, unknown>>) {
      if (from in table && !(to in table)) {
        table[to] = table[from];
        delete table[from];
        moved.push({ from, to });
      }
    }
    if (progress.lastOpened?.id === from) progress.lastOpened.id = to;
  }
  progress.course = { id: course.id, version: course.version };
  return { changed: true, moved };
}
