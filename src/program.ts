/**
 * Parses arguments and dispatches to one verb. Verbs are imported when chosen so that
 * `--version` and `--help` load nothing else.
 */
import { Command, CommanderError, Option } from 'commander';
import { UsageError, reportFailure } from './errors.js';
import type { Context, GlobalOptions } from './commands/context.js';

declare const __DOJO_VERSION__: string;
const VERSION = typeof __DOJO_VERSION__ === 'string' ? __DOJO_VERSION__ : '0.0.0-dev';

type Run = (ctx: Context) => Promise<number>;

export async function runProgram(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command();
  const context = async (): Promise<Context> => {
    const { createContext } = await import('./commands/context.js');
    return createContext(program.opts<GlobalOptions>());
  };
  const run = (fn: Run) => async () => {
    exitCode = await fn(await context());
  };

  // Commander's own error lines are held until it is clear they are the right message.
  let commanderSaid = '';
  program
    .name('docker-dojo')
    .description('Learn Docker by doing: lessons, quizzes and labs graded against your own Docker engine.')
    .version(VERSION, '-v, --version')
    .addOption(new Option('--course <dir>', 'use the course in this folder instead of the built-in one').env('DOCKER_DOJO_COURSE'))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text) => void (commanderSaid += text) })
    .addHelpText(
      'after',
      `
Environment:
  DOCKER_HOST, DOCKER_CONTEXT   which engine to use (as the docker CLI reads them)
  DOCKER_DOJO_HOME              folder for progress.json (default: your config folder)
  DOCKER_DOJO_WORKSPACE         folder for lab files (default: ~/docker-dojo)
  DOCKER_DOJO_COURSE            same as --course
  NO_COLOR                      plain output

Exit codes: 0 ok, 1 checks failed or problems found, 2 engine or usage error.`,
    );

  program
    .command('list')
    .description('show the course map with your progress')
    .option('--json', 'machine-readable output')
    .action((o) => run(async (ctx) => (await import('./commands/list.js')).listCommand(ctx, o))());

  program
    .command('show')
    .description('print a lesson as text')
    .argument('<lesson>', 'lesson id (see `list`)')
    .option('--json', 'machine-readable output')
    .action((id, o) => run(async (ctx) => (await import('./commands/show.js')).showCommand(ctx, id, o))());

  program
    .command('check')
    .description("check a lab against your engine's real state (--all: every lab you have started)")
    .argument('[lab]', 'lab id')
    .option('--all', 'check every started lab: one line each, a summary line; exit 0 all pass, 1 some fail, 2 error')
    .option('--json', 'machine-readable output')
    .action((id, o) => run(async (ctx) => (await import('./commands/check.js')).checkCommand(ctx, id, o))());

  program
    .command('hint')
    .description("reveal the lab's next hint (costs 10% of its points)")
    .argument('<lab>', 'lab id')
    .option('--json', 'machine-readable output')
    .action((id, o) => run(async (ctx) => (await import('./commands/hint.js')).hintCommand(ctx, id, o))());

  program
    .command('solution')
    .description("show the lab's solution (halves its points)")
    .argument('<lab>', 'lab id')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--json', 'machine-readable output')
    .action((id, o) => run(async (ctx) => (await import('./commands/hint.js')).solutionCommand(ctx, id, o))());

  program
    .command('reset')
    .description("remove what a lab created (never anything that existed before it) and clear its progress")
    .argument('[lab]', 'lab id')
    .option('--all', 'reset every lab you started')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--json', 'machine-readable output')
    .action((id, o) => run(async (ctx) => (await import('./commands/reset.js')).resetCommand(ctx, id, o))());

  program
    .command('quiz')
    .description("answer a quiz question, or list a quiz's questions")
    .argument('<quiz>', 'quiz id')
    .argument('[question]', 'question id')
    .argument('[answer]', 'your answer (a choice number from 1, or the value)')
    .option('--json', 'machine-readable output')
    .action((id, question, answer, o) => run(async (ctx) => (await import('./commands/quiz.js')).quizCommand(ctx, id, question, answer, o))());

  program
    .command('open')
    .description('open the interactive app on a lesson, lab or quiz')
    .argument('<item>', 'lesson, lab or quiz id (see `list`)')
    .action((id) => run(async (ctx) => (await import('./commands/open.js')).openCommand(ctx, id))());

  program
    .command('doctor')
    .description('find the Docker engine and say how to fix what is wrong')
    .option('--json', 'machine-readable output')
    .action((o) => run(async (ctx) => (await import('./commands/doctor.js')).doctorCommand(ctx, o))());

  program
    .command('lint')
    .description('validate a course folder (default: the current course)')
    .argument('[dir]', 'course folder')
    .option('--json', 'machine-readable output')
    .option('--images <file>', 'images the engine provides, one a line: runnable blocks and labs may use only these and the ones the course builds')
    .action((dir, o) => run(async (ctx) => (await import('./commands/lint.js')).lintCommand(ctx, dir, { ...o, course: program.opts().course }))());

  program
    .command('progress')
    .description('summarise your progress')
    .option('--json', 'machine-readable output')
    .option('--export <file>', 'write a report for a teacher (FILE.json and FILE.md)')
    .action((o) => run(async (ctx) => (await import('./commands/progress.js')).progressCommand(ctx, o))());

  const unknownCommand = async (verb: string) => {
    const { closest } = await import('./course/suggest.js');
    const close = closest(verb, program.commands.map((c) => c.name()));
    return new UsageError(`Unknown command "${verb}".${close ? ` Did you mean ${close}?` : ''}`, 'Run `docker-dojo --help` for the list of commands.');
  };

  // `help` and `help VERB` as well as --help (an action on the program turns commander's own off).
  program
    .command('help')
    .description('show help for a command')
    .argument('[command]', 'a command')
    .action(async (verb: string | undefined) => {
      if (verb === undefined) return program.help();
      const command = program.commands.find((c) => c.name() === verb);
      if (!command) throw await unknownCommand(verb);
      command.help();
    });

  // Extra words are taken here so that a mistyped verb with its arguments ("chek my-lab") is
  // reported as an unknown command, not as "too many arguments".
  program
    .usage('[options] [command]')
    .argument('[command]')
    .argument('[args...]')
    .action(async (verb: string | undefined) => {
      if (verb) throw await unknownCommand(verb);
      return run(async (ctx) => (await import('./commands/home.js')).homeCommand(ctx))();
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    const verbs = program.commands.map((c) => c.name());
    const args = argv.slice(2);
    // "chek --json": commander meets the option before it knows the verb is unknown.
    const option = (error as { code?: string }).code === 'commander.unknownOption' ? /unknown option '([^']+)'/.exec((error as Error).message)?.[1] : undefined;
    const word = option ? args.slice(0, args.indexOf(option)).find((arg, i, all) => !arg.startsWith('-') && all[i - 1] !== '--course') : undefined;
    if (word && !verbs.includes(word)) return reportError(await unknownCommand(word), undefined);
    process.stderr.write(commanderSaid);
    const code = reportError(error, args.find((arg) => verbs.includes(arg)));
    // A script that asked for JSON gets JSON on stdout even when the verb could not finish.
    if (args.includes('--json') && !(error instanceof CommanderError) && code !== 0) {
      const e = error as { message?: string; tryThis?: string };
      process.stdout.write(`${JSON.stringify({ error: String(e?.message ?? error), ...(e?.tryThis ? { tryThis: e.tryThis } : {}), exitCode: code })}\n`);
    }
    return code;
  }
}

function reportError(error: unknown, verb: string | undefined): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    // Commander has already printed what was wrong; say where the right usage is.
    process.stderr.write(verb && verb !== 'help' ? `Run \`docker-dojo ${verb} --help\` for its arguments and options.\n` : 'Run `docker-dojo --help` for the list of commands.\n');
    return 2;
  }
  return reportFailure(error);
}
