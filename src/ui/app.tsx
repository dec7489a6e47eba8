/**
 * The root view: the screen on top of the stack, the help overlay, the status bar, and the keys
 * that work everywhere. It is the only view that ends the app (through the host).
 */
import { Box, useInput } from 'ink';
import { Component, lazy, Suspense, useEffect, type ReactNode } from 'react';
import type { DojoServices } from '../app/api.js';
import { AppProviders, problemOf, RouteProvider, useHost, useUi, useUiState, useViewport, type AppHost, type Theme, type Viewport } from './context.js';
import { HelpOverlay } from './components/help-overlay.js';
import { keyBar, LinesView, problemLines } from './components/lines.js';
import { StatusBar } from './components/status-bar.js';
import { HomeScreen } from './screens/home.js';
import { LoadingScreen } from './screens/loading.js';
import { routeKey, type Route, type UiState } from './state.js';
import { span, type Line } from './text/lines.js';

export interface AppProps {
  services: DojoServices;
  ui: UiState;
  host: AppHost;
  theme: Theme;
  /** A fixed size (tests); otherwise the terminal's, following resizes. */
  viewport?: Viewport;
}

/**
 * The course map is the first screen; the others (and the Markdown and highlighting code the
 * lesson reader needs) load once it is drawn, or at once when the app opens on one of them.
 */
const loadScreens = {
  lesson: () => import('./screens/lesson.js').then((m) => ({ default: m.LessonScreen })),
  lab: () => import('./screens/lab.js').then((m) => ({ default: m.LabScreen })),
  quiz: () => import('./screens/quiz.js').then((m) => ({ default: m.QuizScreen })),
  picture: () => import('./screens/picture.js').then((m) => ({ default: m.PictureScreen })),
};
const LessonScreen = lazy(loadScreens.lesson);
const LabScreen = lazy(loadScreens.lab);
const QuizScreen = lazy(loadScreens.quiz);
const PictureScreen = lazy(loadScreens.picture);
const SCREENS_PRELOAD_MS = 50;

export function App(props: AppProps) {
  return (
    <AppProviders services={props.services} ui={props.ui} host={props.host} theme={props.theme} {...(props.viewport ? { viewport: props.viewport } : {})}>
      <Root />
    </AppProviders>
  );
}

function Root() {
  const { columns, rows } = useViewport();
  const ui = useUiState();
  const host = useHost();
  const route = useUi((s) => s.stack.at(-1)!);
  const help = useUi((s) => s.help);
  const textEntry = useUi((s) => s.textEntry);

  useInput((input, key) => {
    if (key.ctrl && input === 'c') {
      if (!ui.interruptRunning()) host.exit(130);
      return;
    }
    if (help) {
      if (input === '?' || input === 'q' || key.escape || key.return) ui.setHelp(false);
      return;
    }
    // Keys typed fast arrive together ("JJJ?"): a chunk that ends in ? opens the help too.
    if (!textEntry && !key.ctrl && Array.from(input).at(-1) === '?') ui.setHelp(true);
    // Screens that run commands (lessons, labs) take m themselves, to ask before stopping one.
    else if (input === 'm' && !textEntry && (route.kind === 'quiz' || route.kind === 'picture')) ui.toMap();
  });

  useEffect(() => {
    const timer = setTimeout(() => {
      for (const load of Object.values(loadScreens)) void load().catch(() => {});
    }, SCREENS_PRELOAD_MS);
    return () => clearTimeout(timer);
  }, []);

  // One line is left free below the app: a frame as tall as the terminal makes it scroll.
  const height = Math.max(3, rows - 1);
  const width = Math.max(20, columns);
  const screenHeight = height - 1;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box flexDirection="column" height={screenHeight} overflow="hidden" display={help ? 'none' : 'flex'}>
        <ErrorBoundary key={routeKey(route)} width={width} height={screenHeight}>
          <RouteProvider route={route}>
            <Suspense fallback={<LoadingScreen state={{ status: 'loading' }} what={`the ${route.kind}`} width={width} height={screenHeight} />}>
              <Screen route={route} width={width} height={screenHeight} />
            </Suspense>
          </RouteProvider>
        </ErrorBoundary>
      </Box>
      {help ? (
        <Box flexDirection="column" height={screenHeight} overflow="hidden">
          <HelpOverlay width={width} height={screenHeight} />
        </Box>
      ) : null}
      <StatusBar width={width} />
    </Box>
  );
}

function Screen({ route, width, height }: { route: Route; width: number; height: number }) {
  switch (route.kind) {
    case 'home':
      return <HomeScreen width={width} height={height} />;
    case 'lesson':
      return <LessonScreen id={route.id} width={width} height={height} />;
    case 'lab':
      return <LabScreen id={route.id} width={width} height={height} />;
    case 'quiz':
      return <QuizScreen id={route.id} width={width} height={height} />;
    case 'picture':
      return <PictureScreen id={route.id} width={width} height={height} />;
  }
}

/** A screen that throws shows the error (a bug: with its stack) instead of taking the app down. */
class ErrorBoundary extends Component<{ width: number; height: number; children: ReactNode }, { error?: unknown }> {
  override state: { error?: unknown } = {};
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    if (this.state.error === undefined) return this.props.children;
    return <FatalView error={this.state.error} width={this.props.width} height={this.props.height} />;
  }
}

function FatalView({ error, width, height }: { error: unknown; width: number; height: number }) {
  const ui = useUiState();
  const host = useHost();
  useInput((input, key) => {
    if (input === 'q' || key.escape) {
      if (!ui.back()) host.exit(1);
    }
  });
  const lines: Line[] = [[span('Something went wrong on this screen.', { bold: true, color: 'red' })], ...problemLines(problemOf(error), width, { stack: true }), [], keyBar([['q', 'back']])];
  return <LinesView lines={lines.slice(0, height)} />;
}
