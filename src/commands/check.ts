import type { Context } from './context.js';
import type { LabGrade } from '../learner/learner.js';
import { mark, type Output } from './output.js';

export async function checkCommand(ctx: Context, id: string, options: { json?: boolean }): Promise<number> {
  const learner = await ctx.learner();
  const grade = await learner.grade(learner.lab(id));
  if (options.json) ctx.out.json(gradeJson(grade));
  else printGrade(ctx.out, grade);
  return grade.passed ? 0 : 1;
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
  if (start.fresh) out.line(out.style('dim', 'Lab started: only what you do from now on counts.'));
  for (const c of start.conflicts) out.line(out.style('yellow', `Note: ${c}.`));
  if (start.workspace) out.line(`Your files for this lab are in ${start.workspace}${start.copiedFiles.length ? ` (added: ${start.copiedFiles.join(', ')})` : ''}`);
  for (const v of verdicts) {
    out.line(`  ${mark(out, v.ok)} ${v.title}`);
    if (!v.ok) {
      out.line(`      expected: ${v.expected}`);
      out.line(`      found:    ${v.found}`);
      if (v.hint) out.line(out.style('dim', `      try:      ${v.hint}`));
    }
  }
  const passedCount = verdicts.filter((v) => v.ok).length;
  if (grade.passed) {
    out.line(out.style('green', `All ${verdicts.length} checks pass — lab complete! Score: ${grade.score}/${lab.points}.`));
    if (lab.quiz) out.line(`Now answer its questions: docker-dojo quiz ${lab.quiz}`);
  }
  else out.line(`${passedCount} of ${verdicts.length} checks pass. Stuck? docker-dojo hint ${lab.id}`);
}
