/**
 * The entry point. `docker-dojo` alone opens the app straight away; anything else goes through
 * the argument parser (program.ts), which is only loaded then.
 */
import { DojoError } from './errors.js';

export async function main(argv: string[] = process.argv): Promise<number> {
  if (argv.length > 2) return (await import('./program.js')).runProgram(argv);
  try {
    const { createContext } = await import('./commands/context.js');
    const { homeCommand } = await import('./commands/home.js');
    return await homeCommand(createContext({}));
  } catch (error) {
    return reportFailure(error);
  }
}

/** A problem the learner can act on gets its sentences; anything else is a bug to report. */
export function reportFailure(error: unknown): number {
  if (error instanceof DojoError) {
    process.stderr.write(`${error.message}\n`);
    if (error.tryThis) process.stderr.write(`${error.tryThis}\n`);
    return error.exitCode;
  }
  process.stderr.write(`docker-dojo hit a bug: ${(error as Error)?.stack ?? String(error)}\nPlease report it with the command you ran.\n`);
  return 70;
}
