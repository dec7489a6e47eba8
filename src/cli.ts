/**
 * The entry point. `docker-dojo` alone opens the app straight away; anything else goes through
 * the argument parser (program.ts), which is only loaded then.
 */
import { reportFailure } from './errors.js';

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
