/**
 * Runnable code blocks: turning a block's text into a command, deciding whether it needs the
 * terminal, and running it. Without `shell` the words are split like a shell would (quotes,
 * escapes, $VARIABLES) but nothing else happens: no pipes, redirects or globbing. Running them is
 * in run.ts, which loads the process library only when a command is run.
 */
import { parse } from 'shell-quote';
import type { CommandPlan, RunRequest } from './api.js';

const SHELL = '/bin/sh';
/** A block marked `bash` runs under bash: its output (e.g. `time`'s) is what the lesson shows. */
const BASH = 'bash';

/** Joins `\`-continued lines and drops blank lines, comment lines and a leading `$ ` prompt. */
export function commandLines(text: string): string[] {
  return text
    .replace(/[ \t]*\\\r?\n[ \t]*/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^\$\s+/, ''))
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export function planCommand(request: RunRequest, env: NodeJS.ProcessEnv = process.env): CommandPlan {
  const lines = commandLines(request.command);
  if (lines.length === 0) return { request, display: '', argv: [], needsTerminal: false, problem: 'This block has no command in it.' };
  if (request.shell) {
    const script = lines.join('\n');
    const words = lines.flatMap((line) => wordsOf(line, env));
    const shell = request.language?.toLowerCase() === 'bash' ? BASH : SHELL;
    return { request, display: script, argv: [shell, '-c', script], needsTerminal: needsTerminal(words) };
  }
  if (lines.length > 1) {
    return { request, display: lines.join(' ; '), argv: [], needsTerminal: false, problem: 'This block holds more than one command; mark it `sh run shell` to run it as a script.' };
  }
  const line = lines[0]!;
  const parsed = parse(line, (key) => env[key] ?? '');
  const argv: string[] = [];
  for (const entry of parsed) {
    if (typeof entry === 'string') argv.push(entry);
    else if ('op' in entry && entry.op === 'glob') argv.push(entry.pattern);
    else if ('op' in entry) {
      return { request, display: line, argv: [], needsTerminal: false, problem: `This command uses the shell operator "${entry.op}"; mark the block \`sh run shell\` to run it with a shell.` };
    } else if ('comment' in entry) break;
  }
  if (argv.length === 0) return { request, display: line, argv, needsTerminal: false, problem: 'This block has no command in it.' };
  return { request, display: argv.map(quoteWord).join(' '), argv, needsTerminal: needsTerminal(argv) };
}

/** Quotes a word only when a shell would need it, so the learner reads the command as they would type it. */
export function quoteWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function wordsOf(line: string, env: NodeJS.ProcessEnv): string[] {
  return parse(line, (key) => env[key] ?? '').flatMap((e) => (typeof e === 'string' ? [e] : 'op' in e && e.op === 'glob' ? [e.pattern] : []));
}

const INTERACTIVE_PROGRAMS = new Set(['sh', 'bash', 'zsh', 'ash', 'vi', 'vim', 'nano', 'less', 'more', 'top', 'htop', 'man']);

/**
 * True for commands that want the keyboard on a real terminal: `docker run -it`, `docker exec -ti`,
 * `-i -t`, `--interactive --tty`, `docker attach`, or a bare interactive program like `sh`.
 * `-dit` starts detached, so it does not.
 */
export function needsTerminal(argv: readonly string[]): boolean {
  if (argv.length === 1 && INTERACTIVE_PROGRAMS.has(argv[0]!)) return true;
  let interactive = false;
  let tty = false;
  let detached = false;
  for (const word of argv) {
    if (word === '--interactive') interactive = true;
    else if (word === '--tty') tty = true;
    else if (word === '--detach') detached = true;
    else if (/^-[a-zA-Z]+$/.test(word)) {
      if (word.includes('i')) interactive = true;
      if (word.includes('t')) tty = true;
      if (word.includes('d')) detached = true;
    }
  }
  const attach = argv[0] === 'docker' && (argv[1] === 'attach' || (argv[1] === 'container' && argv[2] === 'attach'));
  return attach || (interactive && tty && !detached);
}
