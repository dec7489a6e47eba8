import type { Context } from './context.js';
import { UsageError } from '../errors.js';
import type { LabGrade, LabGradeFailure } from '../learner/learner.js';
import { mark, type Output } from './output.js';
import { checksSummary, CLI_ACTIONS, labPassedLine, startParagraphs, stuckLine, verdictParagraphs } from '../ui/sentences.js';

export async function checkCommand(ctx: Context, id: string | undefined, options: { json?: boolean; all?: boolean }): Promise<number> {
  if (id && options.all) throw new UsageError('Give a lab id or --all, not both.', `Example: docker-dojo check ${id}, or docker-dojo check --all`);
  if (!id && !options.all) throw new UsageError('Say which lab to check, or --all for every lab you have started.', 'Example: docker-dojo check pull-hello-world');
  if (options.all) return checkAll(ctx, options);
  const learner = await ctx.learner();
  const grade = await learner.grade(learner.lab(id!));
  if (options.json) ctx.out.json(gradeJson(grade));
  else printGrade(ctx.out, grade);
  return grade.passed ? 0 : 1;
}

/**
 * `check --all`: every started lab graded in one process, one line each and a summary line.
 * Exit 0 when all pass, 1 when any fails, 2 when one could not be graded (or no engine).
 */
async function checkAll(ctx: Context, options: { json?: boolean }): Promise<number> {
  const learner = await ctx.learner();
  const began = performance.now();
  const results = await learner.gradeStarted();
  const ms = Math.round(performance.now() - began);
  const grades = results.filter((r): r is LabGrade => 'verdicts' in r);
  const failures = results.filter((r): r is LabGradeFailure => 'error' in r);
  const passed = grades.filter((g) => g.passed).length;
  const summary = { labs: results.length, passed, failed: grades.length - passed, errors: failures.length, ms };
  if (options.json) {
    ctx.out.json({ labs: results.map((r) => ('error' in r ? { lab: r.lab.id, title: r.lab.title, passed: false, error: r.error } : gradeJson(r))), summary });
  } else if (results.length === 0) {
    ctx.out.line('No lab started yet: a lab starts when you open, check or ask for help with it.');
  } else {
    const out = ctx.out;
    for (const r of results) {
      if ('error' in r) out.line(`${out.style('red', '!')} ${r.lab.id} ${out.style('dim', `— could not be graded: ${r.error}`)}`);
      else {
        const ok = r.verdicts.filter((v) => v.ok).length;
        const firstMiss = r.verdicts.find((v) => !v.ok);
        out.line(`${mark(out, r.passed)} ${r.lab.id} ${out.style('dim', `${ok}/${r.verdicts.length} checks · ${r.score}/${r.lab.points} pts${firstMiss ? ` · ${firstMiss.title}: ${firstMiss.found}` : ''}`)}`);
      }
    }
    out.line(`${passed} of ${results.length} started labs pass${summary.failed ? `, ${summary.failed} fail` : ''}${failures.length ? `, ${failures.length} could not be graded` : ''} (${ms} ms).`);
  }
  return failures.length ? 2 : passed < results.length ? 1 : 0;
}

/** The documented shape of `check --json` (see README). */
export function gradeJson(grade: LabGrade) {
  return {
    lab: grade.lab.id,
    title: grade.lab.title,
    passed: grade.passed,
    checks: grade.verdicts.map((v, i) => ({ kind: grade.lab.checks[i]!.kind, title: v.title, ok: v.ok, expected: v.expected, found: v.found, ...(v.hint ? { hint: v.hint } : {}) })),
    progress: { status: grade.progress.status, attempts: grade.progress.attempts, score: grade.score, points: grade.lab.points },
    workspace: grade.start.workspace ?? null,
    notes: grade.start.conflicts,
    engineMs: Math.round(grade.engineMs),
  };
}

export function printGrade(out: Output, grade: LabGrade): void {
  const { lab, verdicts, start } = grade;
  out.line(`${out.style('bold', lab.title)} ${out.style('dim', `(${lab.id})`)}`);
  out.paragraphs(startParagraphs({ fresh: start.fresh, conflicts: start.conflicts, workspace: start.workspace, addedFiles: start.copiedFiles }));
  out.paragraphs(verdictParagraphs(verdicts));
  const passing = verdicts.filter((v) => v.ok).length;
  out.line(out.text(checksSummary(passing, verdicts.length, { passed: grade.passed, attempts: grade.progress.attempts })));
  if (grade.passed) {
    out.line(out.text(labPassedLine(grade.score, lab.points)));
    if (lab.quiz) out.line(`Now answer its questions: docker-dojo quiz ${lab.quiz}`);
  } else out.line(out.text(stuckLine(lab.id, CLI_ACTIONS)));
}
