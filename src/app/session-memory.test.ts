import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SESSION_V8_FLAGS } from './session-memory.js';

/**
 * Each probe runs in its own Node, once as Node starts and once with the app's settings applied
 * at run time the way settleForSession applies them, and reports what V8 did.
 */
const PRELUDE = `
import v8 from 'node:v8';
for (const flag of JSON.parse(process.argv[1])) v8.setFlagsFromString(flag);
v8.setFlagsFromString('--allow-natives-syntax');
const natives = (name) => new Function('f', 'return %' + name + '(f)');
const report = (value) => process.stdout.write(JSON.stringify(value));
`;

function probe(body: string, flags: readonly string[]): any {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', PRELUDE + body, JSON.stringify(flags)], { encoding: 'utf8' });
  return JSON.parse(out);
}

const YOUNG_GENERATION = `
const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
const before = newSpace();
// Garbage of which a part lives through a collection, as a screen's render makes.
let kept = [];
for (let i = 0; i < 300000; i++) { kept.push({ i, text: 'line ' + i }); if (kept.length > 20000) kept = []; }
report({ before, after: newSpace() });
`;

const HOT_FUNCTION = `
function hot(n) { let sum = 0; for (let i = 0; i < n; i++) sum += i % 7; return sum; }
for (let i = 0; i < 20000; i++) hot(100);
const OPTIMIZED = 1 << 4;
report({ optimized: (natives('GetOptimizationStatus')(hot) & OPTIMIZED) !== 0 });
`;

// (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add), called hot.
const HOT_WASM = `
const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,7,1,96,2,127,127,1,127,3,2,1,0,7,7,1,3,97,100,100,0,0,10,9,1,7,0,32,0,32,1,106,11]);
const { instance } = await WebAssembly.instantiate(bytes);
const add = instance.exports.add;
for (let i = 0; i < 2000000; i++) add(i, 1);
await new Promise((resolve) => setTimeout(resolve, 200));
report({ optimized: natives('IsTurboFanFunction')(add) });
`;

describe('the interactive app’s V8 settings', () => {
  it('leave hot WebAssembly on the baseline compiler', () => {
    expect(probe(HOT_WASM, [])).toEqual({ optimized: true });
    expect(probe(HOT_WASM, SESSION_V8_FLAGS)).toEqual({ optimized: false });
  });

  it('keep the young generation at its first size while a screen makes garbage', () => {
    const usual = probe(YOUNG_GENERATION, []);
    const settled = probe(YOUNG_GENERATION, SESSION_V8_FLAGS);
    expect(usual.after).toBeGreaterThanOrEqual(4 * usual.before);
    expect(settled.after).toBeLessThanOrEqual(2 * settled.before);
  });

  it('leave hot JavaScript to the interpreter and baseline compiler', () => {
    expect(probe(HOT_FUNCTION, [])).toEqual({ optimized: true });
    expect(probe(HOT_FUNCTION, SESSION_V8_FLAGS)).toEqual({ optimized: false });
  });
});
