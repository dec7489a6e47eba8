// zod's mini build: every command reads progress, and its full build costs ~40 ms to load.
import * as z from 'zod/mini';

const BaselineSchema = z.object({
  startedAt: z.string(),
  containers: z.array(z.string()),
  images: z.array(z.string()),
  imageTags: z.optional(z.array(z.string())),
  /** The image each of those references named then, so a reset can give a learner's tag back. */
  imageTagIds: z.optional(z.record(z.string(), z.string())),
  volumes: z.array(z.string()),
  networks: z.array(z.string()),
  services: z.array(z.string()),
  swarmActive: z.boolean(),
  /** Files in the lab's workspace before the lab put its starter files in (the learner's own). */
  workspaceFiles: z.optional(z.array(z.string())),
});

export const LabStatus = z.enum(['not-started', 'in-progress', 'passed']);

export const LabProgress = z.object({
  status: z._default(LabStatus, 'not-started'),
  checksPassed: z._default(z.array(z.int()), []),
  checksTotal: z._default(z.int(), 0),
  attempts: z._default(z.int(), 0),
  hintsRevealed: z._default(z.int(), 0),
  solutionRevealed: z._default(z.boolean(), false),
  startedAt: z.optional(z.string()),
  firstAttemptAt: z.optional(z.string()),
  lastAttemptAt: z.optional(z.string()),
  completedAt: z.optional(z.string()),
  /** Score earned when the lab first passed (hint and solution penalties applied then). `reset` clears it with the rest. */
  score: z.optional(z.int()),
  baseline: z.optional(BaselineSchema),
});
export type LabProgress = z.infer<typeof LabProgress>;

export const LessonProgress = z.object({
  read: z._default(z.boolean(), false),
  position: z._default(z.int().check(z.minimum(0)), 0),
  lastReadAt: z.optional(z.string()),
});
export type LessonProgress = z.infer<typeof LessonProgress>;

export const QuizAnswer = z.object({
  /** The latest answer and whether it is right. */
  answer: z.string(),
  correct: z.boolean(),
  at: z.string(),
  /** Whether the question earns its share: set by the first answer, never raised later. Absent in older files (then `correct`). */
  credit: z.optional(z.boolean()),
  /** How many answers were given. */
  tries: z.optional(z.int()),
});
export type QuizAnswer = z.infer<typeof QuizAnswer>;
export const QuizProgress = z.object({ answers: z._default(z.record(z.string(), QuizAnswer), {}) });
export type QuizProgress = z.infer<typeof QuizProgress>;

export const ProgressFile = z.object({
  formatVersion: z._default(z.literal(1), 1),
  course: z.optional(z.object({ id: z.string(), version: z.string() })),
  labs: z._default(z.record(z.string(), LabProgress), {}),
  lessons: z._default(z.record(z.string(), LessonProgress), {}),
  quizzes: z._default(z.record(z.string(), QuizProgress), {}),
  lastOpened: z.optional(z.object({ kind: z.enum(['lesson', 'lab', 'quiz']), id: z.string() })),
});
export type ProgressFile = z.infer<typeof ProgressFile>;

export const emptyProgress = (): ProgressFile => ProgressFile.parse({});
export const emptyLab = (): LabProgress => LabProgress.parse({});
