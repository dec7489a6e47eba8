/**
 * V8 settings for the interactive app: a long-lived process that sits beside the learner's work,
 * mostly waiting for a key, whose heaviest job (laying out a lesson) takes milliseconds. V8 reads
 * these when it next needs them, so setting them at run time works (session-memory.test.ts shows
 * each taking effect).
 *
 * - The young generation keeps its first size instead of doubling towards 2 × 16 MB. Screens
 *   make short-lived garbage on every key; a small nursery collects it more often, each time
 *   cheaply.
 * - No optimizing compilers for JavaScript; the interpreter and V8's baseline compiler still run.
 *   Start-up runs most code once, and optimizing it in the background took ~10 MB by the first
 *   frame without making that frame sooner; later it grew the process by ~20 MB while a lesson
 *   scrolled. Laying out a lesson takes ~6.6 ms instead of ~4.4 ms (the course's 42, averaged).
 *
 * - yoga's WebAssembly stays on V8's baseline compiler: Ink's layouts are a few dozen boxes, and
 *   tiering yoga up compiled it a second time in the background (first-frame peak RSS ~66 → ~73 MB).
 *   A tiering budget no function spends does this at run time on every Node CI runs;
 *   `--liftoff-only` would not, since Node 24's V8 reads it only as it starts.
 *
 * Only flags that session-memory.test.ts shows taking effect on every Node CI runs (20, 22, 24)
 * are set.
 *
 * Measured with `npm run bench` (BENCHMARKS.md): peak RSS by the first frame 81 → 63 MB.
 */
import { setFlagsFromString } from 'node:v8';

export const SESSION_V8_FLAGS = ['--semi-space-growth-factor=1', '--no-opt', '--no-maglev', '--wasm-tiering-budget=2147483647'] as const;

export function settleForSession(): void {
  for (const flag of SESSION_V8_FLAGS) setFlagsFromString(flag);
}
