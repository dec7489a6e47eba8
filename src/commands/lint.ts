import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from './context.js';
import { courseDir } from './context.js';
import { parseImageList, unprovidedImageIssues } from '../course/images-named.js';
import { readCourse, readStarterFiles } from '../course/load.js';
import { formatIssue } from '../course/model.js';
import { proofMaterialIssues } from '../course/proof-material.js';
import { courseWarnings } from '../course/warnings.js';
import { UsageError } from '../errors.js';

export async function lintCommand(ctx: Context, dir: string | undefined, options: { json?: boolean; course?: string; images?: string }): Promise<number> {
  const target = dir ? path.resolve(dir) : courseDir({ course: options.course }, ctx.env).dir;
  const read = await readCourse(target);
  const { course } = read;
  const issues = [...read.issues, ...proofMaterialIssues(course)];
  if (options.images) {
    const list = await readFile(path.resolve(options.images), 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`Cannot read the image list ${options.images} (${error.code ?? error.message}).`, 'Pass --images with a file that lists one image a line, e.g. alpine:3.20.');
    });
    issues.push(...unprovidedImageIssues(course, parseImageList(list), await readStarterFiles(course)));
  }
  const warnings = courseWarnings(course);
  if (options.json) {
    ctx.out.json({ dir: target, ok: issues.length === 0, issues, warnings, counts: { lessons: course.lessons.length, labs: course.labs.length, quizzes: course.quizzes.length } });
  } else {
    for (const warning of warnings) ctx.out.line(`${ctx.out.style('yellow', '!')} ${formatIssue(warning)}`);
    const warned = warnings.length ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'})` : '';
    if (issues.length === 0) {
      ctx.out.line(`${ctx.out.style('green', '✔')} ${target}: ${course.lessons.length} lessons, ${course.labs.length} labs, ${course.quizzes.length} quizzes — no problems${warned}.`);
    } else {
      for (const issue of issues) ctx.out.line(`${ctx.out.style('red', '✘')} ${formatIssue(issue)}`);
      ctx.out.line(`${issues.length} problem${issues.length === 1 ? '' : 's'}${warned} in ${target}.`);
    }
  }
  return issues.length === 0 ? 0 : 1;
}
