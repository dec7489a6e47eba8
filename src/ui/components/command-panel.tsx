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
import { span, truncateLine, wrapSpans, type Line, type Span } from '../text/lines.js';

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
  propose(command: string, shell: boolean, cwd: string, language?: string): void;
  /** Keys for the panel; true when the key was used. */
  handleKey(input: string, key: Key): boolean;
  close(): void;
  /** A command is running (leaving the screen would stop it). */
  running: boolean;
  /** Runs `leave` at once, or, while a command runs, first asks whether to stop it. */
  guard(leave: () => void): void;
  /** The question `guard` asked, while it waits for y or n. */
  leaving: boolean;
  /** Stops the running command (the result then says so). */
  stop(): void;
  /** The whole output is shown on the full screen (o): the screen draws `viewLines` instead. */
  viewing: boolean;
  viewLines(width: number, height: number): Line[];
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
  const [viewing, setViewing] = useState(false);
  const pendingLeave = useRef<(() => void) | undefined>(undefined);
  const [leaving, setLeaving] = useState(false);
  // The output view's first line; undefined follows the end (as new output arrives).
  const [viewTop, setViewTop] = useState<number | undefined>(undefined);
  const viewRows = useRef(10);
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
    (command: string, shell: boolean, cwd: string, language?: string) => {
      if (handle.current) return;
      setState({ phase: 'confirm', plan: services.planCommand({ command, shell, cwd, ...(language ? { language } : {}) }) });
    },
    [services],
  );

  const close = useCallback(() => {
    if (handle.current) return;
    setState({ phase: 'closed' });
  }, []);

  const outputOf = (s: RunnerState) => (s.phase === 'running' || s.phase === 'done' ? s.output : []);

  const guard = (leave: () => void) => {
    if (!handle.current) return leave();
    pendingLeave.current = leave;
    setLeaving(true);
  };

  const handleKey = (input: string, key: Key): boolean => {
    if (leaving) {
      const leave = pendingLeave.current;
      if (input === 'y') {
        pendingLeave.current = undefined;
        setLeaving(false);
        stop();
        leave?.();
      } else if (input === 'n' || key.escape || input === 'q') {
        pendingLeave.current = undefined;
        setLeaving(false);
      }
      return true;
    }
    if (viewing) {
      const total = outputOf(state).length;
      const page = Math.max(1, viewRows.current - 1);
      const maxTop = Math.max(0, total - viewRows.current);
      const top = Math.min(viewTop ?? maxTop, maxTop);
      const to = (n: number) => setViewTop(Math.max(0, Math.min(maxTop, n)) >= maxTop ? undefined : Math.max(0, n));
      if (input === 'o' || input === 'q' || key.escape) setViewing(false);
      else if (key.upArrow || input === 'k') to(top - 1);
      else if (key.downArrow || input === 'j') to(top + 1);
      else if (key.pageUp || input === 'b') to(top - page);
      else if (key.pageDown || input === ' ') to(top + page);
      else if (input === 'g' || key.home) to(0);
      else if (input === 'G' || key.end) to(maxTop);
      else if (input === 'x' && state.phase === 'running') stop();
      return true;
    }
    if (input === 'o' && (state.phase === 'running' || state.phase === 'done') && state.output.length > 0) {
      setViewing(true);
      setViewTop(undefined);
      return true;
    }
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

  const viewLines = (width: number, height: number): Line[] => {
    const rows = Math.max(1, height - 3);
    viewRows.current = rows;
    const output = outputOf(state);
    const lines = output.map((o) => truncateLine([span(sanitizeTerminalText(o.text), o.stream === 'stderr' ? { color: 'yellow' } : {})], width));
    const maxTop = Math.max(0, lines.length - rows);
    const top = Math.min(viewTop ?? maxTop, maxTop);
    const shown = lines.slice(top, top + rows);
    while (shown.length < rows) shown.push([]);
    const command = state.phase === 'closed' ? '' : sanitizeTerminalText(state.plan.display).split('\n')[0]!;
    const where = lines.length > rows ? ` · lines ${top + 1}–${Math.min(lines.length, top + rows)} of ${lines.length}` : '';
    const status = state.phase === 'running' ? ' · running' : '';
    return [
      truncateLine([span('Output of ', { dim: true }), span(`$ ${command}`, { bold: true }), span(`${where}${status}`, { dim: true })], width),
      [span('─'.repeat(width), { color: 'gray', dim: true })],
      ...shown,
      truncateLine([span('↑↓ PgUp PgDn', { bold: true }), span(' scroll · ', { dim: true }), span('g G', { bold: true }), span(' top/end · ', { dim: true }), ...(state.phase === 'running' ? [span('x', { bold: true }), span(' stop · ', { dim: true })] : []), span('o/Esc', { bold: true }), span(' back', { dim: true })], width),
    ];
  };

  return { state, propose, handleKey, close, running: state.phase === 'running', stop, guard, leaving: leaving && state.phase === 'running', viewing: viewing && (state.phase === 'running' || state.phase === 'done'), viewLines };
}

