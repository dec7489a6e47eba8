/** Close matches for mistyped ids. */
import { distance } from 'fastest-levenshtein';

/** " (did you mean "x"?)" when a known id is close, else "". */
export function suggest(id: string, known: Iterable<string>): string {
  const close = closest(id, known);
  return close ? ` (did you mean "${close}"?)` : '';
}

export function closest(id: string, known: Iterable<string>): string | undefined {
  let best: { id: string; score: number } | undefined;
  for (const candidate of known) {
    const score = distance(id, candidate);
    if (score <= Math.max(2, Math.floor(candidate.length / 3)) && (!best || score < best.score)) best = { id: candidate, score };
    else if (candidate.includes(id) && id.length >= 3 && !best) best = { id: candidate, score: Number.MAX_SAFE_INTEGER - 1 };
  }
  return best?.id;
}
