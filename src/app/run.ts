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
