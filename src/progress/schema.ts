import { z } from 'zod';

const BaselineSchema = z.object({
  startedAt: z.string(),
  containers: z.array(z.string()),
  images: z.array(z.string()),
  imageTags: z.array(z.string()).optional(),
  volumes: z.array(z.string()),
  networks: z.array(z.string()),
  services: z.array(z.string()),
  swarmActive: z.boolean(),
});

export const LabStatus = z.enum(['not-started', 'in-progress', 'passed']);

export const LabProgress = z.object({
  status: LabStatus.default('not-started'),
  checksPassed: z.array(z.number().int()).default([]),
  checksTotal: z.number().int().default(0),
  attempts: z.number().int().default(0),
  hintsRevealed: z.number().int().default(0),
  solutionRevealed: z.boolean().default(false),
  startedAt: z.string().optional(),
  firstAttemptAt: z.string().optional(),
  lastAttemptAt: z.string().optional(),
  completedAt: z.string().optional(),
  /** Score earned when the lab first passed (hint and solution penalties applied then). `reset` clears it with the rest. */
  score: z.number().int().optional(),
  baseline: BaselineSchema.optional(),
});
export type LabProgress = z.infer<typeof LabProgress>;

export const LessonProgress = z.object({
  read: z.boolean().default(false),
  position: z.number().int().min(0).default(0),
  lastReadAt: z.string().optional(),
});
export type LessonProgress = z.infer<typeof LessonProgress>;

export const QuizAnswer = z.object({ answer: z.string(), correct: z.boolean(), at: z.string() });
export const QuizProgress = z.object({ answers: z.record(z.string(), QuizAnswer).default({}) });
export type QuizProgress = z.infer<typeof QuizProgress>;

export const ProgressFile = z.object({
  formatVersion: z.literal(1).default(1),
  course: z.object({ id: z.string(), version: z.string() }).optional(),
  labs: z.record(z.string(), LabProgress).default({}),
  lessons: z.record(z.string(), LessonProgress).default({}),
  quizzes: z.record(z.string(), QuizProgress).default({}),
  lastOpened: z.object({ kind: z.enum(['lesson', 'lab', 'quiz']), id: z.string() }).optional(),
});
export type ProgressFile = z.infer<typeof ProgressFile>;

export const emptyProgress = (): ProgressFile => ProgressFile.parse({});
export const emptyLab = (): LabProgress => LabProgress.parse({});
