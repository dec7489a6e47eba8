/**
 * Whatever a learner types wrong on the command line ends the same way: exit 2, a sentence on
 * stderr saying what was wrong and where the right usage is, and no stack trace.
 */
import { describe, expect, it } from 'vitest';
import { dojo, fixture, tempHome } from './support/cli.js';

const course = ['--course', fixture('life-course')];
const env = () => ({ ...tempHome(), DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

interface Mistake {
  what: string;
  args: string[];
  /** Every line must appear on stderr. */
  says: Array<string | RegExp>;
}

const mistakes: Mistake[] = [
  // Unknown verbs.
  { what: 'a mistyped verb', args: ['chek'], says: ['Unknown command "chek". Did you mean check?', 'Run `docker-dojo --help` for the list of commands.'] },
  { what: 'a mistyped verb with its argument', args: ['chek', 'life-web'], says: ['Unknown command "chek". Did you mean check?'] },
  { what: 'a mistyped verb with an option', args: ['chek', '--json'], says: ['Unknown command "chek". Did you mean check?'] },
  { what: 'a verb nothing like any other', args: ['teleport'], says: [/^Unknown command "teleport"\.$/m, 'Run `docker-dojo --help`'] },
  { what: 'help for a verb that does not exist', args: ['help', 'chek'], says: ['Unknown command "chek". Did you mean check?'] },

  // Unknown options.
  { what: 'a mistyped option of a verb', args: ['check', '--jsno', 'life-web'], says: ["error: unknown option '--jsno'", '(Did you mean --json?)', 'Run `docker-dojo check --help` for its arguments and options.'] },
  { what: 'a mistyped global option', args: ['--cours', 'x', 'list'], says: ["error: unknown option '--cours'", '(Did you mean --course?)'] },
  { what: 'an option that exists on no verb', args: ['doctor', '--bogus'], says: ["error: unknown option '--bogus'", 'Run `docker-dojo doctor --help`'] },
  { what: 'a short option that does not exist', args: ['-x'], says: ["error: unknown option '-x'", 'Run `docker-dojo --help`'] },
  { what: '--all on a verb without it', args: ['hint', 'life-web', '--all'], says: ["error: unknown option '--all'", 'Run `docker-dojo hint --help`'] },

  // Missing or extra arguments.
  { what: 'check without a lab', args: [...course, 'check'], says: ['Say which lab to check, or --all for every lab you have started.', 'Example: docker-dojo check pull-hello-world'] },
  { what: 'check with both a lab and --all', args: [...course, 'check', 'life-web', '--all'], says: ['Give a lab id or --all, not both.'] },
  { what: 'hint without a lab', args: ['hint'], says: ["error: missing required argument 'lab'"] },
  { what: 'solution without a lab', args: ['solution'], says: ["error: missing required argument 'lab'"] },
  { what: 'show without a lesson', args: ['show'], says: ["error: missing required argument 'lesson'"] },
  { what: 'quiz without a quiz', args: ['quiz'], says: ["error: missing required argument 'quiz'"] },
  { what: 'check with two labs', args: ['check', 'life-web', 'life-other'], says: [/too many arguments for 'check'/, 'Run `docker-dojo check --help`'] },
  { what: '--course without its folder', args: ['--course'], says: ["error: option '--course <dir>' argument missing"] },
  { what: '--export without its file', args: ['progress', '--export'], says: ["error: option '--export <file>' argument missing", 'Run `docker-dojo progress --help`'] },
  { what: 'a quiz question without an answer', args: [...course, 'quiz', 'life-quiz', 'verb'], says: ['Give your answer after the question id.', 'Example: docker-dojo quiz life-quiz verb 2'] },
  { what: 'a quiz question with an empty answer', args: [...course, 'quiz', 'life-quiz', 'verb', '  '], says: ['Give your answer after the question id.'] },

  // Ids that do not exist, with the closest one suggested.
  { what: 'check an unknown lab', args: [...course, 'check', 'life-wbe'], says: ['There is no lab "life-wbe" (did you mean "life-web"?).', 'Run `docker-dojo list` to see every lab.'] },
  { what: 'a hint for an unknown lab', args: [...course, 'hint', 'life-othr'], says: ['There is no lab "life-othr" (did you mean "life-other"?).'] },
  { what: 'the solution of an unknown lab', args: [...course, 'solution', 'lifeweb'], says: ['There is no lab "lifeweb" (did you mean "life-web"?).'] },
  { what: 'reset an unknown lab', args: [...course, 'reset', 'life-wbe', '--yes'], says: ['There is no lab "life-wbe" (did you mean "life-web"?).'] },
  { what: 'show an unknown lesson', args: [...course, 'show', 'wbe'], says: ['There is no lesson "wbe" (did you mean "web"?).', 'Run `docker-dojo list` to see every lesson.'] },
  { what: 'an unknown quiz', args: [...course, 'quiz', 'life-quz'], says: ['There is no quiz "life-quz" (did you mean "life-quiz"?).', 'Run `docker-dojo list` to see every quiz.'] },
  { what: 'an unknown question', args: [...course, 'quiz', 'life-quiz', 'vreb', 'run'], says: ['Quiz life-quiz has no question "vreb" (did you mean "verb"?).', 'List them: docker-dojo quiz life-quiz'] },
  { what: 'an id nothing like any lab', args: [...course, 'check', 'zzz'], says: [/^There is no lab "zzz"\.$/m] },
  { what: 'an id that is a path', args: [...course, 'check', '../../etc/passwd'], says: ['There is no lab "../../etc/passwd".'] },

  // reset: exactly one of a lab and --all.
  { what: 'reset with both a lab and --all', args: [...course, 'reset', 'life-web', '--all', '--yes'], says: ['Give a lab id or --all, not both.', 'Example: docker-dojo reset life-web, or docker-dojo reset --all'] },
  { what: 'reset with --all before the lab', args: [...course, 'reset', '--all', 'life-web'], says: ['Give a lab id or --all, not both.'] },
  { what: 'reset with neither', args: [...course, 'reset'], says: ['Say which lab to reset, or --all.', 'Example: docker-dojo reset pull-hello-world'] },
];

describe.concurrent('a mistake on the command line', () => {
  it.each(mistakes)('$what exits 2 with a usage message and no stack trace', async ({ args, says }) => {
    const result = await dojo(args, env(), { timeout: 30_000 });
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(2);
    for (const line of says) {
      if (typeof line === 'string') expect(result.stderr).toContain(line);
      else expect(result.stderr).toMatch(line);
    }
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.stderr).not.toContain('hit a bug');
  });

  it('a usage mistake changes no progress', async () => {
    const home = env();
    await dojo([...course, 'reset', 'life-web', '--all', '--yes'], home);
    await dojo([...course, 'quiz', 'life-quiz', 'verb', ''], home);
    const progress = JSON.parse((await dojo([...course, 'progress', '--json'], home)).stdout);
    expect(progress).toMatchObject({ score: 0, labsPassed: 0 });
    expect(progress.modules[0].lessons[0].quiz).toMatchObject({ answered: 0 });
  });
});

describe.concurrent('asking for help is not a mistake', () => {
  it.each([
    { args: ['help'], says: 'Usage: docker-dojo [options] [command]' },
    { args: ['--help'], says: 'Usage: docker-dojo [options] [command]' },
    { args: ['help', 'check'], says: 'Usage: docker-dojo check [options] [lab]' },
    { args: ['check', '--help'], says: 'Usage: docker-dojo check [options] [lab]' },
  ])('$args prints usage and exits 0', async ({ args, says }) => {
    const result = await dojo(args, env());
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(says);
  });
});
