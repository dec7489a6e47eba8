/**
 * A small valid course for loader tests, written to a temporary folder with any file replaced
 * (or left out with null). Tests only; nothing at run time imports this.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const COURSE = 'id: t\ntitle: T\nversion: 1.0.0\nmodules:\n  - id: basics\n    title: Basics\n';
export const LESSON = '---\nid: intro\ntitle: Intro\nmodule: basics\norder: 1\nsummary: Hi.\nlabs: [first]\nquiz: first-quiz\n---\n# Intro\n';
export const LAB = [
  '---',
  'id: first',
  'title: First',
  'lesson: intro',
  'checks:',
  '  - kind: container-running',
  '    container: web',
  'hints: [Use docker run -d.]',
  'solution:',
  '  - docker run -d --name web nginx:1.27-alpine',
  'cleanup:',
  '  containers: [web]',
  '---',
  'Run a container named web.',
  '',
].join('\n');
export const QUIZ = 'id: first-quiz\ntitle: Q\nlesson: intro\nquestions:\n  - id: verb\n    prompt: Which verb?\n    accept: [run]\n    explanation: docker run.\n';

export const BASE_COURSE: Readonly<Record<string, string>> = { 'course.yaml': COURSE, 'lessons/01-intro.md': LESSON, 'labs/first.md': LAB, 'quizzes/first-quiz.yaml': QUIZ };

const written: string[] = [];

/** The base course with some files replaced (null leaves one out); returns its folder. */
export function writeCourse(files: Record<string, string | Uint8Array | null> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dojo-course-'));
  written.push(dir);
  for (const [file, content] of Object.entries({ ...BASE_COURSE, ...files })) {
    if (content === null) continue;
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** Removes the folders writeCourse made (for afterEach/afterAll). */
export function removeWrittenCourses(): void {
  for (const dir of written.splice(0)) rmSync(dir, { recursive: true, force: true });
}
