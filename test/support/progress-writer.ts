/**
 * A child process for test/progress-safety.test.ts, bundled from the real store at test time.
 *   write DIR   updates progress in a tight loop, one more lab each time, and prints the number
 *               of labs after every update that returned (so the parent knows what was saved);
 *   hold DIR MS takes the progress lock like a live docker-dojo would and keeps it for MS.
 */
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { ProgressStore, LOCK_STALE_MS } from '../../src/progress/store.js';
import { emptyLab } from '../../src/progress/schema.js';

const [mode, dir, ms] = process.argv.slice(2);
if (!dir) throw new Error('usage: progress-writer write|hold DIR [MS]');

if (mode === 'hold') {
  await lockfile.lock(path.join(dir, 'progress.json'), { realpath: false, stale: LOCK_STALE_MS });
  process.stdout.write('locked\n');
  await new Promise((resolve) => setTimeout(resolve, Number(ms ?? 15_000)));
} else {
  const store = new ProgressStore({ dir });
  for (;;) {
    const progress = await store.update((p) => {
      const n = Object.keys(p.labs).length;
      p.labs[`lab-${n}`] = { ...emptyLab(), status: 'in-progress', attempts: n, hintsRevealed: n % 5, startedAt: new Date().toISOString() };
      p.lessons[`lesson-${n}`] = { read: true, position: n };
    });
    process.stdout.write(`${Object.keys(progress.labs).length}\n`);
  }
}
