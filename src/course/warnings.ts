/**
 * What `lint` warns about without refusing the course: things a learner can still get through,
 * but that read badly. Pure: the loaded course in, located warnings out.
 */
import stringWidth from 'string-width';
import type { Course, CourseIssue } from './model.js';

/** The widest code line that fits an 80-column terminal beside the reader's gutter and margin. */
export const CODE_COLUMNS = 76;

export function courseWarnings(course: Course): CourseIssue[] {
  const warnings: CourseIssue[] = [];
  for (const lesson of course.lessons) warnings.push(...wideCode(lesson.file, lesson.body, lesson.bodyLine));
  for (const lab of course.labs) {
    warnings.push(...wideCode(lab.file, lab.body, lab.bodyLine ?? 1));
    if (!lab.starter && !lab.workspace && lab.body.includes(`docker-dojo/${lab.id}`)) {
      warnings.push({ file: lab.file, field: 'workspace', message: `the text sends the learner to the lab folder docker-dojo/${lab.id}, but the lab has no folder: add workspace: true (or a starter) so it is made when the lab starts` });
    }
  }
  for (const quiz of course.quizzes) {
    const live = quiz.questions.filter((q) => 'live' in q);
    if (live.length > 1) {
      warnings.push({ file: quiz.file, field: 'questions', message: `${live.length} questions read the engine (${live.map((q) => q.id).join(', ')}); ask at most one per quiz, about what its lesson had the learner find` });
    }
  }
  return warnings;
}

/** Code lines wider than CODE_COLUMNS: the reader clips them and the learner scrolls sideways. */
function wideCode(file: string, body: string, bodyLine: number): CourseIssue[] {
  const warnings: CourseIssue[] = [];
  let fence: string | undefined;
  body.split('\n').forEach((line, i) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) {
      if (marker) fence = marker;
      return;
    }
    if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
      fence = undefined;
      return;
    }
    const width = stringWidth(line);
    if (width > CODE_COLUMNS) warnings.push({ file, line: bodyLine + i, message: `a code line is ${width} columns wide; at most ${CODE_COLUMNS} fit an 80-column terminal without scrolling sideways` });
  });
  return warnings;
}
