import { afterAll, describe, expect, it } from 'vitest';
import { loadCourse, readCourse } from './load.js';
import { closest } from './suggest.js';
import { formatIssue } from './model.js';
import { LAB, LESSON, removeWrittenCourses, writeCourse } from './testing/course-files.js';

const course = (files: Record<string, string | Buffer | null>) => writeCourse(files);
afterAll(removeWrittenCourses);

const issuesOf = async (files: Record<string, string | Buffer | null>) => (await readCourse(course(files))).issues.map(formatIssue);

describe('loading a course', () => {
  it('a well-formed course loads with modules, lessons and labs linked', async () => {
    const c = await loadCourse(course({}));
    expect(c.modules[0]!.lessons.map((l) => l.id)).toEqual(['intro']);
    expect(c.labs[0]!.checks[0]).toEqual({ kind: 'container-running', container: 'web' });
    expect(c.labs[0]!.points).toBe(10);
  });

  it('an unknown check kind names the file, the line, the field and the closest kind', async () => {
    const issues = await issuesOf({ 'labs/first.md': LAB.replace('container-running', 'container-runing') });
    expect(issues.filter((i) => i.startsWith('labs/first.md'))).toHaveLength(1);
    expect(issues[0]).toMatch(/^labs\/first\.md:6 checks\[0\]\.kind: unknown check kind "container-runing" \(did you mean "container-running"\?\)/);
  });

  it('a wrong type points at the line of the field', async () => {
    const issues = await issuesOf({ 'labs/first.md': LAB.replace('title: First', 'title: First\npoints: lots') });
    expect(issues[0]).toBe("labs/first.md:4 points: expected a number, found \"lots\"");
  });

  it('a missing required field says it is required', async () => {
    const issues = await issuesOf({ 'labs/first.md': LAB.replace('solution:\n  - docker run -d --name web nginx:1.27-alpine\n', '') });
    expect(issues.join('\n')).toMatch(/labs\/first\.md:\d+ solution: is required/);
  });

  it('unknown fields are errors, so typos do not silently do nothing', async () => {
    const issues = await issuesOf({ 'labs/first.md': LAB.replace('title: First', 'title: First\nhint: oops') });
    expect(issues.join('\n')).toContain('unknown field "hint"');
  });

  it('duplicate ids and dangling references are errors', async () => {
    const issues = await issuesOf({
      'lessons/02-again.md': LESSON.replace('order: 1', 'order: 2').replace('labs: [first]', 'labs: [frist]').replace('quiz: first-quiz', 'quiz: nope'),
    });
    expect(issues.join('\n')).toContain('duplicate id "intro"');
    expect(issues.join('\n')).toContain('lab "frist" does not exist (did you mean "first"?)');
    expect(issues.join('\n')).toContain('quiz "nope" does not exist');
  });

  it('ids with path separators or dots are refused', async () => {
    const issues = await issuesOf({ 'labs/first.md': LAB.replace('id: first', 'id: ../etc/passwd') });
    expect(issues.join('\n')).toMatch(/id: must be lowercase letters, digits and dashes/);
  });

  it('invalid YAML, missing front matter and empty files are reported, not thrown', async () => {
    const issues = await issuesOf({
      'labs/first.md': '---\nid: [unclosed\n---\n',
      'labs/second.md': 'no front matter',
      'labs/third.md': '',
    });
    expect(issues.join('\n')).toMatch(/labs\/first\.md:\d+: invalid YAML/);
    expect(issues.join('\n')).toContain('labs/second.md:1: the file must start with YAML front matter');
    expect(issues.join('\n')).toContain('labs/third.md:1: the file is empty');
  });

  it('a YAML alias bomb is refused instead of expanding', async () => {
    const bomb = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]', '---', ''].join('\n');
    const issues = await issuesOf({ 'labs/first.md': bomb });
    expect(issues.join('\n')).toMatch(/labs\/first\.md.*(alias|Excessive)/i);
  });

  it('non-UTF-8 bytes and enormous files are refused with a clear message', async () => {
    const issues = await issuesOf({
      'labs/first.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]),
      'lessons/02-big.md': '---\n' + 'x'.repeat(600 * 1024),
    });
    expect(issues.join('\n')).toContain('labs/first.md: the file is not valid UTF-8 text');
    expect(issues.join('\n')).toMatch(/lessons\/02-big\.md: the file is \d+ KiB/);
  });

  it('loadCourse refuses a broken course and points to lint', async () => {
    await expect(loadCourse(course({ 'course.yaml': 'id: t\n' }))).rejects.toThrow(/problem.*\n.*course\.yaml/);
  });

  it('suggests the closest id for a typo', () => {
    expect(closest('pul-hello-world', ['pull-hello-world', 'run-nginx'])).toBe('pull-hello-world');
    expect(closest('zzz', ['pull-hello-world'])).toBeUndefined();
  });
});
