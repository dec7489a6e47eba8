import { describe, expect, it, vi } from 'vitest';

describe('yoga as the app loads it', () => {
  it('lays out boxes without ever calling fetch, and leaves fetch in place afterwards', async () => {
    const realFetch = globalThis.fetch;
    const fetchSpy = vi.fn(realFetch);
    globalThis.fetch = fetchSpy;
    try {
      const { default: Yoga, FlexDirection } = await import('./yoga.js');
      const root = Yoga.Node.create();
      root.setFlexDirection(FlexDirection.Row);
      root.setWidth(80);
      const child = Yoga.Node.create();
      child.setFlexGrow(1);
      root.insertChild(child, 0);
      root.calculateLayout(undefined, undefined);
      expect(child.getComputedWidth()).toBe(80);
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(globalThis.fetch).toBe(fetchSpy);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it("the stock loader would have fetched its WebAssembly: the reason this file exists", async () => {
    const { loadYoga } = await import('yoga-layout/load');
    const realFetch = globalThis.fetch;
    const fetchSpy = vi.fn(realFetch);
    globalThis.fetch = fetchSpy;
    try {
      await loadYoga();
      expect(fetchSpy).toHaveBeenCalledTimes(1);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
