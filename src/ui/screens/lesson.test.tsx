import { afterEach, describe, expect, it } from 'vitest';
import { FakeServices } from '../testing/fake-services.js';
import { courseSummary, lessonDoc, longLesson } from '../testing/fixtures.js';
import { frameFits, renderApp, type Harness } from '../testing/harness.js';

let app: Harness | undefined;
afterEach(() => app?.unmount());

const open = (markdown: string, overrides = {}, options: { rows?: number; color?: boolean } = {}) => {
  const services = new FakeServices({ summary: courseSummary(), lessons: { 'run-intro': lessonDoc(markdown, overrides) } });
  app = renderApp(services, { stack: [{ kind: 'home' }, { kind: 'lesson', id: 'run-intro' }], ...options });
  return { services, app };
};

describe('the lesson reader', () => {
  it('renders Markdown: headings, wrapped paragraphs, lists, tables, quotes, links and code', async () => {
    const { app } = open(
      [
        '# Running containers',
        '',
        'A **container** is a *process* with `its own view` of the system, and this sentence is long enough to wrap onto a second line at eighty columns.',
        '',
        '- first point',
        '- second point',
        '',
        '| verb | does |',
        '|---|---|',
        '| `run` | starts a container |',
        '',
        '> Containers share the host kernel.',
        '',
        'See [the docs](https://docs.docker.com/engine/).',
        '',
        '```dockerfile',
        'FROM alpine:3.20',
        '```',
      ].join('\n'),
    );
    const frame = await app.waitFor('Running containers');
    expect(frame).toContain('Lesson Containers › Running containers');
    expect(frame).toMatch(/A container is a process with `its own view` of the system, and this sentence is\nlong enough/);
    expect(frame).toContain('• first point');
    expect(frame).toMatch(/verb\s+│ does/);
    expect(frame).toMatch(/`run`\s+│ starts a container/);
    expect(frame).toContain('▌ Containers share the host kernel.');
    expect(frame).toContain('See the docs (https://docs.docker.com/engine/).');
    expect(frame).toContain('│ FROM alpine:3.20');
    expect(frameFits(frame)).toMatchObject({ ok: true });
  });

  it('keeps inline code readable without colours (NO_COLOR) by keeping its backticks', async () => {
    open('Use `docker ps`.', {}, { color: false });
    await app!.waitFor('Use `docker ps`.');
  });

  it('scrolls with arrows, j/k, PgDn/PgUp, space, g and G, never drawing more lines than the terminal has', async () => {
    const { app } = open(longLesson(40));
    await app.waitFor('Paragraph 1 says');
    await app.press('j', 'j');
    await app.waitUntil('two lines down', (f) => !f.includes('Running containers\n') && f.includes('Paragraph 1 says'));
    await app.press('pagedown');
    await app.waitUntil('a page down', (f) => !f.includes('Paragraph 1 says') && f.includes('Paragraph 12 says'));
    await app.press(' ');
    await app.waitFor('Paragraph 20 says');
    await app.press('pageup', 'k');
    await app.waitUntil('back up', (f) => !f.includes('Paragraph 20 says'));
    await app.press('G');
    const end = await app.waitFor('The end.');
    expect(end).toContain('100%');
    expect(frameFits(end)).toMatchObject({ ok: true, height: 23 });
    await app.press('g');
    await app.waitFor('Paragraph 1 says');
  });

  it('marks the lesson read at the end and remembers where the learner was', async () => {
    const { services, app } = open(longLesson(40));
    await app.waitFor('Paragraph 1 says');
    expect(services.read.has('run-intro')).toBe(false);
    await app.press('pagedown', 'pagedown');
    await app.waitUntil('a saved position', () => (services.positions.at(-1)?.position ?? 0) > 30);
    await app.press('G');
    await app.waitFor('✔ read');
    expect(services.read.has('run-intro')).toBe(true);
  });

  it('opens at the remembered position', async () => {
    const markdown = longLesson(40);
    const line = markdown.split('\n').indexOf('Paragraph 30 says something about containers.');
    const { app } = open(markdown, { position: line });
    const frame = await app.waitFor('Paragraph 30 says');
    expect(frame.split('\n')[2]).toBe('Paragraph 30 says something about containers.');
  });

  it("says whose command it is when the course is not docker-dojo's own", async () => {
    const services = new FakeServices({ summary: courseSummary(), lessons: { 'run-intro': lessonDoc(longLesson(6)) }, fromCourse: '/home/me/their-course' });
    app = renderApp(services, { stack: [{ kind: 'home' }, { kind: 'lesson', id: 'run-intro' }] });
    await app.waitFor('▷ command 1: Tab selects it');
    await app.press('tab', 'enter');
    const confirm = await app.waitFor('Run this command?');
    expect(confirm.replace(/\s+/g, ' ')).toContain("From the course in /home/me/their-course, not docker-dojo's own: run it only if you trust that course.");
    expect(services.runs).toHaveLength(0);
  });

  it('selects a command with Tab, shows exactly what will run, and streams its output with the exit code', async () => {
    const { services, app } = open(longLesson(6));
    await app.waitFor('▷ command 1: Tab selects it');
    await app.press('tab');
    await app.waitFor('▶ command 1: Enter runs it');
    await app.press('enter');
    const confirm = await app.waitFor('Run this command?');
    expect(confirm).toContain('$ docker run --name web -d nginx:1.27-alpine');
    expect(confirm).toContain('(in /tmp/dojo)');
    expect(services.runs).toHaveLength(0);
    await app.press('y');
    await app.waitFor('● running');
    const run = services.runs[0]!;
    expect(run.plan.display).toBe('docker run --name web -d nginx:1.27-alpine');
    run.output('Unable to find image locally\n', 'stderr');
    run.output('3f2a9c\n');
    await app.waitFor('3f2a9c');
    run.finish({ exitCode: 0 });
    const done = await app.waitFor('✔ exit code 0');
    expect(done).toContain('Unable to find image locally');
    expect(frameFits(done)).toMatchObject({ ok: true });
    await app.press('escape');
    await app.waitUntil('the panel closed', (f) => !f.includes('exit code 0'));
  });

  it('shows escape sequences in command output as inert text', async () => {
    const { services, app } = open(longLesson(6));
    await app.press('tab', 'enter', 'y');
    await app.waitFor('● running');
    services.runs[0]!.output('\u001b[2J\u001b]0;pwned\u0007\u001b[31mred\u001b[0m text\r\nnext\n');
    const frame = await app.waitFor('red text');
    expect(frame).not.toContain('\u001b');
    expect(frame).not.toContain('pwned');
  });

  it('Ctrl-C stops the running command instead of quitting', async () => {
    const { services, app } = open(longLesson(6));
    await app.press('tab', 'enter', 'y');
    await app.waitFor('Ctrl-C stops the command');
    await app.press('ctrl-c');
    await app.waitFor('■ stopped');
    expect(services.runs[0]!.stopped).toBe(true);
    expect(app.exits).toEqual([]);
    await app.press('ctrl-c');
    expect(app.exits).toEqual([130]);
  });

  it('cancelling the confirmation runs nothing', async () => {
    const { services, app } = open(longLesson(6));
    await app.press('tab', 'enter');
    await app.waitFor('Run this command?');
    await app.press('n');
    await app.waitUntil('the question gone', (f) => !f.includes('Run this command?'));
    expect(services.runs).toHaveLength(0);
  });

  it('steps aside for a command that needs the terminal (docker run -it)', async () => {
    const { app } = open(longLesson(6));
    await app.press('shift-tab');
    await app.waitFor('▶ command 2: Enter runs it');
    await app.press('enter');
    await app.waitFor('It needs your terminal');
    await app.press('enter');
    expect(app.stepAsides).toHaveLength(1);
    expect(app.stepAsides[0]!.plan.display).toBe('docker run -it --rm alpine:3.20 sh');
    expect(app.stepAsides[0]!.key).toBe('lesson:run-intro');
  });

  it('comes back after a terminal command showing its exit code', async () => {
    const services = new FakeServices({ summary: courseSummary(), lessons: { 'run-intro': lessonDoc(longLesson(6)) } });
    const first = renderApp(services, { stack: [{ kind: 'home' }, { kind: 'lesson', id: 'run-intro' }] });
    await first.press('shift-tab', 'enter', 'enter');
    expect(first.stepAsides).toHaveLength(1);
    first.unmount();
    // What the launcher does: run it, record the result, mount again with the same view state.
    first.ui.recordTerminalRun('lesson:run-intro', { exitCode: 3, stopped: false, durationMs: 10 });
    const { App } = await import('../app.js');
    const { render } = await import('ink-testing-library');
    const again = render(<App services={services} ui={first.ui} host={{ exit: () => {}, stepAside: () => {} }} theme={{ color: false }} viewport={{ columns: 80, rows: 24 }} />);
    try {
      const deadline = Date.now() + 3000;
      while (!(again.lastFrame() ?? '').includes('exit code 3') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(again.lastFrame()).toContain('✘ exit code 3 (ran in your terminal)');
      expect(again.lastFrame()).toContain('▶ command 2: Enter runs it');
    } finally {
      again.unmount();
    }
  });

  it('l opens the lesson’s lab, q goes back to the map', async () => {
    const { app } = open('Short lesson.');
    await app.waitFor('Short lesson.');
    await app.press('l');
    await app.waitUntil('the lab route', () => app.ui.top().kind === 'lab');
    await app.press('q');
    await app.waitUntil('the lesson again', () => app.ui.top().kind === 'lesson');
    await app.waitFor('Short lesson.');
    await app.press('escape');
    await app.waitFor('Continue');
  });

  it('with a lab, its quiz and the lesson quiz, l offers each of them, a passed lab too', async () => {
    const practice = [
      { kind: 'lab', id: 'tag-it', title: 'Tag an image', state: 'passed' },
      { kind: 'quiz', id: 'tag-quiz', title: 'Tag questions', state: 'not-started' },
      { kind: 'quiz', id: 'images-quiz', title: 'Images', state: 'not-started' },
    ];
    const { app } = open('Short lesson.', { practice });
    await app.waitFor('Short lesson.');
    await app.press('l');
    const frame = await app.waitFor('Practice for this lesson');
    expect(frame).toContain('1. ✔ lab  Tag an image');
    expect(frame).toContain('› 2. ○ quiz Tag questions');
    expect(frame).toContain('3. ○ quiz Images');
    await app.press('1');
    await app.waitUntil('the passed lab opened', () => JSON.stringify(app.ui.top()) === JSON.stringify({ kind: 'lab', id: 'tag-it' }));
    await app.press('q');
    await app.waitFor('Short lesson.');
    await app.press('l');
    await app.waitFor('Practice for this lesson');
    await app.press('down');
    await app.press('enter');
    await app.waitUntil('the lesson quiz opened', () => JSON.stringify(app.ui.top()) === JSON.stringify({ kind: 'quiz', id: 'images-quiz' }));
  });

  it('says what to do when the lesson cannot be opened', async () => {
    const services = new FakeServices({ summary: courseSummary() });
    app = renderApp(services, { stack: [{ kind: 'home' }, { kind: 'lesson', id: 'nope' }] });
    const frame = await app.waitFor('Could not open the lesson.');
    expect(frame).toContain('There is no lesson "nope".');
    expect(frame).toContain('→ Run `docker-dojo list`.');
  });

  it("names the app's keys where the lesson names docker-dojo's verbs, and they open what they name", async () => {
    const practice = [
      { kind: 'lab' as const, id: 'tag-it', title: 'Tag an image', state: 'in-progress' as const },
      { kind: 'quiz' as const, id: 'tag-quiz', title: 'Tags', state: 'not-started' as const },
    ];
    const { app } = open('Check the lab (`docker-dojo check tag-it`), then take its quiz (`docker-dojo quiz tag-quiz`).', { practice });
    const frame = await app.waitFor('then take its quiz');
    expect(frame.replace(/\s+/g, ' ')).toContain('Check the lab (press l, then 1), then take its quiz (press l, then 2).');
    expect(frame).not.toContain('docker-dojo');
    await app.press('l', '2');
    // The fake has no quiz by that id: what it was asked for is what l, 2 opened.
    await app.waitFor('no quiz tag-quiz');
  });
});
