import { statSync, type Dirent } from 'node:fs';
import path from 'node:path';

/** Course files are small; anything larger is a mistake (or an attack) and is refused unread. */
export const MAX_COURSE_FILE_BYTES = 512 * 1024;

/**
 * Files the loader reads: plain files, and symbolic links to plain files (an instructor may
 * link lessons shared between courses). A dangling link is kept, so the loader reports it.
 */
export function isCourseFile(dir: string, entry: Dirent): boolean {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return !statSync(path.join(dir, entry.name)).isDirectory();
  } catch {
    return true;
  }
}

/** A Markdown file's body: its lines from `bodyLine` (the one after the front matter), joined with "\n". */
export function bodyFrom(lines: readonly string[], bodyLine: number): string {
  return lines.slice(bodyLine - 1).join('\n');
}

/** A course file's text as lines, whichever line endings it uses. */
export const textLines = (text: string): string[] => text.split(/\r?\n/);
