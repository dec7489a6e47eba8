/**
 * Shared set-up for tests that need the real engine. Without one they are skipped with the
 * reason in their title — unless DOJO_REQUIRE_ENGINE=1 (CI), where they fail instead.
 */
import { execa } from 'execa';
import { connectEngine, type Connection } from '../../src/engine/connect.js';
import { describeError } from '../../src/errors.js';

export const engineRequired = process.env.DOJO_REQUIRE_ENGINE === '1';

export async function probeEngine(): Promise<{ connection?: Connection; skipReason?: string }> {
  try {
    return { connection: await connectWithRetries() };
  } catch (error) {
    if (engineRequired) throw new Error(`DOJO_REQUIRE_ENGINE=1 but no engine answers: ${describeError(error)}`);
    const skipReason = `skipped, no Docker engine answers: ${describeError(error)}`;
    console.warn(`\n⚠ ${skipReason}\n  Run scripts/engine-up.sh (as root) or set DOJO_REQUIRE_ENGINE=1 to make this a failure.\n`);
    return { skipReason };
  }
}

/**
 * The first request also loads the client's modules, which on a busy machine can take longer
 * than the ping's own time limit: an engine that answers a second or third try is there.
 */
async function connectWithRetries(tries = 3): Promise<Connection> {
  for (let attempt = 1; ; attempt++) {
    try {
      const connection = await connectEngine();
      await connection.client.ping();
      return connection;
    } catch (error) {
      if (attempt >= tries) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Runs the docker CLI for test set-up (grading never parses CLI output). */
export async function docker(...args: string[]) {
  return execa('docker', args, { reject: false, stdin: 'ignore' });
}

export async function dockerOk(...args: string[]) {
  const result = await docker(...args);
  if (result.exitCode !== 0) throw new Error(`docker ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Removes test objects by name, ignoring ones that are not there. Only ever names the test's own. */
export async function removeQuietly(kind: 'container' | 'image' | 'volume' | 'network' | 'service', ...names: string[]) {
  if (names.length === 0) return;
  const verb: Record<typeof kind, string[]> = {
    container: ['rm', '-f'],
    image: ['image', 'rm'],
    volume: ['volume', 'rm'],
    network: ['network', 'rm'],
    service: ['service', 'rm'],
  };
  await docker(...verb[kind], ...names);
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
