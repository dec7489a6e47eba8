/** Small, readable data for view tests. */
import type { CourseSummary, EngineMap, ImageStack, LabDoc, LessonDoc, QuizDoc, Verdict } from '../../app/api.js';

export function courseSummary(overrides: Partial<CourseSummary> = {}): CourseSummary {
  return {
    course: { id: 'dojo', title: 'Docker Dojo', version: '1.2.3' },
    modules: [
      {
        id: 'images',
        title: 'Images',
        optional: false,
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
            quiz: { id: 'images-quiz', title: 'Images', state: 'not-started', points: 5, score: 0, answered: 0, correct: 0, credited: 0, questions: 3 },
          },
        ],
      },
      {
        id: 'containers',
        title: 'Containers',
        optional: false,
        lessons: [{ id: 'run-intro', title: 'Running containers', summary: 'docker run.', read: false, labs: [] }],
      },
      { id: 'swarm', title: 'Swarm', optional: false, lessons: [] },
    ],
    score: 10,
    maxScore: 25,
    labsPassed: 1,
    labsTotal: 2,
    lessonsRead: 1,
    lessonsTotal: 2,
    quizzesPassed: 0,
    quizzesTotal: 1,
    next: { kind: 'lab', id: 'tag-it', title: 'Tag an image' },
    coreDone: false,
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

/** An engine as a learner's laptop reports it, with `running` containers up. */
export function engineMap(running = 2, overrides: Partial<EngineMap> = {}): EngineMap {
  const names = ['web', 'db', 'cache', 'queue', 'worker', 'proxy', 'metrics', 'search', 'mail', 'cron'];
  return {
    endpoint: 'unix:///var/run/docker.sock',
    server: { version: '27.3.1', apiVersion: '1.47', os: 'linux', arch: 'amd64', kernel: '6.8.0-49-generic', operatingSystem: 'Ubuntu 24.04.1 LTS' },
    containerd: '1.7.22',
    runc: '1.1.14',
    dockerInit: '0.19.0',
    defaultRuntime: 'runc',
    shim: 'containerd-shim-runc-v2',
    runtimes: ['io.containerd.runc.v2', 'runc'],
    storageDriver: 'overlay2',
    cgroupDriver: 'systemd',
    containers: { running, paused: 0, stopped: 3 },
    images: 12,
    running: Array.from({ length: running }, (_, i) => ({ id: `c0ffee${i}`.padEnd(12, '0'), name: names[i % names.length]! + (i >= names.length ? `-${i}` : ''), image: i % 2 ? 'postgres:16' : 'nginx:1.27-alpine', status: 'Up 5 minutes' })),
    ...overrides,
  };
}

const layer = (diffId: string, size: number, createdBy: string) => ({ diffId: `sha256:${diffId}`.padEnd(71, '0'), size, createdBy });

/** alpine:3.20 and an nginx image built on it (its bottom layer is alpine's). */
export function imageStacks(): Record<string, ImageStack> {
  const base = layer('1d76c9f744d8', 7_800_000, 'ADD alpine-minirootfs-3.20.6-x86_64.tar.gz /');
  return {
    'alpine:3.20': { ref: 'alpine:3.20', present: true, id: 'sha256:1caac6337556', size: 7_800_000, layers: [base], cmd: ['/bin/sh'] },
    'nginx:1.27-alpine': {
      ref: 'nginx:1.27-alpine',
      present: true,
      id: 'sha256:8803c84641f8',
      size: 48_300_000,
      layers: [
        base,
        layer('a1b2c3d4e5f6', 39_400_000, 'RUN set -x && addgroup -g 101 -S nginx && adduser -S -D -H -u 101 nginx && apk add --no-cache nginx'),
        layer('b2c3d4e5f6a1', 1_620, 'COPY docker-entrypoint.sh /'),
        layer('c3d4e5f6a1b2', 2_120, 'COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d'),
      ],
      cmd: ['nginx', '-g', 'daemon off;'],
    },
  };
}
