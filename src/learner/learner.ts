/**
 * The learner's operations, owned once: the CLI verbs and the interactive app both call these.
 * Every rule about attempts, help used, baselines, reading and answers lives here; the callers
 * parse, call and show.
 */
import createDebug from 'debug';
import { gradeAnswer, pickChoice, type AnswerVerdict } from '../course/answers.js';
import type { Course, Lab, Lesson, Quiz } from '../course/model.js';
import type { Verdict } from '../checks/verdict.js';
import type { EngineClient, PullProgress } from '../engine/port.js';
import { EngineError, UsageError, describeError } from '../errors.js';
// The engine side of labs (checks, facts, start, reset) is imported where a lab needs it: a quiz
// answer or the app's course map does not load it.
import type { LabJudgement } from '../lab/grade.js';
import type { ResetItem, ResetPlan } from '../lab/reset.js';
import type { Blocker } from '../lab/blockers.js';
import type { Baseline } from '../checks/facts.js';
import type { LabStart } from '../lab/start.js';
import { emptyLab, type LabProgress } from '../progress/schema.js';
import { labScore } from '../progress/score.js';
import type { ProgressStore } from '../progress/store.js';
import { findItem, findLab, findLesson, findQuestion, findQuiz, lookupItem, type ItemKind, type ItemRef } from './find.js';

const debug = createDebug('docker-dojo:learner');

/**
 * The engine, connected on demand; rejects with an EngineError when there is none. `optional`
 * says the engine is only nice to have (a hint), so a hung daemon may cost seconds, not minutes.
 */
export type EngineSource = (options?: { optional?: boolean }) => Promise<EngineClient>;

export interface LearnerDeps {
  course: Course;
  store: ProgressStore;
  env: NodeJS.ProcessEnv;
  engine: EngineSource;
}

export interface LabGrade {
  lab: Lab;
  verdicts: Verdict[];
  passed: boolean;
  /** The lab's progress after this grade (recorded or not). */
  progress: LabProgress;
  /** The score this lab stands at: earned when it passed, else what it would earn now. */
  score: number;
  start: LabStart;
  /** Whether this grade was recorded as an attempt. */
  recorded: boolean;
  /** Milliseconds spent gathering facts from the engine. */
  engineMs: number;
}

export interface LabGradeFailure {
  lab: Lab;
  /** Why the lab could not be graded, in one sentence. */
  error: string;
}

export interface AnswerResult extends AnswerVerdict {
  /** Whether the question earns its share: the first answer's verdict, kept by later ones. */
  credit: boolean;
}

export interface ResetFailure {
  item: ResetItem;
  error: string;
}

/** A reset's failure as the learner reads it, in the CLI and the app. */
export const resetFailureText = (f: ResetFailure) => `could not remove ${f.item.kind} ${f.item.name}: ${f.error}`;
/** Clearing an object out of a lab's way failed. */
export const blockerFailureText = (name: string, error: string) => `could not change container ${name}: ${error}`;

/** How many labs `gradeStarted` judges at once: enough to overlap the engine's answers, few enough for a small engine. */
const GRADED_AT_ONCE = 8;

interface JudgedLab {
  lab: Lab;
  start: LabStart;
  judgement: LabJudgement;
}

/** `work` over every item, at most `size` at a time, answers in the items' order. */
async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

export class Learner {
  readonly course: Course;
  readonly store: ProgressStore;
  private readonly env: NodeJS.ProcessEnv;
  private readonly engine: EngineSource;

  constructor(deps: LearnerDeps) {
    this.course = deps.course;
    this.store = deps.store;
    this.env = deps.env;
    this.engine = deps.engine;
  }

  // Finding what the learner named; an unknown id is a UsageError with the closest match.
  lab(id: string): Lab {
    return findLab(this.course, id);
  }
  lesson(id: string): Lesson {
    return findLesson(this.course, id);
  }
  quiz(id: string): Quiz {
    return findQuiz(this.course, id);
  }
  item(id: string): ItemRef {
    return findItem(this.course, id);
  }
  lookup(id: string): ItemRef | undefined {
    return lookupItem(this.course, id);
  }

