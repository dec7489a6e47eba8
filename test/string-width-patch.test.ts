/**
 * string-width is patched (patches/string-width+8.3.0.patch, see docs/UPSTREAM.md) to build its
 * grapheme segmenter on first need and to measure strings of code points that never form
 * grapheme clusters without it. The patched function must give the width the released one gives:
 * on every code point its second fast path accepts, and on strings mixing them with anything.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

type Width = (input: string, options?: { ambiguousIsNarrow?: boolean }) => number;

const PATCH = path.join(ROOT, 'patches', 'string-width+8.3.0.patch');
const SOURCE = path.join(ROOT, 'node_modules', 'string-width', 'index.js');

/** The released string-width: the patched file with the patch taken back out. */
async function releasedStringWidth(dir: string): Promise<Width> {
  const copy = path.join(dir, 'node_modules', 'string-width', 'index.js');
  mkdirSync(path.dirname(copy), { recursive: true });
  writeFileSync(copy, readFileSync(SOURCE));
  execFileSync('git', ['apply', '-R', PATCH], { cwd: dir });
  // Its own dependencies, as the patched copy resolves them.
  const source = readFileSync(copy, 'utf8').replace(/from '(strip-ansi|get-east-asian-width)'/g, (_, name: string) => `from '${import.meta.resolve(name, pathToFileURL(SOURCE).href)}'`);
  const released = path.join(dir, 'released.mjs');
  writeFileSync(released, source);
  return ((await import(pathToFileURL(released).href)) as { default: Width }).default;
}

/** The ranges the patch's second fast path covers (less what it leaves to the segmenter). */
const RANGES: Array<[number, number]> = [
  [0x00a0, 0x024f],
  [0x2010, 0x205e],
  [0x2190, 0x23ff],
  [0x2500, 0x27bf],
  [0x2900, 0x297f],
];
const codePointsOf = (ranges: Array<[number, number]>) => ranges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));

/** Code points that join clusters or have no width: what a string must not be measured without the segmenter. */
const JOINERS = [0x0301, 0x0308, 0x200d, 0xfe0f, 0xfe0e, 0x20e3, 0x00ad, 0x200b, 0x1f3fb, 0x1100, 0x1161, 0x11a8, 0x0e33, 0x093f, 0x1f1e6, 0x1f1ef, 0x000a, 0x000d, 0x0009];

describe('string-width as the app and the tests load it', () => {
  let dir: string;
  let released: Width;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'string-width-'));
    released = await releasedStringWidth(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the released function is really the unpatched one', () => {
    // The released one segments every non-ASCII string; it would not start without Intl.Segmenter.
    expect(readFileSync(path.join(dir, 'released.mjs'), 'utf8')).toContain('const segmenter = new Intl.Segmenter();');
    expect(readFileSync(SOURCE, 'utf8')).not.toContain('const segmenter = new Intl.Segmenter();');
  });

  it('measures every code point of the fast ranges as the released function does, alone and between ASCII', () => {
    const differ: string[] = [];
    for (const cp of codePointsOf(RANGES)) {
      const c = String.fromCodePoint(cp);
      for (const s of [c, `a${c}b`, `${c}${c}`]) {
        for (const ambiguousIsNarrow of [true, false]) {
          if (stringWidth(s, { ambiguousIsNarrow }) !== released(s, { ambiguousIsNarrow })) differ.push(`U+${cp.toString(16)} in ${JSON.stringify(s)}`);
        }
      }
    }
    expect(differ).toEqual([]);
  });

  it('measures random strings of those code points, ASCII, joiners, emoji and ANSI colours as the released function does', () => {
    const fast = fc.oneof(
      fc.constantFrom(...RANGES).chain(([from, to]) => fc.integer({ min: from, max: to })),
      fc.integer({ min: 0x20, max: 0x7e }),
    );
    const other = fc.oneof(fc.constantFrom(...JOINERS), fc.integer({ min: 0, max: 0x10ffff }).filter((cp) => cp < 0xd800 || cp > 0xdfff));
    const piece = fc.oneof({ weight: 8, arbitrary: fast.map((cp) => String.fromCodePoint(cp)) }, { weight: 1, arbitrary: other.map((cp) => String.fromCodePoint(cp)) }, { weight: 1, arbitrary: fc.constantFrom('\u001b[31m', '\u001b[39m', '👍🏽', '👩‍💻', '🇩🇪', '#️⃣', '✔️', 'ᄀ각') });
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), fc.boolean(), (pieces, ambiguousIsNarrow) => {
        const s = pieces.join('');
        expect(stringWidth(s, { ambiguousIsNarrow })).toBe(released(s, { ambiguousIsNarrow }));
      }),
      { numRuns: 5000 },
    );
  });

  it('builds no segmenter for strings on its fast paths', () => {
    const script = `
let built = 0;
const Segmenter = Intl.Segmenter;
Intl.Segmenter = class extends Segmenter { constructor(...a) { super(...a); built++; } };
const { default: stringWidth } = await import('string-width');
const before = [stringWidth('Docker Dojo — learn Docker by doing'), stringWidth('─ ○ › · ░ ▶ ✔ ✘ ● ← → é ü'), built];
const after = [stringWidth('e\\u0301'), built];
process.stdout.write(JSON.stringify({ before, after }));
`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 })) as { before: number[]; after: number[] };
    expect(out.before).toEqual([35, 25, 0]);
    expect(out.after).toEqual([1, 1]);
  });
});
