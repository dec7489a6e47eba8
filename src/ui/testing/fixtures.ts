/** Small, readable data for view tests. */
import type { CourseSummary, LabDoc, LessonDoc, QuizDoc, Verdict } from '../../app/api.js';

export function courseSummary(overrides: Partial<CourseSummary> = {}): CourseSummary {
  return {
    course: { id: 'dojo', title: 'Docker Dojo', version: '1.2.3' },
    modules: [
      {
        id: 'images',
        title: 'Images',
        lessons: [
          {
            id: 'images-intro',
            title: 'What is an image?',
            summary: 'Layers and tags.',
            read: true,
            labs: [
              { id: 'pull-hello', title: 'Pull your first image', state: 'passed', points: 10, score: 10, attempts: 1, hintsRevealed: 0, solutionRevealed: false, checksPassed: 1, checksTotal: 1 },
              { id: 'tag-it', title: 'Tag an image', state: 'in-progress', points: 10, score: 0, attempts: 2, hintsRevealed: 1, solutionRevealed: false, checksPassed: 0, checksTotal: 2 },
            ],
            quiz: { id: 'images-quiz', title: 'Images', state: 'not-started', points: 5, score: 0, answered: 0, correct: 0, questions: 3 },
          },
        ],
      },
      {
        id: 'containers',
        title: 'Containers',
        lessons: [{ id: 'run-intro', title: 'Running containers', summary: 'docker run.', read: false, labs: [] }],
      },
      { id: 'swarm', title: 'Swarm', lessons: [] },
    ],
    score: 10,
    maxScore: 25,
    labsPassed: 1,
    labsTotal: 2,
    lessonsRead: 1,
    lessonsTotal: 2,
    next: { kind: 'lab', id: 'tag-it', title: 'Tag an image' },
    ...overrides,
  };
}

export function lessonDoc(markdown: string, overrides: Partial<LessonDoc> = {}): LessonDoc {
  return {
    id: 'run-intro',
    title: 'Running containers',
    moduleTitle: 'Containers',
    summary: 'docker run.',
    markdown,
    position: 0,
    read: false,
    practice: [{ kind: 'lab', id: 'tag-it', title: 'Tag an image', state: 'in-progress' }],
    cwd: '/tmp/dojo',
    ...overrides,
  };
}

export function labDoc(overrides: Partial<LabDoc> = {}): LabDoc {
  return {
    id: 'web',
    title: 'Run a web server',
    lessonId: 'run-intro',
    points: 10,
    markdown: 'Start a container named `web` from **nginx:1.27-alpine**, publishing port 8080.',
    hints: [],
    hintsTotal: 2,
    solutionRevealed: false,
    cwd: '/tmp/dojo',
    ...overrides,
  };
}

export const failing = (title: string, expected: string, found: string, hint?: string): Verdict => ({ ok: false, title, expected, found, ...(hint ? { hint } : {}) });
export const passing = (title: string): Verdict => ({ ok: true, title, expected: '', found: '' });

export function quizDoc(overrides: Partial<QuizDoc> = {}): QuizDoc {
  return {
    id: 'images-quiz',
    title: 'Images',
    lessonId: 'images-intro',
    points: 5,
    questions: [
      { id: 'layers', prompt: 'What is an image made of?', kind: 'choice', choices: ['A single file', 'Read-only layers', 'A running process'] },
      { id: 'verb', prompt: 'Which docker verb downloads an image?', kind: 'typed' },
      { id: 'kernel', prompt: 'Which kernel does your engine run?', kind: 'live' },
    ],
    answers: {},
    ...overrides,
  };
}

/** A long lesson: numbered paragraphs, a runnable block in the middle and one at the end. */
export function longLesson(paragraphs = 40): string {
  const parts = ['# Running containers', ''];
  for (let i = 1; i <= paragraphs; i++) {
    parts.push(`Paragraph ${i} says something about containers.`, '');
    if (i === Math.floor(paragraphs / 2)) parts.push('```sh run', 'docker run --name web -d nginx:1.27-alpine', '```', '');
  }
  parts.push('```sh run', 'docker run -it --rm alpine:3.20 sh', '```', '', 'The end.');
  return parts.join('\n');
}