  /** Remembers the item the learner opened last, where "continue" goes. */
  async opened(kind: ItemKind, id: string): Promise<void> {
    await this.store.update((p) => {
      p.lastOpened = { kind, id };
    });
  }

  /** A lesson read: marked read and remembered as the last one opened. */
  async markRead(lesson: Lesson): Promise<void> {
    await this.store.update((p) => {
      const entry = (p.lessons[lesson.id] ??= { read: false, position: 0 });
      entry.read = true;
      entry.lastReadAt = this.store.now().toISOString();
      p.lastOpened = { kind: 'lesson', id: lesson.id };
    });
  }

  /** Where the learner is in a lesson (a line number, never negative). */
  async savePosition(lessonId: string, position: number): Promise<void> {
    await this.store.update((p) => {
      const entry = (p.lessons[lessonId] ??= { read: false, position: 0 });
      entry.position = Math.max(0, Math.floor(position));
      entry.lastReadAt = this.store.now().toISOString();
    });
  }

  /**
   * Starts a lab the first time it is opened, checked or helped with: records what already
   * exists (the baseline), then sets it up. Later calls return what was recorded.
   */
  async start(lab: Lab, options: { onPull?: (ref: string, p: PullProgress) => void } = {}): Promise<LabStart> {
    const recorded = this.store.lab(lab.id).baseline;
    if (recorded) return this.resumed(lab, recorded, await this.engine());
    const client = await this.engine();
    const { prepareLab } = await import('../lab/start.js');
    const prepared = await prepareLab(lab, client, { env: this.env, now: this.store.now(), onPull: options.onPull });
    const progress = await this.store.updateLab(lab.id, (p) => {
      p.baseline ??= prepared.baseline;
      p.startedAt ??= prepared.baseline.startedAt;
      if (p.status === 'not-started') p.status = 'in-progress';
    });
    return { ...prepared, baseline: progress.baseline ?? prepared.baseline, fresh: true };
  }

  /** A lab started before: its baseline as recorded, and what from before it stands in its way now. */
  private async resumed(lab: Lab, baseline: Baseline, client: EngineClient): Promise<LabStart> {
    const blockers = await this.blockers(lab, baseline, client);
    const { labFolder } = await import('../lab/start.js');
    return { baseline, fresh: false, workspace: labFolder(lab, this.env), copiedFiles: [], conflicts: blockers.map((b) => b.text), blockers };
  }

  /** What from before the lab stands in its way now; none when the engine cannot say. */
  private async blockers(lab: Lab, baseline: Baseline, client: EngineClient): Promise<Blocker[]> {
    try {
      const { findBlockers } = await import('../lab/blockers.js');
      return await findBlockers(lab, client, baseline);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      debug('blockers of lab %s not read: %s', lab.id, describeError(error));
      return [];
    }
  }

  /** Starts the lab when an engine answers; without one it starts at its first check instead. */
  async startIfPossible(lab: Lab): Promise<void> {
    if (this.store.lab(lab.id).baseline) return;
    try {
      await this.engine({ optional: true });
      await this.start(lab);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      debug('lab %s not started yet: %s', lab.id, describeError(error));
    }
  }

  /**
   * Grades a lab against the engine. An explicit grade (the learner asked) is always an attempt;
   * a watcher's grade is an attempt only when it is the pass. A watcher's grade that changes which
   * checks pass is remembered without counting.
   */
  async grade(lab: Lab, options: { explicit?: boolean; onPull?: (ref: string, p: PullProgress) => void; onStarted?: () => void } = {}): Promise<LabGrade> {
    const explicit = options.explicit ?? true;
    const start = await this.start(lab, { onPull: options.onPull });
    options.onStarted?.();
    const { judgeLab } = await import('../lab/grade.js');
    const { verdicts, passed, engineMs } = await judgeLab(lab, await this.engine(), start);
    const before = this.store.lab(lab.id);
    const passing = verdicts.flatMap((v, i) => (v.ok ? [i] : []));
    const firstPass = passed && before.status !== 'passed';
    const recorded = explicit || firstPass;
    const now = this.store.now().toISOString();
    const progress = recorded
      ? await this.store.updateLab(lab.id, (p) => recordAttempt(p, lab, verdicts, now))
      : passing.join(',') !== before.checksPassed.join(',')
        ? await this.store.updateLab(lab.id, (p) => recordChecks(p, verdicts))
        : before;
    return { lab, verdicts, passed, progress, score: progress.score ?? labScore(lab.points, progress), start, recorded, engineMs };
  }

