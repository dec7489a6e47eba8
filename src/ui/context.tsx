/**
 * What every view can reach: the services (data and actions), the view state, the host (exit and
 * stepping aside for terminal commands), the theme and the terminal size. Tests provide fakes.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useInput, useStdout, type Key } from 'ink';
import type { CommandPlan, DojoServices, EngineStatus, ProblemView } from '../app/api.js';
import { problemOf } from '../errors.js';
import { routeKey, type KeyHelp, type Route, type UiSnapshot, type UiState } from './state.js';

export interface Theme {
  /** False under NO_COLOR (and when the terminal has no colours). */
  color: boolean;
}

/** What only the launcher can do: leave the app, or give the terminal to a command for a while. */
export interface AppHost {
  exit(code: number): void;
  /** Unmounts the app, runs the command on the terminal, stores its result under `key`, and mounts the app again. */
  stepAside(plan: CommandPlan, key: string): void;
}

export interface Viewport {
  columns: number;
  rows: number;
}

const ServicesContext = createContext<DojoServices | undefined>(undefined);
const UiContext = createContext<UiState | undefined>(undefined);
const HostContext = createContext<AppHost | undefined>(undefined);
const ThemeContext = createContext<Theme>({ color: true });
const ViewportContext = createContext<Viewport | undefined>(undefined);
const RouteContext = createContext<Route>({ kind: 'home' });

export function AppProviders(props: { services: DojoServices; ui: UiState; host: AppHost; theme: Theme; viewport?: Viewport; children: ReactNode }) {
  return (
    <ServicesContext.Provider value={props.services}>
      <UiContext.Provider value={props.ui}>
        <HostContext.Provider value={props.host}>
          <ThemeContext.Provider value={props.theme}>
            <ViewportContext.Provider value={props.viewport}>{props.children}</ViewportContext.Provider>
          </ThemeContext.Provider>
        </HostContext.Provider>
      </UiContext.Provider>
    </ServicesContext.Provider>
  );
}

export function RouteProvider(props: { route: Route; children: ReactNode }) {
  return <RouteContext.Provider value={props.route}>{props.children}</RouteContext.Provider>;
}

const required = <T,>(value: T | undefined, name: string): T => {
  if (value === undefined) throw new Error(`${name} is missing: render views inside <AppProviders>.`);
  return value;
};

export const useServices = (): DojoServices => required(useContext(ServicesContext), 'DojoServices');
export const useUiState = (): UiState => required(useContext(UiContext), 'UiState');
export const useHost = (): AppHost => required(useContext(HostContext), 'AppHost');
export const useTheme = (): Theme => useContext(ThemeContext);
export const useRoute = (): Route => useContext(RouteContext);

export function useUi<T>(select: (s: UiSnapshot) => T): T {
  const ui = useUiState();
  return useSyncExternalStore(ui.subscribe, () => select(ui.get()));
}

/** The terminal's size, following resizes (a fixed size in tests). */
export function useViewport(): Viewport {
  const fixed = useContext(ViewportContext);
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}

/**
 * Like useState, but kept in the view state so it survives the app being mounted again. The
 * setter and `get` work on the latest value even before React renders it, so several keys
 * arriving in one burst (held-down arrows, fast typing) each build on the one before.
 */
export function useRemembered<T>(name: string, initial: T | (() => T)): [T, (value: T | ((previous: T) => T)) => void, () => T] {
  const ui = useUiState();
  const key = `${routeKey(useRoute())}:${name}`;
  const read = (): T => {
    const recalled = ui.recall<T>(key);
    if (recalled !== undefined) return recalled;
    return typeof initial === 'function' ? (initial as () => T)() : initial;
  };
  const [state, setState] = useState<{ key: string; value: T }>(() => ({ key, value: read() }));
  // A new name (e.g. the next question) starts from what is remembered for it.
  const value = state.key === key ? state.value : read();
  const latest = useRef({ key, value });
  latest.current = { key, value };
  const set = useCallback(
    (next: T | ((previous: T) => T)) => {
      const previous = latest.current;
      const resolved = typeof next === 'function' ? (next as (p: T) => T)(previous.value) : next;
      latest.current = { key: previous.key, value: resolved };
      ui.remember(previous.key, resolved);
      setState({ key: previous.key, value: resolved });
    },
    [ui],
  );
  const get = useCallback(() => latest.current.value, []);
  return [value, set, get];
}

/** Keys for the current screen; they also fill the help overlay. */
export function useKeyHelp(keys: KeyHelp[]): void {
  const ui = useUiState();
  const text = JSON.stringify(keys);
  useEffect(() => {
    ui.setKeys(JSON.parse(text) as KeyHelp[]);
  }, [ui, text]);
}

/** Keyboard input for a screen: off while the help overlay is open or when `active` is false. */
export function useScreenInput(handler: (input: string, key: Key) => void, active = true): void {
  const help = useUi((s) => s.help);
  const ref = useRef(handler);
  ref.current = handler;
  useInput(
    (input, key) => {
      // Keys typed quickly (or held down) can arrive together: handle them one by one.
      const chars = Array.from(input);
      if (chars.length > 1 && !key.ctrl && !key.meta) for (const ch of chars) ref.current(ch === '\t' || ch === '\r' || ch === '\x7f' ? '' : ch, keyOf(ch, key));
      else ref.current(input, key);
    },
    { isActive: active && !help },
  );
}

/** The key for one character of a chunk that arrived with others. */
function keyOf(ch: string, chunk: Key): Key {
  const none = Object.fromEntries(Object.entries(chunk).map(([k, v]) => [k, typeof v === 'boolean' ? false : v])) as unknown as Key;
  return { ...none, tab: ch === '\t', return: ch === '\r', backspace: ch === '\x7f' || ch === '\b', shift: /[A-Z]/.test(ch) };
}

export function useEngineStatus(): EngineStatus {
  const services = useServices();
  return useSyncExternalStore(
    (notify) => services.subscribeEngine(notify),
    () => services.engineStatus(),
  );
}

export type AsyncState<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; problem: ProblemView };

/**
 * Loads data once per `key` (e.g. a lesson id); `reload` loads it again. With `initial`, data
 * that is at hand synchronously is drawn in the first frame instead of after a loading one.
 */
export function useAsync<T>(load: () => Promise<T>, key: string, initial?: () => T): [AsyncState<T>, () => void, (value: T) => void] {
  const atHand = useRef<boolean>(false);
  const [state, setState] = useState<AsyncState<T>>(() => {
    if (!initial) return { status: 'loading' };
    try {
      const value = initial();
      atHand.current = true;
      return { status: 'ready', value };
    } catch {
      return { status: 'loading' };
    }
  });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (atHand.current) {
      atHand.current = false;
      return;
    }
    let alive = true;
    loadRef.current().then(
      (value) => alive && setState({ status: 'ready', value }),
      (error: unknown) => alive && setState({ status: 'failed', problem: problemOf(error) }),
    );
    return () => {
      alive = false;
    };
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const replace = useCallback((value: T) => setState({ status: 'ready', value }), []);
  return [state, reload, replace];
}

export { problemOf };
