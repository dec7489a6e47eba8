/**
 * Runnable code blocks: turning a block's text into a command, deciding whether it needs the
 * terminal, and running it. Without `shell` the words are split like a shell would (quotes,
 * escapes, $VARIABLES) but nothing else happens: no pipes, redirects or globbing.
 */
import { execa } from 'execa';
import { parse } from 'shell-quote';
import type { CommandPlan, OutputStream, RunHandle, RunRequest, RunResult } from './api.js';

const SHELL = '/bin/sh';

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
    return { request, display: script, argv: [SHELL, '-c', script], needsTerminal: needsTerminal(words) };
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

/**
 * Runs a command with its output piped back. It gets its own process group (and no terminal),
 * so stopping it stops everything it started, and Ctrl-C on the keyboard never reaches it directly.
 */
export function runPiped(plan: CommandPlan, onOutput: (text: string, stream: OutputStream) => void, env: NodeJS.ProcessEnv = process.env): RunHandle {
  const started = performance.now();
  const [file, ...args] = plan.argv;
  if (plan.problem || !file) {
    return { done: Promise.resolve({ stopped: false, error: plan.problem ?? 'Nothing to run.', durationMs: 0 }), stop: () => {} };
  }
  let stopped = false;
  let killTimer: NodeJS.Timeout | undefined;
  const child = execa(file, args, {
    cwd: plan.request.cwd,
    env: { ...env, DOCKER_CLI_HINTS: 'false' },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    detached: true,
    cleanup: true,
    stripFinalNewline: false,
  });
  const decode = (stream: OutputStream) => {
    const decoder = new TextDecoder('utf-8');
    return (chunk: Buffer) => onOutput(decoder.decode(chunk, { stream: true }), stream);
  };
  child.stdout?.on('data', decode('stdout'));
  child.stderr?.on('data', decode('stderr'));
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const done = child.then(
    (result): RunResult => {
      if (killTimer) clearTimeout(killTimer);
      const failedToStart = result.exitCode === undefined && !result.signal;
      return {
        exitCode: result.exitCode,
        signal: result.signal,
        stopped,
        ...(failedToStart ? { error: startError(file, result as unknown as { code?: string; shortMessage?: string }) } : {}),
        durationMs: performance.now() - started,
      };
    },
  );
  return {
    done,
    stop() {
      if (stopped) return;
      stopped = true;
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), 2000);
      killTimer.unref();
    },
  };
}

function startError(file: string, result: { code?: string; shortMessage?: string }): string {
  if (result.code === 'ENOENT') return `${file} is not installed here (or not on your PATH).`;
  return result.shortMessage ?? `${file} could not start.`;
}

/**
 * Runs a command on the terminal itself (stdin, stdout and stderr inherited). The app has stepped
 * aside; Ctrl-C goes to the command, and this process ignores SIGINT until it ends.
 */
export async function runOnTerminal(plan: CommandPlan, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  const started = performance.now();
  const [file, ...args] = plan.argv;
  if (plan.problem || !file) return { stopped: false, error: plan.problem ?? 'Nothing to run.', durationMs: 0 };
  const ignore = () => {};
  process.on('SIGINT', ignore);
  try {
    const result = await execa(file, args, { cwd: plan.request.cwd, env, stdio: 'inherit', reject: false });
    const failedToStart = result.exitCode === undefined && !result.signal;
    return {
      exitCode: result.exitCode,
      signal: result.signal,
      stopped: result.signal === 'SIGINT',
      ...(failedToStart ? { error: startError(file, result as unknown as { code?: string; shortMessage?: string }) } : {}),
      durationMs: performance.now() - started,
    };
  } finally {
    process.off('SIGINT', ignore);
  }
}
