import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { courseFingerprint, courseIndexJson, courseStamp, openCourse, readCourseIndex } from './course-index.js';
import { readCourse } from './load.js';

const fixture = path.resolve('test/fixtures/life-course');
const copies: string[] = [];
function copyOfFixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dojo-index-'));
  cpSync(fixture, dir, { recursive: true });
  copies.push(dir);
  return dir;
}
afterEach(() => copies.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function indexed(dir: string) {
  const { course, issues } = await readCourse(dir);
  expect(issues).toEqual([]);
  const file = path.join(dir, 'index.json');
  writeFileSync(file, courseIndexJson(course, courseFingerprint(dir)));
  return { course, file };
}

describe('the prebuilt course index', () => {
  it('gives back the same course the loader reads, starter folders resolved where the course is', async () => {
    const dir = copyOfFixture();
    const { course, file } = await indexed(dir);
    const fromIndex = readCourseIndex(file, dir, false);
    expect(fromIndex).toEqual(course);
    expect(fromIndex!.modules[0]!.lessons[0]).toBe(fromIndex!.lessons.find((l) => l.id === fromIndex!.modules[0]!.lessons[0]!.id));
  });

  it("leaves lesson bodies out and reads each from its file when asked, as the loader cuts it, CRLF included", async () => {
    const dir = copyOfFixture();
    const lessonFile = path.join(dir, 'lessons', readdirSync(path.join(dir, 'lessons'))[0]!);
    writeFileSync(lessonFile, readFileSync(lessonFile, 'utf8').replace(/\n/g, '\r\n'));
    const { course, file } = await indexed(dir);
    expect(JSON.parse(readFileSync(file, 'utf8')).lessons.some((l: object) => 'body' in l)).toBe(false);
    const fromIndex = readCourseIndex(file, dir, false)!;
    for (const lesson of course.lessons) expect(fromIndex.lessons.find((l) => l.id === lesson.id)!.body).toBe(lesson.body);

    const shipped = path.resolve('.');
    const { course: real } = await readCourse(shipped);
    const realIndex = path.join(dir, 'shipped-index.json');
    writeFileSync(realIndex, courseIndexJson(real, courseFingerprint(shipped)));
    const realFromIndex = readCourseIndex(realIndex, shipped, true)!;
    expect(realFromIndex.lessons.map((l) => l.body)).toEqual(real.lessons.map((l) => l.body));
  });

  it('says which lesson file is gone when a body can no longer be read', async () => {
    const dir = copyOfFixture();
    const { file } = await indexed(dir);
    const fromIndex = readCourseIndex(file, dir, false)!;
    const lesson = fromIndex.lessons[0]!;
    rmSync(path.join(dir, lesson.file));
    expect(() => lesson.body).toThrow(new RegExp(`The lesson file .*${path.basename(lesson.file)} could not be read`));
  });

  it('is ignored once a course file changes, a file is added or removed, another build wrote it, or it is not an index', async () => {
    const dir = copyOfFixture();
    const { file } = await indexed(dir);
    appendFileSync(path.join(dir, 'labs', 'life-web.md'), '\nOne more line.\n');
    expect(readCourseIndex(file, dir, false)).toBeUndefined();

    const second = copyOfFixture();
    const again = await indexed(second);
    writeFileSync(path.join(second, 'labs', 'extra.md'), '---\nid: extra\n---\n');
    expect(readCourseIndex(again.file, second, false)).toBeUndefined();

    rmSync(path.join(second, 'labs', 'extra.md'));
    expect(readCourseIndex(again.file, second, false)).toBeDefined();
    const written = JSON.parse(readFileSync(again.file, 'utf8'));
    writeFileSync(again.file, JSON.stringify({ ...written, writer: 'another build' }));
    expect(readCourseIndex(again.file, second, false)).toBeUndefined();
    writeFileSync(again.file, '{"writer": "1/dev", "fingerprint": ');
    expect(readCourseIndex(again.file, second, false)).toBeUndefined();
    expect(readCourseIndex(path.join(second, 'missing.json'), second, false)).toBeUndefined();
  });

  it('an index stamped from the same files is used without reading them; a changed stamp falls back to the fingerprint', async () => {
    const dir = copyOfFixture();
    const { course } = await readCourse(dir);
    const file = path.join(dir, 'index.json');
    const stamped = (fingerprint: string) => writeFileSync(file, courseIndexJson(course, fingerprint, courseStamp(dir)));
    // A wrong fingerprint shows which check decided: the stamp alone.
    stamped('not the fingerprint');
    expect(readCourseIndex(file, dir, false)?.labs).toEqual(course.labs);

    // Touched, same bytes: the stamp no longer matches, the fingerprint still does.
    stamped(courseFingerprint(dir));
    const lab = path.join(dir, 'labs', 'life-web.md');
    const { atime, mtime } = statSync(lab);
    utimesSync(lab, atime, new Date(mtime.getTime() + 5000));
    expect(readCourseIndex(file, dir, false)).toBeDefined();

    // Edited to the same size with its modification time put back: the change time still tells.
    stamped(courseFingerprint(dir));
    const before = statSync(lab);
    writeFileSync(lab, readFileSync(lab, 'utf8').replace('web', 'bew'));
    expect(statSync(lab).size).toBe(before.size);
    utimesSync(lab, before.atime, before.mtime);
    expect(readCourseIndex(file, dir, false)).toBeUndefined();

    // A file or a starter folder added.
    const other = copyOfFixture();
    const { course: otherCourse } = await readCourse(other);
    const otherIndex = path.join(other, 'index.json');
    writeFileSync(otherIndex, courseIndexJson(otherCourse, 'not the fingerprint', courseStamp(other)));
    mkdirSync(path.join(other, 'labs', 'starters', 'new-one'), { recursive: true });
    expect(readCourseIndex(otherIndex, other, false)).toBeUndefined();
    rmSync(path.join(other, 'labs', 'starters', 'new-one'), { recursive: true });
    expect(readCourseIndex(otherIndex, other, false)).toBeDefined();
    writeFileSync(path.join(other, 'quizzes', 'extra.yaml'), 'id: extra\n');
    expect(readCourseIndex(otherIndex, other, false)).toBeUndefined();
  });

  it('the index the build ships is stamped', () => {
    const shipped = path.resolve('.');
    const index = JSON.parse(readFileSync(path.join(shipped, 'dist', 'course-index.json'), 'utf8')) as { stamp?: string };
    expect(index.stamp).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a stale index never hides a problem: loading reads the files and reports it', async () => {
    const dir = copyOfFixture();
    const { file } = await indexed(dir);
    writeFileSync(path.join(dir, 'labs', 'life-web.md'), '---\nid: life-web\n---\n');
    await expect(openCourse(dir, { index: file })).rejects.toThrow(/life-web\.md/);
  });

  it('a course outside the package is indexed into a cache on first load and read from it while unchanged', async () => {
    const dir = copyOfFixture();
    const cacheFile = path.join(dir, 'cache', 'course.json');
    const first = await openCourse(dir, { cacheFile });
    expect(readCourseIndex(cacheFile, dir, false)).toEqual(first);
    appendFileSync(path.join(dir, 'lessons', '01-web.md'), '\nA new paragraph.\n');
    const second = await openCourse(dir, { cacheFile });
    expect(second.lessons[0]!.body).toContain('A new paragraph.');
    expect(readCourseIndex(cacheFile, dir, false)).toEqual(second);
  });

  it('a course folder that cannot be read gets the loader\'s own message, not a file-system error', async () => {
    const dir = copyOfFixture();
    await expect(openCourse(path.join(dir, 'missing'), { cacheFile: path.join(dir, 'cache.json') })).rejects.toThrow(/No course directory at/);
    rmSync(path.join(dir, 'course.yaml'));
    await expect(openCourse(dir, { cacheFile: path.join(dir, 'cache.json') })).rejects.toThrow(/course\.yaml: the file is missing/);
  });

  it('lessons linked in from elsewhere are read, and a dangling link is reported', async () => {
    const dir = copyOfFixture();
    const shared = mkdtempSync(path.join(tmpdir(), 'dojo-shared-'));
    copies.push(shared);
    const lesson = path.join(dir, 'lessons', '01-web.md');
    renameSync(lesson, path.join(shared, '01-web.md'));
    symlinkSync(path.join(shared, '01-web.md'), lesson);
    const cacheFile = path.join(dir, 'cache.json');
    const course = await openCourse(dir, { cacheFile });
    expect(course.lessons.map((l) => l.file)).toContain('lessons/01-web.md');
    expect(readCourseIndex(cacheFile, dir, false)).toEqual(course);

    symlinkSync(path.join(shared, 'gone.md'), path.join(dir, 'lessons', '02-gone.md'));
    await expect(openCourse(dir, { cacheFile })).rejects.toThrow(/lessons\/02-gone\.md: the file is missing/);
  });
});

