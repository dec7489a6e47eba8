/**
 * yoga-layout as Ink imports it (`import Yoga from 'yoga-layout'`): the build points that import
 * here (scripts/build.mjs), and yoga.test.ts imports this same file.
 *
 * yoga's Emscripten loader reads its embedded WebAssembly through `fetch` whenever `fetch` exists,
 * and Node builds its fetch (undici) on first use: tens of milliseconds before the app's first
 * frame on an idle machine, hundreds on a busy one. Without `fetch` the loader decodes the same
 * embedded bytes itself. It decides synchronously, inside the call, so `fetch` is hidden for that
 * call only and no other code can see it missing.
 */
import { loadYoga } from 'yoga-layout/load';

export * from 'yoga-layout/load';

/** Calls `load` with the global `fetch` out of sight for the synchronous part of the call. */
export function withoutFetch<T>(load: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!descriptor?.configurable) return load();
  delete (globalThis as { fetch?: unknown }).fetch;
  try {
    return load();
  } finally {
    Object.defineProperty(globalThis, 'fetch', descriptor);
  }
}

const Yoga = await withoutFetch(loadYoga);
export default Yoga;
