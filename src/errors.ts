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
  constructor(code: EngineProblemCode, message: string, tryThis?: string, cause?: unknown) {
    super(message, { tryThis, exitCode: 2, cause });
    this.code = code;
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
