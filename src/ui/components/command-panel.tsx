/**
 * Running a lesson's command: show exactly what will run and ask, then stream its output live
 * with the exit code. Commands that need the terminal make the app step aside instead.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Key } from 'ink';
import type { CommandPlan, OutputStream, RunHandle, RunResult } from '../../app/api.js';
import { useHost, useRemembered, useRoute, useServices, useUiState } from '../context.js';
import { routeKey } from '../state.js';
import { sanitizeTerminalText } from '../sanitize.js';
import { span, wrapSpans, type Line } from '../text/lines.js';

export interface OutputLine {
  text: string;
  stream: OutputStream;
}

export type RunnerState =
  | { phase: 'closed' }
  | { phase: 'confirm'; plan: CommandPlan }
  | { phase: 'running'; plan: CommandPlan; output: OutputLine[] }
  | { phase: 'done'; plan: CommandPlan; output: OutputLine[]; result: RunResult; onTerminal?: boolean };

const MAX_LINES = 2000;

export interface CommandRunner {
  state: RunnerState;
  /** Opens the confirmation for a block. */
  propose(command: string, shell: boolean, cwd: string): void;
  /** Keys for the panel; true when the key was used. */
  handleKey(input: string, key: Key): boolean;
  close(): void;
}

export function useCommandRunner(): CommandRunner {
  const services = useServices();
  const host = useHost();
  const ui = useUiState();
  const screen = routeKey(useRoute());
  const [remembered, setRemembered] = useRemembered<RunnerState>('runner', { phase: 'closed' });
  const [state, setState] = useState<RunnerState>(() => {
    const fromTerminal = ui.takeTerminalRun(screen);
    if (fromTerminal && remembered.phase === 'confirm') return { phase: 'done', plan: remembered.plan, output: [], result: fromTerminal, onTerminal: true };
    // A command that was streaming when the app was remounted has been stopped by then.
    return remembered.phase === 'running' ? { phase: 'closed' } : remembered;
  });
  const handle = useRef<RunHandle | undefined>(undefined);
  const output = useRef<OutputLine[]>([]);
  const partial = useRef<Record<OutputStream, string>>({ stdout: '', stderr: '' });

  useEffect(() => setRemembered(state), [state, setRemembered]);
  useEffect(
    () => () => {
      handle.current?.stop();
      ui.setInterrupt(undefined);
    },
    [ui],
  );

  const stop = useCallback(() => handle.current?.stop(), []);

  const run = useCallback(
    (plan: CommandPlan) => {
      if (plan.needsTerminal) {
        // Remembered as 'confirm' so the result lands here when the app comes back.
        setRemembered({ phase: 'confirm', plan });
        host.stepAside(plan, screen);
        return;
      }
      output.current = [];
      partial.current = { stdout: '', stderr: '' };
      const onOutput = (text: string, stream: OutputStream) => {
        const parts = (partial.current[stream] + text).split('\n');
        partial.current[stream] = parts.pop() ?? '';
        for (const p of parts) output.current.push({ text: p, stream });
        if (output.current.length > MAX_LINES) output.current.splice(0, output.current.length - MAX_LINES);
        setState({ phase: 'running', plan, output: withPartial() });
      };
      const withPartial = () => [
        ...output.current,
        ...(['stdout', 'stderr'] as const).filter((s) => partial.current[s]).map((s) => ({ text: partial.current[s], stream: s })),
      ];
      const h = services.runCommand(plan, onOutput);
      handle.current = h;
      ui.setInterrupt(() => h.stop());
      setState({ phase: 'running', plan, output: [] });
      void h.done.then((result) => {
        if (handle.current !== h) return;
        handle.current = undefined;
        ui.setInterrupt(undefined);
        setState({ phase: 'done', plan, output: withPartial(), result });
      });
    },
    [services, host, ui, screen, setRemembered],
  );

  const propose = useCallback(
    (command: string, shell: boolean, cwd: string) => {
      if (handle.current) return;
      setState({ phase: 'confirm', plan: services.planCommand({ command, shell, cwd }) });
    },
    [services],
  );

  const close = useCallback(() => {
    if (handle.current) return;
    setState({ phase: 'closed' });
  }, []);

  const handleKey = (input: string, key: Key): boolean => {
    switch (state.phase) {
      case 'confirm':
        if (key.return || input === 'y') {
          if (!state.plan.problem) run(state.plan);
          else setState({ phase: 'closed' });
          return true;
        }
        if (key.escape || input === 'n' || input === 'q') {
          setState({ phase: 'closed' });
          return true;
        }
        return true; // the question has the keyboard
      case 'running':
        if (input === 'x' || key.escape) {
          stop();
          return true;
        }
        return false;
      case 'done':
        if (key.escape || input === 'x') {
          setState({ phase: 'closed' });
          return true;
        }
        return false;
      default:
        return false;
    }
  };

  return { state, propose, handleKey, close };
}

