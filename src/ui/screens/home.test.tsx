import { afterEach, describe, expect, it } from 'vitest';
import { FakeServices } from '../testing/fake-services.js';
import { courseSummary, labDoc, lessonDoc } from '../testing/fixtures.js';
import { frameFits, renderApp, type Harness } from '../testing/harness.js';

let app: Harness | undefined;
afterEach(() => app?.unmount());

describe('the course map', () => {
  it('shows modules, lessons, labs and quizzes with their state and scores, and the engine in the status bar', async () => {
    app = renderApp(new FakeServices({ summary: courseSummary() }));
    const frame = await app.waitFor('1. Images');
    expect(frame).toContain('Docker Dojo  v1.2.3');
    expect(frame).toContain('labs 1/2 · lessons 1/2 · 10/25 pts');
    expect(frame).toMatch(/✔ What is an image\?\s+read/);
    expect(frame).toMatch(/✔ lab {2}Pull your first image\s+10\/10 pts/);
    expect(frame).toMatch(/◐ lab {2}Tag an image\s+0\/10 pts/);
    expect(frame).toMatch(/○ quiz Images\s+0\/3 right/);
    expect(frame).toContain('(no lessons yet)');
    expect(app.lines().at(-1)).toMatch(/^● Docker 27\.0\.0 · unix:\/\/\/var\/run\/docker\.sock\s+\? help · Ctrl-C quit$/);
    expect(frameFits(frame)).toMatchObject({ ok: true });
  });

  it('marks an optional module, and says the course is finished while its deep dive is still open', async () => {
    const base = courseSummary();
    const deep = { id: 'deep', title: 'Engine internals', optional: true, lessons: [{ id: 'deep-one', title: 'The shim', summary: '', read: false, labs: [] }] };
    app = renderApp(new FakeServices({ summary: { ...base, modules: [...base.modules, deep], coreDone: true, next: { kind: 'lesson', id: 'deep-one', title: 'The shim' } } }));
    const frame = await app.waitFor('4. Engine internals');
    expect(frame).toMatch(/4\. Engine internals\s+optional/);
    expect(frame).toContain('You finished the course; the optional deep dive is still open.');
    expect(frame).toContain('▶ Continue: The shim (lesson)');
  });

  it('starts on "continue" and Enter opens what summary.next names', async () => {
    const services = new FakeServices({ summary: courseSummary(), labs: { 'tag-it': labDoc({ id: 'tag-it', title: 'Tag an image' }) } });
    app = renderApp(services);
    await app.waitFor('› ▶ Continue: Tag an image (lab)');
    await app.press('enter');
    await app.waitFor('Lab Tag an image');
    expect(app.ui.get().stack.map((r) => r.kind)).toEqual(['home', 'lab']);
  });

  it('moves the selection with arrows and j/k, skipping headings, and opens the selected lesson', async () => {
    const services = new FakeServices({ summary: courseSummary(), lessons: { 'images-intro': lessonDoc('Layers all the way down.', { id: 'images-intro', title: 'What is an image?' }) } });
    app = renderApp(services);
    await app.waitFor('Continue');
    await app.press('down');
    await app.waitFor('  › ✔ What is an image?');
    await app.press('j', 'k');
    await app.waitFor('  › ✔ What is an image?');
    await app.press('enter');
    await app.waitFor('Layers all the way down.');
    await app.press('q');
    await app.waitFor('  › ✔ What is an image?');
  });

  it('q quits from the map; Ctrl-C quits from anywhere', async () => {
    app = renderApp(new FakeServices({ summary: courseSummary() }));
    await app.waitFor('Continue');
    await app.press('q');
    expect(app.exits).toEqual([0]);
    await app.press('ctrl-c');
    expect(app.exits).toEqual([0, 130]);
  });

  it('? shows the keys of the screen, and Esc closes the help', async () => {
    app = renderApp(new FakeServices({ summary: courseSummary() }));
    await app.waitFor('Continue');
    await app.press('?');
    const help = await app.waitFor('Keys on this screen');
    expect(help).toMatch(/c\s+continue where you left off/);
    expect(help).toMatch(/Ctrl-C\s+stop a running command; otherwise quit/);
    await app.press('escape');
    await app.waitFor('Continue');
    expect(app.frame()).not.toContain('Keys on this screen');
  });

  it('says when the engine is lost and keeps showing the map', async () => {
    const services = new FakeServices({ summary: courseSummary() });
    app = renderApp(services);
    await app.waitFor('Continue');
    services.setEngine({ state: 'lost', line: 'The Docker engine is not running.', attempt: 1, retryInMs: 2000 });
    await app.waitFor('✘ no engine (retry in 2 s): The Docker engine is not');
    services.setEngine({ state: 'reconnecting', line: 'reconnecting', attempt: 2 });
    await app.waitFor('engine lost · reconnecting (attempt 2)');
    expect(app.frame()).toContain('1. Images');
  });

  it('scrolls a long map so the selection stays visible, within 24 rows', async () => {
    const summary = courseSummary({
      modules: Array.from({ length: 12 }, (_, m) => ({
        id: `m${m}`,
        title: `Module ${m + 1}`,
        optional: false,
        lessons: [{ id: `l${m}`, title: `Lesson ${m + 1}`, summary: '', read: false, labs: [] }],
      })),
      next: { kind: 'lesson', id: 'l0', title: 'Lesson 1' },
    });
    app = renderApp(new FakeServices({ summary }));
    await app.waitFor('Module 1');
    await app.press('G');
    const frame = await app.waitFor('  › ○ Lesson 12');
    expect(frame).not.toContain('Module 1\n');
    expect(frameFits(frame)).toMatchObject({ ok: true });
  });
});
