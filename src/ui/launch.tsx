/**
 * Starts the interactive app on the terminal and owns it until the app ends: the alternate
 * screen, raw mode, signals, and stepping aside while a command that needs the terminal runs.
 * Loaded only on a TTY, so the plain verbs never load Ink or React.
 */
import { render } from 'ink';
import { createInterface } from 'node:readline';
import type { CommandPlan, DojoServices, ItemRef } from '../app/api.js';
import { colorEnabled } from './text/color.js';
import { App } from './app.js';
import type { AppHost } from './context.js';
import { UiState, type Route } from './state.js';

export interface LaunchOptions {
  env?: NodeJS.ProcessEnv;
  /** Start on this lesson, lab or quiz (the course map stays underneath). */
  open?: ItemRef;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

type Outcome = { kind: 'exit'; code: number } | { kind: 'step-aside'; plan: CommandPlan; key: string };

const ENTER_SCREEN = '\u001b[?1049h\u001b[H\u001b[2J';
const LEAVE_SCREEN = '\u001b[?25h\u001b[?1049l';

export async function launchApp(services: DojoServices, options: LaunchOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const initial: Route[] = [{ kind: 'home' }, ...(options.open ? [{ kind: options.open.kind, id: options.open.id } as Route] : [])];
  const ui = new UiState(initial);
  const theme = { color: colorEnabled(stdout, env) };

  let inAltScreen = false;
  const enter = () => {
    if (!inAltScreen) stdout.write(ENTER_SCREEN);
    inAltScreen = true;
  };
  const leave = () => {
    if (inAltScreen) stdout.write(LEAVE_SCREEN);
    inAltScreen = false;
  };
  // Whatever happens, never leave the learner's terminal on the alternate screen.
  const onProcessExit = () => leave();
  process.on('exit', onProcessExit);

  let settle: ((outcome: Outcome) => void) | undefined;
  const host: AppHost = {
    exit: (code) => settle?.({ kind: 'exit', code }),
    stepAside: (plan, key) => settle?.({ kind: 'step-aside', plan, key }),
  };
  const signals: Array<[NodeJS.Signals, number]> = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];
  const onSignal = (signal: NodeJS.Signals) => host.exit(signals.find(([s]) => s === signal)?.[1] ?? 1);
  for (const [signal] of signals) process.on(signal, onSignal);

  let code = 0;
  try {
    for (;;) {
      enter();
      const outcome = new Promise<Outcome>((resolve) => {
        settle = resolve;
      });
      const instance = render(<App services={services} ui={ui} host={host} theme={theme} />, {
        stdin,
        stdout,
        exitOnCtrlC: false,
        patchConsole: true,
      });
      const onResize = () => instance.clear();
      stdout.on('resize', onResize);
      const result = await outcome;
      settle = undefined;
      stdout.off('resize', onResize);
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
      if (result.kind === 'exit') {
        code = result.code;
        break;
      }
      await stepAside(result.plan, result.key);
    }
  } finally {
    for (const [signal] of signals) process.off(signal, onSignal);
    await services.close().catch(() => undefined);
    leave();
    process.off('exit', onProcessExit);
  }
  return code;

  /** Gives the terminal to a command, then waits for Enter so its last output can be read. */
  async function stepAside(plan: CommandPlan, key: string): Promise<void> {
    leave();
    releaseStdin(stdin);
    stdout.write(`\n$ ${plan.display}\n`);
    const result = await services.runInTerminal(plan);
    ui.recordTerminalRun(key, result);
    const how = result.error ?? (result.detached ? 'detached: the container goes on running' : result.exitCode !== undefined ? `exit code ${result.exitCode}` : `ended by ${result.signal ?? 'a signal'}`);
    await waitForEnter(stdin, stdout, `\n[${how}] Press Enter to go back to docker-dojo. `);
  }
}

/** Lets go of the keyboard (cooked mode, paused) so a command given the terminal gets every key. */
function releaseStdin(stdin: NodeJS.ReadStream): void {
  if (stdin.isTTY) stdin.setRawMode(false);
  stdin.pause();
}

function waitForEnter(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream, prompt: string): Promise<void> {
  return new Promise((resolve) => {
    // Ink unref()s stdin when it unmounts; without ref() nothing would keep the process waiting.
    stdin.ref();
    const rl = createInterface({ input: stdin, output: stdout, terminal: false });
    stdout.write(prompt);
    const done = () => {
      rl.close();
      releaseStdin(stdin);
      resolve();
    };
    rl.once('line', done);
    rl.once('close', resolve);
  });
}
