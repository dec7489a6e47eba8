/** The course map joined with the learner's progress: what `list`, `progress` and the app show. */
import type { Course, Quiz } from '../course/model.js';
import type { ProgressFile } from './schema.js';
import { earnsCredit, labScore, quizScore } from './score.js';

export type ItemState = 'not-started' | 'in-progress' | 'passed' | 'passed-with-help';

export interface LabSummary {
  id: string;
  title: string;
  state: ItemState;
  points: number;
  score: number;
  attempts: number;
  hintsRevealed: number;
  solutionRevealed: boolean;
  checksPassed: number;
  checksTotal: number;
  completedAt?: string;
  /** The questions attached to the lab (`quiz:` in its file), answered once it is done. */
  quiz?: QuizSummary;
}

export interface QuizSummary {
  id: string;
  title: string;
  state: ItemState;
  points: number;
  score: number;
  answered: number;
  /** Questions whose latest answer is right. */
  correct: number;
  /** Questions whose first answer was right: what the score counts. */
  credited: number;
  questions: number;
}

export interface LessonSummary {
  id: string;
  title: string;
  summary: string;
  read: boolean;
  labs: LabSummary[];
  quiz?: QuizSummary;
}

export interface ModuleSummary {
  id: string;
  title: string;
  /** A deep dive "continue" passes over; its items still count in the totals when done. */
  optional: boolean;
  lessons: LessonSummary[];
}

export interface CourseSummary {
  course: { id: string; title: string; version: string };
  modules: ModuleSummary[];
  score: number;
  maxScore: number;
  labsPassed: number;
  labsTotal: number;
  lessonsRead: number;
  lessonsTotal: number;
  /** Every quiz of the course: each lesson's and each lab's. */
  quizzesPassed: number;
  quizzesTotal: number;
  /**
   * Where "continue" goes: the first lesson, lab or quiz not finished, in course order, outside
   * the optional modules; once those are all done, the first unfinished item of an optional one.
   */
  next?: { kind: 'lesson' | 'lab' | 'quiz'; id: string; title: string };
  /** Every lesson, lab and quiz outside the optional modules is done. */
  coreDone: boolean;
}

/**
 * The first unfinished item after `after` in course order (lesson, its labs, its quiz), wrapping
 * round to the start; a learner who just passed a lab goes on from there, not back to lesson one.
 */
export function nextAfter(summary: CourseSummary, after: { kind: string; id: string }): CourseSummary['next'] {
  const items = summary.modules.flatMap((m) =>
    m.lessons.flatMap((l) => [
      { kind: 'lesson' as const, id: l.id, title: l.title, done: l.read },
      ...l.labs.flatMap((lab) => [
        { kind: 'lab' as const, id: lab.id, title: lab.title, done: lab.state.startsWith('passed') },
        ...(lab.quiz ? [{ kind: 'quiz' as const, id: lab.quiz.id, title: lab.quiz.title, done: lab.quiz.state.startsWith('passed') }] : []),
      ]),
      ...(l.quiz ? [{ kind: 'quiz' as const, id: l.quiz.id, title: l.quiz.title, done: l.quiz.state.startsWith('passed') }] : []),
    ].map((item) => ({ ...item, module: m.id, optional: m.optional }))),
  );
  const at = items.findIndex((i) => i.kind === after.kind && i.id === after.id);
  const ordered = at < 0 ? items : [...items.slice(at + 1), ...items.slice(0, at)];
  // A learner inside an optional module goes on through it; everyone else passes over optional
  // modules until the rest of the course is done.
  const inside = at < 0 ? undefined : items[at]!.module;
  const found = ordered.find((i) => !i.done && (!i.optional || i.module === inside)) ?? ordered.find((i) => !i.done);
  return found ? { kind: found.kind, id: found.id, title: found.title } : undefined;
}

