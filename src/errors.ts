/**
 * Typed errors, shown by one place (the CLI's error handler or the app's error view).
 * - UsageError: the learner typed something we cannot act on (exit 2), with a suggestion.
 * - EngineError: the engine could not be reached or refused (exit 2), with a fix.
 * - CourseError: a course file is malformed (exit 1), naming file and field.
 * - Anything else is a bug and gets its stack.
 */
export class DojoError extends Error {
  /** One sentence telling the learner what to do next. */
  readonly tryThis?: string;
  readonly exitCode: number;
  constructor(message: string, options: { tryThis?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.tryThis = options.tryThis;
    this.exitCode = options.exitCode ?? 1;
  }
}

export class UsageError extends DojoError {
  constructor(message: string, tryThis?: string) {
    super(message, { tryThis, exitCode: 2 });
  }
}

export type EngineProblemCode =
  | 'not-installed'
  | 'not-running'
  | 'permission-denied'
  | 'malformed-host'
  | 'dead-context'
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'api'
  | 'registry-unreachable';

export class EngineError extends DojoError {
  readonly code: EngineProblemCode;
  /** The HTTP status of an engine's refusal ('api'), e.g. 404 for no such object. */
  readonly statusCode?: number;
  constructor(code: EngineProblemCode, message: string, tryThis?: string, cause?: unknown, statusCode?: number) {
    super(message, { tryThis, exitCode: 2, cause });
    this.code = code;
    if (statusCode !== undefined) this.statusCode = statusCode;
  }
}

export class CourseError extends DojoError {
  constructor(message: string, tryThis?: string) {
    super(message, { tryThis, exitCode: 1 });
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** An error as the learner reads it: one sentence, what to do next, a stack only for bugs. */
export interface ProblemView {
  message: string;
  tryThis?: string;
  /** Set for unexpected errors (bugs): the stack to report. */
  stack?: string;
}

/** The one mapping from an error to what the learner sees, for the CLI and the app alike. */
export function problemOf(error: unknown): ProblemView {
  if (error instanceof DojoError) return { message: error.message, ...(error.tryThis ? { tryThis: error.tryThis } : {}) };
  const stack = error instanceof Error ? error.stack : undefined;
  return { message: describeError(error), ...(stack ? { stack } : {}) };
}

/** Writes a failure for the CLI and returns its exit code: the learner's sentences, or a bug to report. */
export function reportFailure(error: unknown, write: (text: string) => void = (text) => void process.stderr.write(text)): number {
  const problem = problemOf(error);
  if (error instanceof DojoError) {
    write(`${problem.message}\n${problem.tryThis ? `${problem.tryThis}\n` : ''}`);
    return error.exitCode;
  }
  write(`docker-dojo hit a bug: ${problem.stack ?? problem.message}\nPlease report it with the command you ran.\n`);
  return 70;
}