/** The panel's lines for a runner state, at most `height` of them. */
export function runnerLines(state: RunnerState, width: number, height: number, options: { leaving?: boolean } = {}): Line[] {
  if (state.phase === 'closed') return [];
  if (options.leaving && state.phase === 'running') {
    const note = engineNote(state.plan.argv);
    return [
      ...wrapSpans([span('A command is still running: leaving stops it. ', { color: 'yellow', bold: true }), ...(note ? [span(note, { dim: true })] : [])], width),
      [span('y', { bold: true }), span(' stop it and leave · ', { dim: true }), span('n/Esc', { bold: true }), span(' stay', { dim: true })],
    ].slice(-height);
  }
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
  const status: Line[] =
    state.phase === 'running'
      ? [[span('● running', { color: 'cyan', bold: true }), span(' · x or Ctrl-C stops it', { dim: true })]]
      : resultLines(state.result, state.onTerminal ?? false, width);
  const room = Math.max(0, height - command.length - status.length);
  const out: Line[] = [];
  let hidden = 0;
  for (let i = state.output.length - 1; i >= 0; i--) {
    if (out.length >= room) {
      hidden = i + 1;
      break;
    }
    const o = state.output[i]!;
    const wrapped = wrapSpans([span(sanitizeTerminalText(o.text), o.stream === 'stderr' ? { color: 'yellow' } : {})], width);
    out.unshift(...wrapped);
  }
  let shown = out.slice(Math.max(0, out.length - room));
  if (hidden > 0 || out.length > room) {
    // The first output row says what is above it and how to read it all.
    const above = hidden + (out.length - shown.length);
    shown = [[span(`▲ ${above} earlier line${above === 1 ? '' : 's'} · o shows all the output`, { color: 'cyan' })], ...shown.slice(1)];
  }
  return [...command.slice(0, Math.max(1, height - status.length - shown.length)), ...shown, ...status].slice(0, height);
}

function resultLines(result: RunResult, onTerminal: boolean, width: number): Line[] {
  const tail = span(' · Esc closes', { dim: true });
  if (result.error) return [[span('✘ ', { color: 'red', bold: true }), span(result.error, { color: 'red' }), tail]];
  if (result.detached) return [[span('⏏ detached', { color: 'green', bold: true }), span(': the container goes on running (docker ps shows it)', { dim: true }), tail]];
  if (result.stopped) {
    const note = result.stopNote ? wrapSpans([span(result.stopNote, { color: 'yellow' })], width) : [];
    return [[span('■ stopped', { color: 'yellow', bold: true }), span(onTerminal ? ' with Ctrl-C' : ' (the command, not the engine)', { dim: true }), tail], ...note];
  }
  return [resultLine(result, onTerminal, tail)];
}

function resultLine(result: RunResult, onTerminal: boolean, tail: Span): Line {
  const ok = result.exitCode === 0;
  const where = onTerminal ? ' (ran in your terminal)' : '';
  const code = result.exitCode !== undefined ? `exit code ${result.exitCode}` : `ended by ${result.signal ?? 'a signal'}`;
  return [span(ok ? '✔ ' : '✘ ', { color: ok ? 'green' : 'red', bold: true }), span(code, { color: ok ? 'green' : 'red' }), span(where, { dim: true }), tail];
}

function fitTail(lines: Line[], height: number, keepFirst: number): Line[] {
  if (lines.length <= height) return lines;
  return [...lines.slice(0, keepFirst), ...lines.slice(lines.length - (height - keepFirst))];
}

/** Whether the command talks to the engine (stopping it then leaves the engine's work going). */
function engineNote(argv: readonly string[]): string | undefined {
  return argv[0] && /(^|\/)docker$/.test(argv[0]) ? 'Docker itself may still finish what it was asked.' : undefined;
}
