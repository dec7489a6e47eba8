/**
 * The one place that says what a course file may contain. TypeScript types are inferred from
 * these schemas and `npm run build` writes them out as JSON Schema for editors (schema/*.json).
 */
import { z } from 'zod';

/** Ids become file names, labels and progress keys: no path separators, no dots. */
export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes (e.g. "pull-hello-world")');

const ImageRef = z.string().min(1).max(255).regex(/^[^\s]+$/, 'must be an image reference like "alpine:3.20"');
const ObjectName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'must be a Docker object name (letters, digits, _ . -)');
const Port = z.number().int().min(1).max(65535);
/** "80/tcp" or "80" (tcp assumed). */
const ContainerPort = z
  .union([Port, z.string().regex(/^\d{1,5}(\/(tcp|udp|sctp))?$/, 'must look like "80/tcp"')])
  .transform((p) => (typeof p === 'number' ? `${p}/tcp` : p.includes('/') ? p : `${p}/tcp`));

/** A container is named, or found as "any container made from this image". */
const ContainerTarget = {
  container: ObjectName.optional().describe('container name'),
  image: ImageRef.optional().describe('any container created from this image'),
};
const requireTarget = <T extends { container?: string; image?: string }>(c: T) => Boolean(c.container ?? c.image);
const SinceStart = z
  .boolean()
  .optional()
  .describe('only count objects created (or images pulled) after the learner started this lab');

const check = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S, description: string) =>
  z.object({ kind: z.literal(kind), ...shape }).strict().describe(description);

export const CheckSpec = z.discriminatedUnion('kind', [
  check('engine-reachable', {}, 'The Docker engine answers.'),
  check('image-present', { image: ImageRef, pulled: z.boolean().optional().describe('came from a registry (has a RepoDigest)'), sinceStart: SinceStart }, 'An image with this reference is in the engine.'),
  check('image-absent', { image: ImageRef }, 'No image with this reference is in the engine.'),
  check('image-label', { image: ImageRef, key: z.string().min(1), value: z.string().optional() }, 'The image carries a label.'),
  check('image-command', { image: ImageRef, cmd: z.array(z.string()).optional(), entrypoint: z.array(z.string()).optional() }, "The image's CMD and/or ENTRYPOINT."),
  check('image-env', { image: ImageRef, name: z.string().min(1), value: z.string().optional() }, 'The image sets an environment variable.'),
  check('image-exposes', { image: ImageRef, port: ContainerPort }, 'The image declares EXPOSE for a port.'),
  check('image-layers', { image: ImageRef, min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional(), equals: z.number().int().min(0).optional() }, 'How many filesystem layers the image has.'),
  check('image-shares-layers', { image: ImageRef, with: ImageRef, min: z.number().int().min(1).default(1) }, 'The image shares base layers with another image.'),
  check('image-same-id', { image: ImageRef, as: ImageRef }, 'Two references point at the same image ID (e.g. after docker tag).'),
  check('container-exists', { ...ContainerTarget, sinceStart: SinceStart }, 'A container exists (running or not).'),
  check('container-absent', { container: ObjectName }, 'No container with this name exists.'),
  check('container-running', { ...ContainerTarget, sinceStart: SinceStart }, 'A container is running.'),
  check('container-exited', { ...ContainerTarget, exitCode: z.number().int().optional(), sinceStart: SinceStart }, 'A container has stopped (optionally with this exit code).'),
  check('container-tty', { container: ObjectName }, 'The container was started interactive with a terminal (-it).'),
  check('container-env', { container: ObjectName, name: z.string().min(1), value: z.string().optional() }, 'The container has an environment variable.'),
  check('container-restart-policy', { container: ObjectName, policy: z.enum(['no', 'always', 'unless-stopped', 'on-failure']) }, "The container's restart policy."),
  check('container-port', { container: ObjectName, port: ContainerPort, hostPort: Port.optional() }, 'A container port is published on the host.'),
  check('container-mount', { container: ObjectName, destination: z.string().startsWith('/'), volume: ObjectName.optional(), bind: z.string().optional().describe('host path (absolute, or relative to the lab workspace)') }, 'A volume or bind mount is mounted at a path in the container.'),
  check('container-network', { container: ObjectName, network: ObjectName }, 'The container is attached to a network.'),
  check('container-file', { container: ObjectName, path: z.string().startsWith('/'), contains: z.string().optional() }, 'A file exists in the container (optionally containing text).'),
  check('container-logs', { container: ObjectName, contains: z.string().min(1) }, "The container's logs contain text."),
  check('container-resolves', { container: ObjectName, target: ObjectName }, 'From inside a running container, another container name resolves through DNS.'),
  check('http', { port: Port, path: z.string().startsWith('/').default('/'), status: z.number().int().default(200), contains: z.string().optional(), attempts: z.number().int().min(1).max(30).default(5) }, 'An HTTP GET on a host port answers.'),
  check('volume-exists', { volume: ObjectName, sinceStart: SinceStart }, 'A named volume exists.'),
  check('network-exists', { network: ObjectName, driver: z.string().optional(), sinceStart: SinceStart }, 'A network exists.'),
  check('network-has-containers', { network: ObjectName, containers: z.array(ObjectName).min(1) }, 'These containers are attached to the network.'),
  check('event-since-start', { type: z.enum(['container', 'image', 'volume', 'network', 'service']), action: z.string().min(1), name: z.string().optional().describe('container name, image reference, volume or network name') }, 'The engine recorded this event after the lab started.'),
  check('registry-has-tag', { registry: z.string().regex(/^[\w.-]+(:\d+)?$/, 'must be host:port'), repository: z.string().min(1), tag: z.string().min(1) }, 'A registry (reached over HTTP on this machine) holds a tag.'),
  check('swarm-active', { active: z.boolean().default(true) }, 'The engine is (or is not) a swarm node.'),
  check('service-running', { service: ObjectName, replicas: z.number().int().min(0).optional(), image: ImageRef.optional() }, 'A swarm service exists with this many running tasks and image.'),
]);
export type CheckSpec = z.infer<typeof CheckSpec>;
export type CheckKind = CheckSpec['kind'];
export const CHECK_KINDS = CheckSpec.options.map((o) => o.shape.kind.value) as CheckKind[];

