export interface Verdict {
  ok: boolean;
  /** What the check looks for, in a learner's words. */
  title: string;
  expected: string;
  found: string;
  hint?: string;
}

export const pass = (title: string, expected: string, found: string): Verdict => ({ ok: true, title, expected, found });
export const fail = (title: string, expected: string, found: string, hint?: string): Verdict => ({
  ok: false,
  title,
  expected,
  found,
  ...(hint ? { hint } : {}),
});
export const verdict = (ok: boolean, title: string, expected: string, found: string, hint?: string): Verdict =>
  ok ? pass(title, expected, found) : fail(title, expected, found, hint);

export const list = (items: readonly string[], none = 'none'): string => (items.length === 0 ? none : items.join(', '));
