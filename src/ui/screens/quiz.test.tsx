import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../errors.js';
import { FakeServices } from '../testing/fake-services.js';
import { courseSummary, quizDoc } from '../testing/fixtures.js';
import { frameFits, renderApp, type Harness } from '../testing/harness.js';

let app: Harness | undefined;
afterEach(() => app?.unmount());

function openQuiz(doc = quizDoc()) {
  const services = new FakeServices({
    summary: courseSummary({ next: { kind: 'lesson', id: 'run-intro', title: 'Running containers' } }),
    quizzes: { 'images-quiz': doc },
    answers: { 'images-quiz/layers': '2', 'images-quiz/verb': 'pull', 'images-quiz/kernel': '6.1.0' },
  });
  app = renderApp(services, { stack: [{ kind: 'home' }, { kind: 'quiz', id: 'images-quiz' }] });
  return { services, app };
}

describe('the quiz view', () => {
  it('answers multiple choice with the arrows and Enter, with feedback and the explanation', async () => {
    const { services, app } = openQuiz();
    const frame = await app.waitFor('What is an image made of?');
    expect(frame).toContain('Quiz Images · question 1/3');
    expect(frame).toContain('› 1. A single file');
    await app.press('down');
    await app.waitFor('› 2. Read-only layers');
    await app.press('enter');
    const answered = await app.waitFor('✔ Right.');
    expect(answered).toContain('✔ 2. Read-only layers');
    expect(answered).toContain('Because 2.');
    expect(answered).toContain('1/3 right');
    expect(services.calls).toContain('answer images-quiz/layers=2');
    expect(frameFits(answered)).toMatchObject({ ok: true });
  });

  it('answers with a number key at once, and says what the right answer was', async () => {
    const { app } = openQuiz();
    await app.waitFor('What is an image made of?');
    await app.press('3');
    const frame = await app.waitFor('✘ Not quite — the answer is 2.');
    expect(frame).toContain('✘ 3. A running process');
  });

  it('takes a typed answer (letters like q are text there), and a live one read from the engine', async () => {
    const { services, app } = openQuiz();
    await app.waitFor('What is an image made of?');
    await app.press('right');
    await app.waitFor('Which docker verb downloads an image?');
    await app.press('q', 'backspace', 'p', 'u', 'l', 'l');
    await app.waitFor('Your answer: pull█');
    await app.press('?');
    await app.waitFor('Your answer: pull?█');
    await app.press('backspace', 'enter');
    await app.waitFor('✔ Right.');
    await app.press('enter');
    const live = await app.waitFor('Which kernel does your engine run?');
    expect(live).toContain('The right answer is read from your Docker engine when you answer.');
    await app.press('6', '.', '1', '.', '0', 'enter');
    await app.waitFor('✔ Right.');
    expect(services.calls).toContain('answer images-quiz/kernel=6.1.0');
  });

  it('offers the next item once every question is answered', async () => {
    const { app } = openQuiz(quizDoc({ answers: { layers: { answer: '2', correct: true, credit: true }, verb: { answer: 'pull', correct: true, credit: true } } }));
    await app.waitFor('Which kernel does your engine run?');
    await app.press('6', '.', '1', '.', '0', 'enter');
    await app.waitFor('Quiz done: 3/3 right.');
    await app.waitFor('Enter next: Running containers (lesson)');
    await app.press('enter');
    await app.waitUntil('the next lesson', () => app.ui.top().kind === 'lesson');
  });

  it('shows an engine problem for a live question and lets the learner try again', async () => {
    const { services, app } = openQuiz(quizDoc({ questions: [{ id: 'kernel', prompt: 'Which kernel?', kind: 'live' }] }));
    services.answer = async () => {
      throw new EngineError('not-running', 'The Docker engine is not running.', 'Start the Docker daemon, then answer again.');
    };
    await app.waitFor('Which kernel?');
    await app.press('6', 'enter');
    const frame = await app.waitFor('✘ The Docker engine is not running.');
    expect(frame).toContain('→ Start the Docker daemon, then answer again.');
    expect(frame).toContain('Your answer: 6█');
  });

  it('Esc leaves a typed question; q leaves a choice question', async () => {
    const { app } = openQuiz();
    await app.waitFor('What is an image made of?');
    await app.press('q');
    await app.waitFor('Continue');
    app.ui.open({ kind: 'quiz', id: 'images-quiz' });
    await app.waitFor('What is an image made of?');
    await app.press('tab');
    await app.waitFor('Which docker verb');
    await app.press('escape');
    await app.waitFor('Continue');
  });

  it('shows `code` in a prompt and its choices as code, without the backticks', async () => {
    const doc = quizDoc({ questions: [{ id: 'layers', prompt: 'What does `docker image ls` list?', kind: 'choice', choices: ['The `images` you have', 'Running containers'] }] });
    const services = new FakeServices({ summary: courseSummary(), quizzes: { 'images-quiz': doc } });
    app = renderApp(services, { stack: [{ kind: 'home' }, { kind: 'quiz', id: 'images-quiz' }], color: true });
    const frame = stripVTControlCharacters(await app.waitUntil('the prompt', (f) => stripVTControlCharacters(f).includes('What does docker image ls list?')));
    expect(frame).toContain('1. The images you have');
    expect(frame).not.toContain('`');
  });
});
