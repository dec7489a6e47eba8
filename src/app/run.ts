/** Runs planned commands (see commands.ts), piped back to the app or on the terminal itself. */
import { execa } from 'execa';
import type { CommandPlan, OutputStream, RunHandle, RunResult } from './api.js';

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
        ...(stopped && engineMayFinish(plan.argv) ? { stopNote: engineMayFinish(plan.argv)! } : {}),
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
    // The error stream passes through (so a detach can be told from a failure), the rest is the terminal's.
    const child = execa(file, args, { cwd: plan.request.cwd, env, stdio: ['inherit', 'inherit', 'pipe'], reject: false, buffer: false });
    let errorTail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      errorTail = (errorTail + chunk.toString('utf8')).slice(-200);
    });
    const result = await child;
    const failedToStart = result.exitCode === undefined && !result.signal;
    const detached = isDetach(plan.argv, result.exitCode, errorTail);
    return {
      exitCode: result.exitCode,
      signal: result.signal,
      ...(detached ? { detached } : {}),
      stopped: result.signal === 'SIGINT',
      ...(failedToStart ? { error: startError(file, result as unknown as { code?: string; shortMessage?: string }) } : {}),
      durationMs: performance.now() - started,
    };
  } finally {
    process.off('SIGINT', ignore);
  }
}

/**
 * What the engine may still finish after the learner stopped a `docker` command: stopping the
 * CLI ends only the request's client; the daemon carries on with what it was asked to do.
 */
export function engineMayFinish(argv: readonly string[]): string | undefined {
  const words = argv[0] && /(^|\/)docker$/.test(argv[0]) ? argv.slice(1).filter((w) => !w.startsWith('-')) : [];
  if (words.length === 0) return undefined;
  const objects = new Set(['container', 'image', 'volume', 'network', 'service', 'stack', 'swarm', 'builder', 'buildx', 'system', 'compose']);
  const [first, second] = words;
  const verb = objects.has(first!) && second ? second : first!;
  const notes: Record<string, string> = {
    stop: 'The engine may still finish stopping the container: docker ps -a shows its state.',
    restart: 'The engine may still finish restarting the container: docker ps -a shows its state.',
    kill: 'The engine may still deliver the signal: docker ps -a shows the container\'s state.',
    rm: 'The engine may still finish removing: docker ps -a (or docker images) shows what is left.',
    rmi: 'The engine may still finish removing the image: docker images shows what is left.',
    prune: 'The engine may still finish pruning: look again with docker system df.',
    pull: 'The engine may still finish the pull in the background: docker images shows whether the image arrived.',
    push: 'The engine may still finish the push: run it again to be sure it arrived.',
    build: 'The builder may still finish the step it was on; nothing is tagged unless the build finished.',
    run: 'The engine may still create or start the container: docker ps -a shows it.',
    create: 'The engine may still create the container: docker ps -a shows it.',
    exec: 'The command may go on running inside the container: docker top CONTAINER shows it.',
    start: 'The engine may still start the container: docker ps -a shows its state.',
    up: 'The engine may still start what compose asked for: docker ps -a shows it.',
    down: 'The engine may still remove what compose asked for: docker ps -a shows what is left.',
    update: 'The engine may still apply the update: docker service ps shows its progress.',
    scale: 'The engine may still scale the service: docker service ps shows its tasks.',
    deploy: 'The engine may still deploy the stack: docker stack ps shows its tasks.',
  };
  return notes[verb] ?? (['logs', 'attach', 'events', 'stats', 'top', 'ps', 'ls', 'inspect', 'images', 'version', 'info', 'exec', 'wait'].includes(verb) ? undefined : 'The engine may still finish what it was asked to do.');
}

/** The Docker CLI ends a detach (Ctrl-P Ctrl-Q) with "read escape sequence" on its error stream. */
export function isDetach(argv: readonly string[], exitCode: number | undefined, errorTail: string): boolean {
  const docker = argv[0] !== undefined && /(^|\/)docker$/.test(argv[0]);
  return docker && exitCode !== 0 && /read escape sequence/i.test(errorTail);
}
