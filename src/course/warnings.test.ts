import { describe, expect, it } from 'vitest';
import type { Course } from './model.js';
import { readCourse } from './load.js';
import { courseWarnings } from './warnings.js';

const course = (lessonBody: string, questions: Course['quizzes'][number]['questions'] = []): Course =>
  ({
    dir: '/c',
    bundled: false,
    meta: { id: 'c', title: 'C', version: '1.0.0', modules: [], renamed: {} },
    modules: [],
    lessons: [{ id: 'l', title: 'L', module: 'm', order: 1, summary: 's', labs: [], file: 'lessons/01-l.md', body: lessonBody, bodyLine: 5 }],
    labs: [],
    quizzes: questions.length ? [{ id: 'q', title: 'Q', lesson: 'l', points: 5, questions, file: 'quizzes/q.yaml' }] : [],
  }) as Course;

describe('lint warnings', () => {
  it('warn on a code line wider than 76 columns, with its line in the file, and not on prose', () => {
    const wide = 'x'.repeat(77);
    const warnings = courseWarnings(course(`Intro ${'y'.repeat(120)}\n\n\`\`\`text\n${'z'.repeat(76)}\n${wide}\n\`\`\`\n`));
    expect(warnings).toEqual([{ file: 'lessons/01-l.md', line: 9, message: expect.stringContaining('77 columns wide') }]);
  });

  it('warn on a quiz that reads the engine more than once', () => {
    const live = (id: string) => ({ id, prompt: 'p', live: { fact: 'cpus' as const }, explanation: 'e' });
    expect(courseWarnings(course('', [live('a')]))).toEqual([]);
    expect(courseWarnings(course('', [live('a'), live('b')]))[0]?.message).toMatch(/2 questions read the engine \(a, b\)/);
  });

  it('warn on a lab whose text sends the learner to its folder when the lab has none', () => {
    const lab = (extra: object) => ({ id: 'compose-x', title: 'X', lesson: 'l', file: 'labs/compose-x.md', body: 'In your lab folder, `~/docker-dojo/compose-x/`, write compose.yaml.', bodyLine: 3, workspace: false, ...extra });
    const withLab = (extra: object) => ({ ...course(''), labs: [lab(extra)] }) as unknown as Course;
    expect(courseWarnings(withLab({}))).toEqual([{ file: 'labs/compose-x.md', field: 'workspace', message: expect.stringContaining('add workspace: true') }]);
    expect(courseWarnings(withLab({ workspace: true }))).toEqual([]);
    expect(courseWarnings(withLab({ starter: 'compose-x' }))).toEqual([]);
  });

  it('the shipped course has none: every code line fits 80 columns', async () => {
    const { course: shipped } = await readCourse(new URL('../../', import.meta.url).pathname, { bundled: true });
    expect(courseWarnings(shipped).map((w) => `${w.file}:${w.line} ${w.message}`)).toEqual([]);
  });
});
