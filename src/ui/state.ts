/**
 * The app's view state, kept outside the views: which screens are open, what each one remembers
 * (scroll offsets, selections, command results), the help overlay. The app can be unmounted to
 * give the terminal to a command and mounted again at the same place from this state.
 */
import type { ItemKind, RunResult } from '../app/api.js';

/** A picture's id is its block's text, e.g. "engine" or "layers alpine:3.20 nginx:1.27-alpine". */
export type Route = { kind: 'home' } | { kind: ItemKind; id: string } | { kind: 'picture'; id: string };

export interface KeyHelp {
  keys: string;
  does: string;
}

export interface UiSnapshot {
  stack: Route[];
  help: boolean;
  /** A text field has the keyboard: single-key shortcuts are off. */
  textEntry: boolean;
  /** Keys of the screen on top, for the help overlay. */
  keys: KeyHelp[];
  /** Something is running that Ctrl-C should stop instead of quitting. */
  interruptible: boolean;
  /** A lab opened in this run and not passed yet: quitting from the map asks first. */
  openLab?: { id: string; title: string };
}

export const routeKey = (route: Route): string => (route.kind === 'home' ? 'home' : `${route.kind}:${route.id}`);

export class UiState {
  private snapshot: UiSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly memory = new Map<string, unknown>();
  private interrupt?: () => void;

  constructor(initial: Route[] = [{ kind: 'home' }]) {
    this.snapshot = { stack: initial.length ? initial : [{ kind: 'home' }], help: false, textEntry: false, keys: [], interruptible: false };
  }

  get = (): UiSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(change: Partial<UiSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const l of [...this.listeners]) l();
  }

  top(): Route {
    return this.snapshot.stack.at(-1)!;
  }

  open(route: Route): void {
    const stack = this.snapshot.stack;
    if (routeKey(stack.at(-1)!) === routeKey(route)) return;
    this.set({ stack: [...stack, route], help: false, textEntry: false });
  }

  /** Replaces the screen on top (e.g. "next item" from a finished lab). */
  replace(route: Route): void {
    this.set({ stack: [...this.snapshot.stack.slice(0, -1), route], help: false, textEntry: false });
  }

  /** Goes back one screen; false when already on the first one. */
  back(): boolean {
    if (this.snapshot.stack.length <= 1) return false;
    this.set({ stack: this.snapshot.stack.slice(0, -1), help: false, textEntry: false });
    return true;
  }

  /** Back to the course map in one step, whatever was opened on the way. */
  toMap(): void {
    const stack = this.snapshot.stack;
    if (stack.length === 1 && stack[0]!.kind === 'home') return;
    this.set({ stack: [{ kind: 'home' }], help: false, textEntry: false });
  }

  /** Marks a lab as open (or, with undefined, closes `id` if it is the open one). */
  setOpenLab(lab: { id: string; title: string } | undefined, id?: string): void {
    const current = this.snapshot.openLab;
    if (lab ? current?.id === lab.id : current === undefined || (id !== undefined && current.id !== id)) return;
    const { openLab: _, ...rest } = this.snapshot;
    this.snapshot = lab ? { ...rest, openLab: lab } : rest;
    for (const l of [...this.listeners]) l();
  }

  setHelp(help: boolean): void {
    if (this.snapshot.help !== help) this.set({ help });
  }

  setTextEntry(textEntry: boolean): void {
    if (this.snapshot.textEntry !== textEntry) this.set({ textEntry });
  }

  setKeys(keys: KeyHelp[]): void {
    if (JSON.stringify(keys) !== JSON.stringify(this.snapshot.keys)) this.set({ keys });
  }

  /** While set, Ctrl-C calls this instead of quitting. */
  setInterrupt(interrupt: (() => void) | undefined): void {
    this.interrupt = interrupt;
    if (this.snapshot.interruptible !== Boolean(interrupt)) this.set({ interruptible: Boolean(interrupt) });
  }

  /** Ctrl-C: stops what runs and returns true, or returns false (then the app quits). */
  interruptRunning(): boolean {
    if (!this.interrupt) return false;
    const interrupt = this.interrupt;
    this.setInterrupt(undefined);
    interrupt();
    return true;
  }

  recall<T>(key: string): T | undefined {
    return this.memory.get(key) as T | undefined;
  }

  remember<T>(key: string, value: T): void {
    this.memory.set(key, value);
  }

  /** Where the result of a command run on the terminal is left for its screen to show. */
  recordTerminalRun(key: string, result: RunResult): void {
    this.memory.set(`terminal-run:${key}`, result);
  }

  takeTerminalRun(key: string): RunResult | undefined {
    const result = this.memory.get(`terminal-run:${key}`) as RunResult | undefined;
    this.memory.delete(`terminal-run:${key}`);
    return result;
  }
}
