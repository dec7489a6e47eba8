/** The scriptable verbs without an engine: usage errors, engine errors, and progress kept safe. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, dojo, fixture, tempHome } from './support/cli.js';

const course = ['--course', fixture('life-course')];
const noEngine = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

describe('the CLI without an engine', () => {
  it('--version prints the version and nothing else', async () => {
    const result = await dojo(['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('an unknown lab id is a usage error that suggests the closest id', async () => {
    const result = await dojo([...course, 'check', 'life-wbe'], tempHome());
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('There is no lab "life-wbe" (did you mean "life-web"?)');
  });

  it('an unknown verb is a usage error', async () => {
    const result = await dojo(['chek']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Unknown command "chek". Did you mean check?');
  });

  it('check with no engine exits 2 with the reason and a fix, never a stack trace', async () => {
    const result = await dojo([...course, 'check', 'life-web'], { ...tempHome(), ...noEngine });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/not answering|not running|Cannot reach/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('doctor with a malformed DOCKER_HOST says what a valid one looks like', async () => {
    const result = await dojo(['doctor'], { DOCKER_HOST: 'htp:/oops' });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(/DOCKER_HOST/);
  });

  it('list, show, hint, solution, lint and progress work with no engine at all', async () => {
    const env = { ...tempHome(), ...noEngine };
    expect((await dojo([...course, 'list'], env)).stdout).toContain('Serve a page');
    expect((await dojo([...course, 'show', 'web'], env)).stdout).toContain('# A web server');
    const hint = await dojo([...course, 'hint', 'life-web'], env);
    expect(hint.stdout).toContain('Hint 1/2: Use docker run');
    const solution = await dojo([...course, 'solution', 'life-web'], env);
    expect(solution.stdout).toContain('$ docker run -d --name life-web');
    expect((await dojo(['lint', fixture('life-course')], env)).exitCode).toBe(0);
    const progress = JSON.parse((await dojo([...course, 'progress', '--json'], env)).stdout);
    expect(progress.lessonsRead).toBe(1);
  });

  it('lint names a lab without its near misses and alternative', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'dojo-lint-')), 'course');
    cpSync(fixture('life-course'), dir, { recursive: true });
    const file = path.join(dir, 'labs', 'life-web.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\nnearMisses:[\s\S]*?\ncleanup:/, '\ncleanup:'));
    const lint = await dojo(['lint', dir], tempHome());
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toContain('labs/life-web.md nearMisses: 0 near misses; a lab needs at least 2');
    expect(lint.stdout).toContain('labs/life-web.md alternatives: no alternative');
  });

  it('lint --images names a lab that uses an image the list lacks, and passes with the kit list', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dojo-images-'));
    const list = path.join(dir, 'images.txt');
    writeFileSync(list, '# only alpine here\nalpine:3.20\n');
    const lint = await dojo(['lint', fixture('life-course'), '--images', list], tempHome());
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toContain("labs/life-pull.md setup[0].image: names the image busybox:latest, which the engine's image list does not provide");
    expect(lint.stdout).toContain('lessons/01-web.md:12: names the image nginx:1.27-alpine');
    const kit = await dojo(['lint', fixture('life-course'), '--images', path.join(ROOT, 'scripts', 'kit-images.txt')], tempHome());
    expect(kit.exitCode, kit.stdout).toBe(0);
  });

  it('two processes recording different labs at the same time both keep their result', async () => {
    const env = { ...tempHome(), ...noEngine };
    const runs = [];
    for (let i = 0; i < 4; i++) {
      runs.push(dojo([...course, 'hint', 'life-web'], env), dojo([...course, 'hint', 'life-other'], env), dojo([...course, 'quiz', 'life-quiz', 'verb', 'run'], env));
    }
    await Promise.all(runs);
    const file = JSON.parse(readFileSync(path.join(env.DOCKER_DOJO_HOME, 'progress.json'), 'utf8'));
    expect(file.labs['life-web'].hintsRevealed).toBe(2);
    expect(file.labs['life-other'].hintsRevealed).toBe(1);
    expect(file.quizzes['life-quiz'].answers.verb.correct).toBe(true);
  });

  it('a corrupt progress file is moved aside, the learner is told, and nothing crashes', async () => {
    const env = { ...tempHome(), ...noEngine };
    mkdirSync(env.DOCKER_DOJO_HOME, { recursive: true });
    writeFileSync(path.join(env.DOCKER_DOJO_HOME, 'progress.json'), '{"labs": {"life-web": {"status": "pas');
    const result = await dojo([...course, 'list'], env);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/progress file could not be read .* moved to .*progress\.json\.corrupt-/);
    const files = readdirSync(env.DOCKER_DOJO_HOME);
    expect(files.some((f) => f.startsWith('progress.json.corrupt-'))).toBe(true);
    const backup = files.find((f) => f.startsWith('progress.json.corrupt-'))!;
    expect(readFileSync(path.join(env.DOCKER_DOJO_HOME, backup), 'utf8')).toContain('"status": "pas');
  });

  it.each([
    { content: '{"labs": 42}', args: ['hint', 'life-web'], says: '(labs: expected record)' },
    { content: '{"labs": {"life-web": {"status": "done"}}}', args: ['list'], says: '(labs.life-web.status: expected one of "not-started", "in-progress", "passed")' },
  ])('a progress file of the wrong shape ($content) is moved aside, saying which field is wrong', async ({ content, args, says }) => {
    const env = { ...tempHome(), ...noEngine };
    mkdirSync(env.DOCKER_DOJO_HOME, { recursive: true });
    writeFileSync(path.join(env.DOCKER_DOJO_HOME, 'progress.json'), content);
    const result = await dojo([...course, ...args], env);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(says);
    expect(result.stderr).toContain('moved to');
  });
});
