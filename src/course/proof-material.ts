/**
 * A lab's proof material: the near misses that must fail and the alternatives that must pass
 * (docs/AUTHORING.md). The course proof suite runs them on a real engine; lint requires them.
 */
import type { Course, CourseIssue } from './model.js';

export const MIN_NEAR_MISSES = 2;
export const MIN_ALTERNATIVES = 1;

export function proofMaterialIssues(course: Pick<Course, 'labs'>): CourseIssue[] {
  const issues: CourseIssue[] = [];
  for (const lab of course.labs) {
    if (lab.nearMisses.length < MIN_NEAR_MISSES) {
      issues.push({
        file: lab.file,
        field: 'nearMisses',
        message: `${lab.nearMisses.length} near miss${lab.nearMisses.length === 1 ? '' : 'es'}; a lab needs at least ${MIN_NEAR_MISSES}: mistakes a beginner really makes, each of which must fail (see docs/AUTHORING.md)`,
      });
    }
    if (lab.alternatives.length < MIN_ALTERNATIVES) {
      issues.push({
        file: lab.file,
        field: 'alternatives',
        message: `no alternative; a lab needs at least ${MIN_ALTERNATIVES}: another correct solution of the kind Docker's documentation teaches, which must pass (see docs/AUTHORING.md)`,
      });
    }
  }
  return issues;
}