/** The panel's lines for a runner state, at most `height` of them. */
export function runnerLines(state: RunnerState, width: number, height: number): Line[] {
  if (state.phase === 'closed') return [];
  const command = sanitizeTerminalText(state.plan.display)
    .split('\n')
    .flatMap((text, i) => wrapSpans([span(i === 0 ? '$ ' : '  ', { color: 'gray' }), span(text, { bold: true })], width, { indent: [span('  ')] }));
  if (state.phase === 'confirm') {
    const { plan } = state;
    if (plan.problem) {
      return [
        ...wrapSpans([span('✘ ', { color: 'red', bold: true }), span(plan.problem)], width, { indent: [span('  ')] }),
        [span('Enter', { bold: true }), span(' close', { dim: true })],
      ].slice(0, height);
    }
    const how = plan.request.shell ? `Run this with ${plan.argv[0]} -c?` : 'Run this command?';
    const lines: Line[] = [[span(how, { bold: true }), span(`  (in ${plan.request.cwd})`, { dim: true })], ...command];
    if (plan.fromCourse) lines.push(...wrapSpans([span(`From the course in ${sanitizeTerminalText(plan.fromCourse)}, not docker-dojo's own: run it only if you trust that course.`, { color: 'yellow' })], width));
    if (plan.needsTerminal) lines.push(...wrapSpans([span('It needs your terminal: the app steps aside while it runs and comes back when it ends.', { color: 'yellow' })], width));
    lines.push([span('Enter/y', { bold: true }), span(' run · ', { dim: true }), span('n/Esc', { bold: true }), span(' cancel', { dim: true })]);
    return fitTail(lines, height, 0);
  }
  const status: Line =
    state.phase === 'running'
      ? [span('● running', { color: 'cyan', bold: true }), span(' · Ctrl-C or x stops it', { dim: true })]
      : resultLine(state.result, state.onTerminal ?? false);
  const room = Math.max(0, height - command.length - 1);
  const out: Line[] = [];
  for (let i = state.output.length - 1; i >= 0 && out.length < room; i--) {
    const o = state.output[i]!;
    const wrapped = wrapSpans([span(sanitizeTerminalText(o.text), o.stream === 'stderr' ? { color: 'yellow' } : {})], width);
    out.unshift(...wrapped);
  }
  const shown = out.slice(Math.max(0, out.length - room));
  return [...command.slice(0, Math.max(1, height - 1 - shown.length)), ...shown, status].slice(0, height);
}

function resultLine(result: RunResult, onTerminal: boolean): Line {
  const tail = span(' · Esc closes', { dim: true });
  if (result.error) return [span('✘ ', { color: 'red', bold: true }), span(result.error, { color: 'red' }), tail];
  if (result.stopped) return [span('■ stopped', { color: 'yellow', bold: true }), tail];
  const ok = result.exitCode === 0;
  const where = onTerminal ? ' (ran in your terminal)' : '';
  const code = result.exitCode !== undefined ? `exit code ${result.exitCode}` : `ended by ${result.signal ?? 'a signal'}`;
  return [span(ok ? '✔ ' : '✘ ', { color: ok ? 'green' : 'red', bold: true }), span(code, { color: ok ? 'green' : 'red' }), span(where, { dim: true }), tail];
}

function fitTail(lines: Line[], height: number, keepFirst: number): Line[] {
  if (lines.length <= height) return lines;
  return [...lines.slice(0, keepFirst), ...lines.slice(lines.length - (height - keepFirst))];
}
