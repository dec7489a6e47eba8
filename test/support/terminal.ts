/**
 * A real terminal for end-to-end tests: a private tmux server (80×24 unless told), keys sent to
 * it and the visible pane read back, polled until it shows what is expected (no fixed sleeps).
 */
import { execa } from 'execa';
import { rm } from 'node:fs/promises';
import { waitFor } from './engine.js';

export const tmuxAvailable = async () => (await execa('tmux', ['-V'], { reject: false }).catch(() => undefined))?.exitCode === 0;

export interface Terminal {
  screen(): Promise<string>;
  /** A tmux format of the pane, e.g. #{alternate_on}. */
  pane(format: string): Promise<string>;
  keys(...keys: string[]): Promise<unknown>;
  /** Waits until the pane shows every text at once; the error shows the pane. */
  shows(text: string | RegExp | Array<string | RegExp>, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export async function openTerminal(name: string, size = { columns: 80, rows: 24 }): Promise<Terminal> {
  const socket = `dojo-${name}-${process.pid}`;
  const session = 'app';
  const tmux = (...args: string[]) => execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], { reject: false, stdin: 'ignore' });
  const started = await tmux('new-session', '-d', '-s', session, '-x', String(size.columns), '-y', String(size.rows), 'bash --norc --noprofile');
  if (started.exitCode !== 0) throw new Error(`tmux did not start: ${started.stderr}`);
  const screen = async () => (await tmux('capture-pane', '-p', '-t', session)).stdout;
  return {
    screen,
    pane: async (format) => (await tmux('display-message', '-p', '-t', session, format)).stdout.trim(),
    keys: (...keys) => tmux('send-keys', '-t', session, ...keys),
    shows: (text, timeoutMs = 20_000) =>
      waitFor(
        `the pane to show ${String(text)}`,
        async () => {
          const s = await screen();
          const all = Array.isArray(text) ? text : [text];
          return all.every((t) => (typeof t === 'string' ? s.includes(t) : t.test(s))) ? s : undefined;
        },
        timeoutMs,
        100,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}\n--- pane ---\n${await screen()}`);
      }),
    async close() {
      const socketPath = (await tmux('display-message', '-p', '#{socket_path}')).stdout.trim();
      await tmux('kill-server');
      // tmux leaves its socket file behind; this one is ours alone (named after this process).
      if (socketPath.endsWith(socket)) await rm(socketPath, { force: true });
    },
  };
}
