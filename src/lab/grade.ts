/** Checking a lab: gather the facts its checks need, judge them, record the attempt. */
import type { Lab } from '../course/model.js';
import { judgeAll, type Verdict } from '../checks/index.js';
import type { EngineClient } from '../engine/client.js';
import { gatherFacts } from '../engine/gather.js';
import type { ProgressStore } from '../progress/store.js';
import type { LabProgress } from '../progress/schema.js';
import { labScore } from '../progress/score.js';
import { startLab, type LabStart } from './start.js';

export interface LabGrade {
  lab: Lab;
  verdicts: Verdict[];
  passed: boolean;
  progress: LabProgress;
  start: LabStart;
  /** Milliseconds spent gathering facts from the engine. */
  engineMs: number;
}

export async function gradeLab(lab: Lab, client: EngineClient, store: ProgressStore, options: { env?: NodeJS.ProcessEnv; record?: boolean } = {}): Promise<LabGrade> {
  const start = await startLab(lab, client, store, options);
  const began = performance.now();
  const facts = await gatherFacts(client, lab.checks, start.baseline, start.workspace);
  const engineMs = performance.now() - began;
  const verdicts = judgeAll(lab.checks, facts);
  const passed = verdicts.every((v) => v.ok);
  const progress =
    options.record === false
      ? store.lab(lab.id)
      : await store.updateLab(lab.id, (p) => recordAttempt(p, lab, verdicts, store.now().toISOString()));
  return { lab, verdicts, passed, progress, start, engineMs };
}

export function recordAttempt(p: LabProgress, lab: Lab, verdicts: Verdict[], now: string): void {
  const passed = verdicts.every((v) => v.ok);
  p.attempts += 1;
  p.firstAttemptAt ??= now;
  p.lastAttemptAt = now;
  p.checksTotal = verdicts.length;
  p.checksPassed = verdicts.flatMap((v, i) => (v.ok ? [i] : []));
  if (passed && p.status !== 'passed') {
    p.status = 'passed';
    p.completedAt = now;
    p.score = labScore(lab.points, { status: 'passed', hintsRevealed: p.hintsRevealed, solutionRevealed: p.solutionRevealed });
  } else if (p.status === 'not-started') {
    p.status = 'in-progress';
  }
}