const TARGETED_KINDS: ReadonlySet<CheckKind> = new Set(['container-exists', 'container-running', 'container-exited']);

/** Rules the discriminated union cannot express per member; lint and the loader both apply them. */
export function checkSpecProblem(spec: CheckSpec): string | undefined {
  if (TARGETED_KINDS.has(spec.kind) && !requireTarget(spec as { container?: string; image?: string }))
    return 'needs `container` (a name) or `image`';
  if (spec.kind === 'container-mount' && !spec.volume && !spec.bind) return 'needs `volume` or `bind`';
  if (spec.kind === 'image-command' && !spec.cmd && !spec.entrypoint) return 'needs `cmd` or `entrypoint`';
  if (spec.kind === 'image-layers' && spec.min === undefined && spec.max === undefined && spec.equals === undefined)
    return 'needs `min`, `max` or `equals`';
  return undefined;
}

/** What the tutor creates before the learner starts (always labelled as the tutor's). */
export const SetupSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pull'), image: ImageRef }).strict(),
  z
    .object({
      kind: z.literal('container'),
      name: ObjectName,
      image: ImageRef,
      command: z.array(z.string()).optional(),
      detach: z.boolean().default(true),
      ports: z.record(z.string(), Port).optional().describe('container port ("80/tcp") → host port'),
    })
    .strict(),
  z.object({ kind: z.literal('volume'), name: ObjectName }).strict(),
  z.object({ kind: z.literal('network'), name: ObjectName }).strict(),
]);
export type SetupSpec = z.infer<typeof SetupSpec>;
export const SETUP_KINDS = SetupSpec.options.map((o) => o.shape.kind.value);

/** What `reset` may remove — only if created after the lab started, or labelled as the tutor's. */
export const CleanupSpec = z
  .object({
    containers: z.array(ObjectName).default([]),
    containersFrom: z
      .array(ImageRef)
      .default([])
      .describe('unnamed containers made from these images during the lab (e.g. `docker run hello-world`)'),
    images: z.array(ImageRef).default([]),
    volumes: z.array(ObjectName).default([]),
    networks: z.array(ObjectName).default([]),
    services: z.array(ObjectName).default([]),
    leaveSwarm: z.boolean().default(false).describe('leave the swarm, if the lab started outside one'),
  })
  .strict();
export type CleanupSpec = z.infer<typeof CleanupSpec>;

