/** The app's lessons: a lesson with its practice items, the reading position (saved soon after it moves), read marks. */
import createDebug from 'debug';
import type { Course } from '../course/model.js';
import { describeError } from '../errors.js';
import { workspaceRoot } from '../lab/workspace.js';
import type { Learner } from '../learner/learner.js';
import type { ProgressStore } from '../progress/store.js';
import { summarize } from '../progress/summary.js';
import type { ItemRef, LessonDoc } from './api.js';
import type { Track } from './pending-writes.js';

const debug = createDebug('docker-dojo:app');

export interface LessonReaderDeps {
  course: Course;
  store: ProgressStore;
  env: NodeJS.ProcessEnv;
  learner: Learner;
  track: Track;
  remember(kind: ItemRef['kind'], id: string): void;
  /** Wait after the last move before the position is written (default 400 ms). */
  saveAfterMs?: number;
}

export class LessonReader {
  /** Positions moved and not yet written, by lesson id. */
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; position: number }>();

  constructor(private readonly deps: LessonReaderDeps) {}

  async lesson(id: string): Promise<LessonDoc> {
    const { learner, store, course, env } = this.deps;
    const lesson = learner.lesson(id);
    this.deps.remember('lesson', lesson.id);
    const progress = store.read();
    const summary = summarize(course, progress);
    const entry = summary.modules.flatMap((m) => m.lessons.map((l) => ({ module: m, lesson: l }))).find((e) => e.lesson.id === lesson.id);
    const practice: LessonDoc['practice'] = [
      ...(entry?.lesson.labs ?? []).flatMap((l) => [
        { kind: 'lab' as const, id: l.id, title: l.title, state: l.state },
        ...(l.quiz ? [{ kind: 'quiz' as const, id: l.quiz.id, title: l.quiz.title, state: l.quiz.state }] : []),
      ]),
      ...(entry?.lesson.quiz ? [{ kind: 'quiz' as const, id: entry.lesson.quiz.id, title: entry.lesson.quiz.title, state: entry.lesson.quiz.state }] : []),
    ];
    const pending = this.pending.get(lesson.id)?.position;
    return {
      id: lesson.id,
      title: lesson.title,
      ...(entry ? { moduleTitle: entry.module.title } : {}),
      summary: lesson.summary,
      markdown: lesson.body,
      position: pending ?? progress.lessons[lesson.id]?.position ?? 0,
      read: progress.lessons[lesson.id]?.read ?? false,
      practice,
      cwd: workspaceRoot(env),
    };
  }

  savePosition(id: string, position: number): void {
    const existing = this.pending.get(id);
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => this.flush(id), this.deps.saveAfterMs ?? 400);
    this.pending.set(id, { timer, position });
  }

  async markRead(id: string): Promise<void> {
    await this.deps.track(this.deps.learner.markRead(this.deps.learner.lesson(id)));
  }

  /** Writes every position not yet written (on close). */
  flushAll(): void {
    for (const id of [...this.pending.keys()]) this.flush(id);
  }

  private flush(id: string): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    void this.deps.track(this.deps.learner.savePosition(id, pending.position)).catch((error) => debug('could not save the reading position: %s', describeError(error)));
  }
}