  /**
   * Grades every started lab, each counted as the learner's check. The labs are judged side by
   * side on one shared look at the engine (readOnce) and recorded in one write, so a whole course
   * costs about what one lab does. A lab that cannot be graded is reported and the rest go on;
   * an engine that is not there stops the run. Results come in course order.
   */
  async gradeStarted(): Promise<Array<LabGrade | LabGradeFailure>> {
    const labs = this.startedLabs();
    if (labs.length === 0) return [];
    const recorded = this.store.read().labs;
    const failed = new Map<string, LabGradeFailure>();
    const failure = (lab: Lab, error: unknown): LabGradeFailure => {
      if (error instanceof EngineError) throw error;
      debug('grading %s failed: %O', lab.id, error);
      return { lab, error: describeError(error) };
    };
    // A lab started while no engine answered is set up first, one at a time: setting up changes the engine.
    const starts = new Map<string, LabStart>();
    for (const lab of labs) {
      if (recorded[lab.id]?.baseline) continue;
      try {
        starts.set(lab.id, await this.start(lab));
      } catch (error) {
        failed.set(lab.id, failure(lab, error));
      }
    }
    const [{ readOnce }, { judgeLab }] = await Promise.all([import('../engine/read-once.js'), import('../lab/grade.js')]);
    const client = readOnce(await this.engine());
    const judged = await inBatches(labs, GRADED_AT_ONCE, async (lab): Promise<JudgedLab | LabGradeFailure> => {
      const known = failed.get(lab.id);
      if (known) return known;
      try {
        const start = starts.get(lab.id) ?? (await this.resumed(lab, recorded[lab.id]!.baseline!, client));
        return { lab, start, judgement: await judgeLab(lab, client, start) };
      } catch (error) {
        return failure(lab, error);
      }
    });
    const now = this.store.now().toISOString();
    const after = await this.store.update((p) => {
      for (const j of judged) if ('judgement' in j) recordAttempt((p.labs[j.lab.id] ??= emptyLab()), j.lab, j.judgement.verdicts, now);
    });
    return judged.map((j) => {
      if (!('judgement' in j)) return j;
      const progress = after.labs[j.lab.id]!;
      return { lab: j.lab, ...j.judgement, progress, score: progress.score ?? labScore(j.lab.points, progress), start: j.start, recorded: true };
    });
  }

  /** Reveals the next hint (none past the last); each costs part of the lab's points. */
  async revealHint(lab: Lab): Promise<LabProgress> {
    await this.startIfPossible(lab);
    if (lab.hints.length === 0) return this.store.lab(lab.id);
    return this.store.updateLab(lab.id, (p) => {
      p.hintsRevealed = Math.min(lab.hints.length, p.hintsRevealed + 1);
      if (p.status === 'not-started') p.status = 'in-progress';
    });
  }

  /** Reveals the solution; it halves the lab's points. */
  async revealSolution(lab: Lab): Promise<LabProgress> {
    await this.startIfPossible(lab);
    return this.store.updateLab(lab.id, (p) => {
      p.solutionRevealed = true;
      if (p.status === 'not-started') p.status = 'in-progress';
    });
  }

  /**
   * Grades and records an answer; a live question reads the right answer from the engine now.
   * The first answer decides the credit (see progress/score.ts); a choice not on the list is a
   * usage error and records nothing.
   */
  async answer(quiz: Quiz, questionId: string, answer: string): Promise<AnswerResult> {
    const question = findQuestion(quiz, questionId);
    if (answer.trim() === '') throw new UsageError('Give an answer.', `Example: docker-dojo quiz ${quiz.id} ${question.id} 2`);
    if ('choices' in question && pickChoice(question.choices, answer) === undefined) {
      throw new UsageError(`"${answer.trim()}" is not one of the choices: answer with a number from 1 to ${question.choices.length}.`, `List them: docker-dojo quiz ${quiz.id}`);
    }
    const live = 'live' in question ? await (await import('../facts/live.js')).readLiveFact(await this.engine(), question.live) : undefined;
    const verdict = gradeAnswer(question, answer, live);
    let credit = verdict.correct;
    await this.store.update((p) => {
      const entry = (p.quizzes[quiz.id] ??= { answers: {} });
      const before = entry.answers[question.id];
      credit = before ? (before.credit ?? before.correct) : verdict.correct;
      entry.answers[question.id] = { answer, correct: verdict.correct, at: this.store.now().toISOString(), credit, tries: (before?.tries ?? (before ? 1 : 0)) + 1 };
    });
    return { ...verdict, credit };
  }