export const LabFrontMatter = z
  .object({
    id: Id,
    title: z.string().min(1).max(120),
    lesson: Id,
    points: z.number().int().min(0).max(1000).default(10),
    checks: z.array(CheckSpec).min(1),
    hints: z.array(z.string().min(1)).default([]),
    solution: z.array(z.string().min(1)).min(1).describe('shell commands, run in the lab workspace, that solve the lab'),
    setup: z.array(SetupSpec).default([]),
    cleanup: CleanupSpec.default({ containers: [], containersFrom: [], images: [], volumes: [], networks: [], services: [], leaveSwarm: false }),
    starter: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a folder name of lowercase letters, digits and dashes')
      .optional()
      .describe('folder under labs/starters/ copied into the workspace'),
    quiz: Id.optional().describe('questions answered from the engine once the lab is done'),
  })
  .strict();
export type LabFrontMatter = z.infer<typeof LabFrontMatter>;

/** Values a live question reads from the learner's engine at check time. */
export const LiveFact = z.discriminatedUnion('fact', [
  z.object({ fact: z.enum(['kernel-version', 'server-version', 'api-version', 'storage-driver', 'os-type', 'operating-system', 'architecture', 'running-containers', 'containers-total', 'images-total', 'default-runtime', 'cgroup-driver', 'cpus', 'swarm-state']) }).strict(),
  z.object({ fact: z.literal('image-layer-count'), image: ImageRef }).strict(),
  z.object({ fact: z.literal('image-id'), image: ImageRef }).strict(),
  z.object({ fact: z.literal('container-pid'), container: ObjectName }).strict(),
  z.object({ fact: z.literal('container-ip'), container: ObjectName, network: ObjectName.optional() }).strict(),
  z.object({ fact: z.literal('published-port'), container: ObjectName, port: ContainerPort }).strict(),
]);
export type LiveFact = z.infer<typeof LiveFact>;
export const LIVE_FACTS: string[] = LiveFact.options.flatMap((o) => {
  const fact = o.shape.fact as unknown as { options?: string[]; value?: string };
  return fact.options ?? [fact.value!];
});

export const Question = z.union([
  z
    .object({
      id: Id,
      prompt: z.string().min(1),
      choices: z.array(z.string().min(1)).min(2).max(8),
      answer: z.number().int().min(0).describe('index of the right choice, from 0'),
      explanation: z.string().min(1),
    })
    .strict(),
  z
    .object({
      id: Id,
      prompt: z.string().min(1),
      live: LiveFact,
      explanation: z.string().min(1),
    })
    .strict(),
  z
    .object({
      id: Id,
      prompt: z.string().min(1),
      accept: z.array(z.string().min(1)).min(1).describe('typed answers accepted (case and surrounding space ignored)'),
      explanation: z.string().min(1),
    })
    .strict(),
]);
export type Question = z.infer<typeof Question>;

export const QuizFile = z
  .object({
    id: Id,
    title: z.string().min(1),
    lesson: Id,
    points: z.number().int().min(0).default(5),
    questions: z.array(Question).min(1),
  })
  .strict();
export type QuizFile = z.infer<typeof QuizFile>;

export const LessonFrontMatter = z
  .object({
    id: Id,
    title: z.string().min(1).max(120),
    module: Id,
    order: z.number().int().min(0),
    summary: z.string().min(1).max(400),
    labs: z.array(Id).default([]),
    quiz: Id.optional(),
  })
  .strict();
export type LessonFrontMatter = z.infer<typeof LessonFrontMatter>;

export const CourseFile = z
  .object({
    id: Id,
    title: z.string().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version like "1.0.0"'),
    modules: z
      .array(z.object({ id: Id, title: z.string().min(1), summary: z.string().optional() }).strict())
      .min(1),
    renamed: z
      .record(Id, Id)
      .default({})
      .describe('old id → new id for lessons, labs and quizzes renamed since an earlier version, so progress follows them'),
  })
  .strict();
export type CourseFile = z.infer<typeof CourseFile>;

/** The schemas written to schema/*.json for editors. */
export const EDITOR_SCHEMAS = {
  'course.schema.json': CourseFile,
  'lesson.schema.json': LessonFrontMatter,
  'lab.schema.json': LabFrontMatter,
  'quiz.schema.json': QuizFile,
} as const;
