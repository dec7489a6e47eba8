/**
 * One harness for view tests: the whole app at a fixed 80×24 with fake services, keys by name,
 * and waits that poll the latest frame for text (never a fixed sleep).
 */
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import type { CommandPlan, DojoServices } from '../../app/api.js';
import { App } from '../app.js';
import type { AppHost } from '../context.js';
import { UiState, type Route } from '../state.js';

const KEYS = {
  enter: '\r',
  escape: '\u001b',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  tab: '\t',
  'shift-tab': '\u001b[Z',
  pageup: '\u001b[5~',
  pagedown: '\u001b[6~',
  backspace: '\u007f',
  'ctrl-c': '\u0003',
} as const;
export type KeyName = keyof typeof KEYS;

export interface Harness {
  ui: UiState;
  exits: number[];
  stepAsides: Array<{ plan: CommandPlan; key: string }>;
  frame(): string;
  lines(): string[];
  /** Waits until the latest frame contains the text (or matches). */
  waitFor(expected: string | RegExp, timeoutMs?: number): Promise<string>;
  waitUntil(what: string, predicate: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Presses keys by name (see KEYS) or types characters, letting the app settle between them. */
  press(...keys: Array<KeyName | string>): Promise<void>;
  unmount(): void;
}

/** Lets React flush effects (input handlers attach in effects) and Ink deliver pending input. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

export function renderApp(services: DojoServices, options: { stack?: Route[]; columns?: number; rows?: number; color?: boolean } = {}): Harness {
  const ui = new UiState(options.stack ?? [{ kind: 'home' }]);
  const exits: number[] = [];
  const stepAsides: Harness['stepAsides'] = [];
  const host: AppHost = {
    exit: (code) => exits.push(code),
    stepAside: (plan, key) => stepAsides.push({ plan, key }),
  };
  const columns = options.columns ?? 80;
  const rows = options.rows ?? 24;
  const instance = render(<App services={services} ui={ui} host={host} theme={{ color: options.color ?? false }} viewport={{ columns, rows }} />);
  const frame = () => instance.lastFrame() ?? '';

  const waitUntil = async (what: string, predicate: (frame: string) => boolean, timeoutMs = 3000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = frame();
      if (predicate(current)) return current;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the last frame was:\n${current}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  return {
    ui,
    exits,
    stepAsides,
    frame,
    lines: () => frame().split('\n'),
    waitFor: (expected, timeoutMs) =>
      waitUntil(typeof expected === 'string' ? JSON.stringify(expected) : String(expected), (f) => (typeof expected === 'string' ? f.includes(expected) : expected.test(f)), timeoutMs),
    waitUntil,
    async press(...keys) {
      for (const key of keys) {
        await settle();
        instance.stdin.write(key in KEYS ? KEYS[key as KeyName] : key);
        await settle();
      }
    },
    unmount: () => instance.unmount(),
  };
}

/** Checks the frame fits the terminal: at most rows − 1 lines, none wider than the columns. */
export function frameFits(frame: string, columns = 80, rows = 24): { ok: boolean; height: number; widest: number } {
  const lines = frame.split('\n');
  const widest = Math.max(...lines.map((l) => stringWidth(l)));
  return { ok: lines.length <= rows - 1 && widest <= columns, height: lines.length, widest };
}
