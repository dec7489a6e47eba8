/** Judging a lab: gather the facts its checks need from the engine and judge them. */
import type { Lab } from '../course/model.js';
import { judgeAll, type Verdict } from '../checks/index.js';
import type { EngineClient } from '../engine/port.js';
import { gatherFacts } from '../facts/gather.js';
import type { LabStart } from './start.js';

export interface LabJudgement {
  verdicts: Verdict[];
  passed: boolean;
  /** Milliseconds spent gathering facts from the engine. */
  engineMs: number;
}

export async function judgeLab(lab: Lab, client: EngineClient, start: Pick<LabStart, 'baseline' | 'workspace'>): Promise<LabJudgement> {
  const began = performance.now();
  const facts = await gatherFacts(client, lab.checks, start.baseline, start.workspace);
  const engineMs = performance.now() - began;
  const verdicts = judgeAll(lab.checks, facts);
  return { verdicts, passed: verdicts.every((v) => v.ok), engineMs };
}