/** A quiz's state: passed when every answer is right now, with help when some first answer was not. */
function summarizeQuiz(quiz: Quiz, progress: ProgressFile): QuizSummary {
  const answers = progress.quizzes[quiz.id]?.answers ?? {};
  const ids = quiz.questions.map((q) => q.id);
  const answered = ids.filter((id) => answers[id]).length;
  const correct = ids.filter((id) => answers[id]?.correct).length;
  const credited = ids.filter((id) => earnsCredit(answers[id])).length;
  const state: ItemState = answered === 0 ? 'not-started' : correct < ids.length ? 'in-progress' : credited === ids.length ? 'passed' : 'passed-with-help';
  return { id: quiz.id, title: quiz.title, state, points: quiz.points, score: quizScore(quiz.points, ids, progress.quizzes[quiz.id]), answered, correct, credited, questions: ids.length };
}

export function summarize(course: Course, progress: ProgressFile): CourseSummary {
  const labsById = new Map(course.labs.map((l) => [l.id, l]));
  const quizzesById = new Map(course.quizzes.map((q) => [q.id, q]));
  let coreNext: CourseSummary['next'];
  let optionalNext: CourseSummary['next'];

  const modules = course.modules.map((m): ModuleSummary => {
    // The first unfinished item of the core, and of the optional modules, in course order.
    const offer = (item: NonNullable<CourseSummary['next']>) => {
      if (m.optional) optionalNext ??= item;
      else coreNext ??= item;
    };
    return {
      id: m.id,
      title: m.title,
      optional: m.optional ?? false,
      lessons: m.lessons.map((lesson): LessonSummary => {
        const read = progress.lessons[lesson.id]?.read ?? false;
        if (!read) offer({ kind: 'lesson', id: lesson.id, title: lesson.title });
        const labs = lesson.labs.flatMap((id) => {
          const lab = labsById.get(id);
          if (!lab) return [];
          const p = progress.labs[id];
          const state: ItemState = !p || p.status === 'not-started' ? 'not-started' : p.status === 'in-progress' ? 'in-progress' : p.hintsRevealed > 0 || p.solutionRevealed ? 'passed-with-help' : 'passed';
          if (!state.startsWith('passed')) offer({ kind: 'lab', id, title: lab.title });
          const labQuiz = lab.quiz ? quizzesById.get(lab.quiz) : undefined;
          const quiz = labQuiz ? summarizeQuiz(labQuiz, progress) : undefined;
          if (quiz && !quiz.state.startsWith('passed')) offer({ kind: 'quiz', id: quiz.id, title: quiz.title });
          return [{
            id,
            title: lab.title,
            state,
            points: lab.points,
            score: p ? (p.score ?? labScore(lab.points, p)) : 0,
            attempts: p?.attempts ?? 0,
            hintsRevealed: p?.hintsRevealed ?? 0,
            solutionRevealed: p?.solutionRevealed ?? false,
            checksPassed: p?.checksPassed.length ?? 0,
            checksTotal: lab.checks.length,
            completedAt: p?.completedAt,
            ...(quiz ? { quiz } : {}),
          }];
        });
        const quizFile = lesson.quiz ? quizzesById.get(lesson.quiz) : undefined;
        const quiz = quizFile ? summarizeQuiz(quizFile, progress) : undefined;
        if (quiz && !quiz.state.startsWith('passed')) offer({ kind: 'quiz', id: quiz.id, title: quiz.title });
        return { id: lesson.id, title: lesson.title, summary: lesson.summary, read, labs, quiz };
      }),
    };
  });

  const lessons = modules.flatMap((m) => m.lessons);
  const labs = lessons.flatMap((l) => l.labs);
  const quizzes = [...labs.flatMap((l) => (l.quiz ? [l.quiz] : [])), ...lessons.flatMap((l) => (l.quiz ? [l.quiz] : []))];
  return {
    course: { id: course.meta.id, title: course.meta.title, version: course.meta.version },
    modules,
    score: labs.reduce((s, l) => s + l.score, 0) + quizzes.reduce((s, q) => s + q.score, 0),
    maxScore: labs.reduce((s, l) => s + l.points, 0) + quizzes.reduce((s, q) => s + q.points, 0),
    labsPassed: labs.filter((l) => l.state.startsWith('passed')).length,
    labsTotal: labs.length,
    lessonsRead: lessons.filter((l) => l.read).length,
    lessonsTotal: lessons.length,
    quizzesPassed: quizzes.filter((q) => q.state.startsWith('passed')).length,
    quizzesTotal: quizzes.length,
    next: coreNext ?? optionalNext,
    coreDone: coreNext === undefined,
  };
}