  /** What resetting a lab would remove from the engine and its workspace, and what it keeps. */
  async planReset(lab: Lab): Promise<ResetPlan> {
    const { planReset } = await import('../lab/reset.js');
    return planReset(lab, await this.engine(), this.store.lab(lab.id).baseline, { env: this.env });
  }

  /**
   * Removes what the plans name and starts the labs' work again; failures are returned, not
   * thrown. The help used and the attempts stay with the lab (see progress/score.ts). A single
   * lab then starts again at once, with a new baseline: what the learner does next counts.
   */
  async applyReset(plans: ResetPlan[], options: { restart?: boolean } = {}): Promise<ResetFailure[]> {
    const client = await this.engine();
    const failures: ResetFailure[] = [];
    const { applyReset } = await import('../lab/reset.js');
    for (const plan of plans) failures.push(...(await applyReset(plan, client, { env: this.env })));
    await this.store.update((p) => {
      for (const plan of plans) {
        const kept = keptAcrossReset(p.labs[plan.lab.id]);
        if (kept) p.labs[plan.lab.id] = kept;
        else delete p.labs[plan.lab.id];
      }
    });
    if (options.restart ?? plans.length === 1) {
      for (const plan of plans) {
        try {
          await this.start(plan.lab);
        } catch (error) {
          if (!(error instanceof EngineError)) throw error;
          debug('lab %s not started again yet: %s', plan.lab.id, describeError(error));
        }
      }
    }
    return failures;
  }

  /** Applies one blocker's remedy (rename and stop), after the learner said yes to it. */
  async clearBlocker(blocker: Blocker): Promise<void> {
    const { clearBlocker } = await import('../lab/reset.js');
    await clearBlocker(blocker, await this.engine());
  }

  /** The labs the learner has started (what `reset --all` and `check --all` cover); help kept by a reset alone is not a start. */
  startedLabs(): Lab[] {
    const progress = this.store.read();
    // In course order (modules, lessons, their labs), then any lab no lesson lists.
    const byId = new Map(this.course.labs.map((l) => [l.id, l]));
    const listed = this.course.modules.flatMap((m) => m.lessons.flatMap((lesson) => lesson.labs.flatMap((id) => byId.get(id) ?? [])));
    const ordered = [...new Set([...listed, ...this.course.labs])];
    return ordered.filter((l) => {
      const p = progress.labs[l.id];
      return p && (p.baseline !== undefined || p.status !== 'not-started');
    });
  }
}

/** What a reset keeps of a lab's progress: the help used and the attempts; nothing when there is none. */
export function keptAcrossReset(p: LabProgress | undefined): LabProgress | undefined {
  if (!p || (p.hintsRevealed === 0 && !p.solutionRevealed && p.attempts === 0)) return undefined;
  return { ...emptyLab(), status: 'not-started', hintsRevealed: p.hintsRevealed, solutionRevealed: p.solutionRevealed, attempts: p.attempts, ...(p.firstAttemptAt ? { firstAttemptAt: p.firstAttemptAt } : {}), ...(p.lastAttemptAt ? { lastAttemptAt: p.lastAttemptAt } : {}) };
}

/** Which checks pass now, remembered without counting an attempt (a watcher's re-grade). */
export function recordChecks(p: LabProgress, verdicts: Verdict[]): void {
  p.checksTotal = verdicts.length;
  p.checksPassed = verdicts.flatMap((v, i) => (v.ok ? [i] : []));
}

/** One attempt at a lab: counts it, remembers which checks pass, and scores the first pass. */
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
