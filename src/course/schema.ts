/**
 * The one place that says what a course file may contain. TypeScript types are inferred from
 * these schemas and `npm run build` writes them out as JSON Schema for editors (schema/*.json).
 * Written with zod's mini build, which the bundler trims to what is used: progress is checked
 * with it on every command, and the full build costs ~40 ms of start-up.
 */
import * as z from 'zod/mini';

/** Ids become file names, labels and progress keys: no path separators, no dots. */
export const Id = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes (e.g. "pull-hello-world")'));

const text = (min = 1) => z.string().check(z.minLength(min));
const whole = () => z.int();
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T;

const ImageRef = z.string().check(z.minLength(1), z.maxLength(255), z.regex(/^[^\s]+$/, 'must be an image reference like "alpine:3.20"'));
const ObjectName = z
  .string()
  .check(z.minLength(1), z.maxLength(128), z.regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'must be a Docker object name (letters, digits, _ . -)'));
const Port = z.int().check(z.gte(1), z.lte(65535));
const AbsolutePath = z.string().check(z.startsWith('/'));
/** "80/tcp" or "80" (tcp assumed). */
const ContainerPort = z.pipe(
  z.union([Port, z.string().check(z.regex(/^\d{1,5}(\/(tcp|udp|sctp))?$/, 'must look like "80/tcp"'))]),
  z.transform((p: number | string) => (typeof p === 'number' ? `${p}/tcp` : p.includes('/') ? p : `${p}/tcp`)),
);

/** A size as docker run --memory takes it: bytes, or a number with b, k, m, g (powers of 1024). */
const MemorySize = z.pipe(
  z.union([z.int().check(z.gte(1)), z.string().check(z.regex(/^\d+(\.\d+)?\s*([bkmgtp]i?b?)?$/i, 'must be a size like "64m", "64M" or a number of bytes'))]),
  z.transform((size: number | string) => (typeof size === 'number' ? size : bytesOf(size))),
);
const UNIT_POWERS: Record<string, number> = { b: 0, k: 1, m: 2, g: 3, t: 4, p: 5 };
export function bytesOf(size: string): number {
  const [, amount, unit] = /^(\d+(?:\.\d+)?)\s*([a-z]?)/i.exec(size.trim())!;
  return Math.floor(Number(amount) * 1024 ** (UNIT_POWERS[(unit || 'b').toLowerCase()] ?? 0));
}

/** A container is named, or found as "any container made from this image". */
const ContainerTarget = {
  container: described(z.optional(ObjectName), 'container name'),
  image: described(z.optional(ImageRef), 'the image the container was created from; without a name, any container created from this image'),
};
const requireTarget = <T extends { container?: string; image?: string }>(c: T) => Boolean(c.container ?? c.image);
const SinceStart = described(z.optional(z.boolean()), 'only count objects created (or images pulled) after the learner started this lab');

const check = <K extends string, S extends z.core.$ZodLooseShape>(kind: K, shape: S, description: string) =>
  described(z.strictObject({ kind: z.literal(kind), ...shape }), description);

/** A Compose project as its `com.docker.compose.project` label names it (the folder, -p or `name:`). */
const ProjectName = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be a Compose project name: lowercase letters, digits, dashes and underscores'));
/** A service or volume as compose.yaml names it (its `com.docker.compose.service` / `.volume` label). */
const ComposeKey = z.string().check(z.regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, 'must be a name as compose.yaml gives it'));
const ComposeService = {
  project: described(ProjectName, 'the Compose project: by default the name of the folder holding compose.yaml'),
  service: described(ComposeKey, 'the service as compose.yaml names it'),
};

export const CheckSpec = z.discriminatedUnion('kind', [
  check('engine-reachable', {}, 'The Docker engine answers.'),
  check('image-present', { image: ImageRef, pulled: described(z.optional(z.boolean()), 'pulled from a registry after the learner started this lab (a local build or tag never counts)'), sinceStart: SinceStart }, 'An image with this reference is in the engine.'),
  check('image-absent', { image: ImageRef }, 'No image with this reference is in the engine.'),
  check('image-label', { image: ImageRef, key: text(), value: z.optional(z.string()) }, 'The image carries a label.'),
  check('image-command', { image: ImageRef, cmd: z.optional(z.array(z.string())), entrypoint: z.optional(z.array(z.string())) }, "The image's CMD and/or ENTRYPOINT."),
  check('image-env', { image: ImageRef, name: text(), value: z.optional(z.string()) }, 'The image sets an environment variable.'),
  check('image-exposes', { image: ImageRef, port: ContainerPort, over: described(z.optional(ImageRef), 'the base image: EXPOSE must be a step of this image\'s own build, not inherited from the base') }, 'The image declares EXPOSE for a port.'),
  check('image-layers', { image: ImageRef, min: z.optional(whole().check(z.gte(0))), max: z.optional(whole().check(z.gte(0))), equals: z.optional(whole().check(z.gte(0))) }, 'How many filesystem layers the image has.'),
  check('image-shares-layers', { image: ImageRef, with: ImageRef, min: z._default(whole().check(z.gte(1)), 1) }, 'The image shares base layers with another image.'),
  check('image-file', { image: ImageRef, path: AbsolutePath, contains: z.optional(z.string()) }, "A file is in the image's filesystem, as its containers see it (optionally containing text)."),
  check('image-file-absent', { image: ImageRef, path: AbsolutePath }, 'No layer of the image stores this path: a file deleted by a later layer is still stored in the one below.'),
  check('image-adds-only', { image: ImageRef, base: ImageRef, paths: described(z.array(AbsolutePath).check(z.minLength(1)), 'every file the layers on top of the base store (directories aside)') }, 'The image is built on the base and its own layers store exactly these files: what a multi-stage build ships.'),
  check('workspace-ignores', { path: described(text(), 'a path in the build context, relative to the lab workspace') }, "The .dockerignore in the lab's workspace leaves this path out of the build context."),
  check('image-same-id', { image: ImageRef, as: ImageRef }, 'Two references point at the same image ID (e.g. after docker tag).'),
  check('container-exists', { ...ContainerTarget, sinceStart: SinceStart }, 'A container exists (running or not).'),
  check('container-absent', { container: ObjectName }, 'No container with this name exists.'),
  check('container-running', { ...ContainerTarget, sinceStart: SinceStart }, 'A container is running.'),
  check('container-exited', { ...ContainerTarget, exitCode: z.optional(whole()), sinceStart: SinceStart }, 'A container has stopped (optionally with this exit code).'),
  check('container-tty', { container: ObjectName }, 'The container was started interactive with a terminal (-it).'),
  check('container-env', { container: ObjectName, name: text(), value: z.optional(z.string()) }, 'The container has an environment variable.'),
  check(
    'container-restart-policy',
    { container: ObjectName, policy: z.enum(['no', 'always', 'unless-stopped', 'on-failure']), maxRetries: described(z.optional(whole().check(z.gte(0))), 'with on-failure: the most restarts it allows (on-failure:N); 0 means no limit') },
    "The container's restart policy.",
  ),
  check('container-restart-count', { container: ObjectName, count: whole().check(z.gte(0)) }, 'The engine restarted the container this many times under its restart policy (RestartCount), counted once an on-failure policy has run its course.'),
  check(
    'container-resources',
    {
      container: ObjectName,
      memory: described(z.optional(MemorySize), 'the hard memory limit as docker run --memory takes it: 64m, 64M, 67108864 (bytes)'),
      cpus: described(z.optional(z.number().check(z.gt(0))), 'CPU time as docker run --cpus takes it: 0.5 is half of one CPU'),
      pidsLimit: described(z.optional(whole().check(z.gte(1))), 'the most processes it may run at once (--pids-limit)'),
    },
    "The container's resource limits, as the engine holds them (HostConfig): set at run or with docker update.",
  ),
  check('container-health', { container: ObjectName, status: z.enum(['healthy', 'unhealthy']), asks: z.optional(z.array(z.string()).check(z.minLength(1))) }, "The container's healthcheck status (State.Health), once its first checks have run; with `asks`, its command must name one of these (such as localhost), so that a check which tests nothing does not count."),
  check('container-port', { container: ObjectName, port: ContainerPort, hostPort: z.optional(Port), hostIp: described(z.optional(z.string()), 'the only host address it may be bound to, e.g. 127.0.0.1'), chosenByDocker: described(z.optional(z.boolean()), 'the host port was left for Docker to choose (-P, or -p with the container port only)') }, 'A container port is published on the host.'),
  check('container-mount', { container: ObjectName, destination: AbsolutePath, volume: z.optional(ObjectName), bind: described(z.optional(z.string()), 'host path (absolute, or relative to the lab workspace)'), readOnly: described(z.optional(z.boolean()), 'true: mounted read-only (:ro, readonly); false: writable') }, 'A volume or bind mount is mounted at a path in the container.'),
  check('container-network', { container: ObjectName, network: ObjectName }, 'The container is attached to a network.'),
  check('container-file', { container: ObjectName, path: AbsolutePath, contains: z.optional(z.string()), changedBy: described(z.optional(ObjectName), 'the container that ran when the file was last changed (from its creation until it stopped; a removed one is timed by its events)') }, 'A file exists in the container (optionally containing text).'),
  check('container-logs', { container: ObjectName, contains: text() }, "The container's logs contain text."),
  check('container-resolves', { container: ObjectName, target: ObjectName }, 'From inside a running container, another container name resolves through DNS.'),
  check('http', { port: Port, path: z._default(AbsolutePath, '/'), status: z._default(whole(), 200), contains: z.optional(z.string()), attempts: z._default(whole().check(z.gte(1), z.lte(30)), 5) }, 'An HTTP GET on a host port answers.'),
  check('volume-exists', { volume: ObjectName, sinceStart: SinceStart }, 'A named volume exists.'),
  check('network-exists', { network: ObjectName, driver: z.optional(z.string()), sinceStart: SinceStart }, 'A network exists.'),
  check('network-has-containers', { network: ObjectName, containers: z.array(ObjectName).check(z.minLength(1)) }, 'These containers are attached to the network.'),
  check('event-since-start', { type: z.enum(['container', 'image', 'volume', 'network', 'service']), action: text(), name: described(z.optional(z.string()), 'container name, image reference, volume or network name') }, 'The engine recorded this event after the lab started.'),
  check('registry-has-tag', { registry: z.string().check(z.regex(/^[\w.-]+(:\d+)?$/, 'must be host:port')), repository: text(), tag: text() }, 'A registry (reached over HTTP on this machine) holds a tag.'),
  check('swarm-active', { active: z._default(z.boolean(), true) }, 'The engine is (or is not) a swarm node.'),
  check('service-running', { service: ObjectName, replicas: z.optional(whole().check(z.gte(0))), image: z.optional(ImageRef) }, 'A swarm service exists with this many running tasks and image (every running task on that image).'),
  check('container-command', { container: ObjectName, programs: described(z.array(text()).check(z.minLength(1)), 'program names accepted as the main process (also when started through sh -c)') }, "The program the container's main process ran."),
  check('container-logs-kernel', { container: ObjectName }, "The container's logs show the kernel release of the engine's host."),
  check('container-restarted', { container: ObjectName }, 'The container running under this name was stopped and started again during this lab: the same container, not a new one.'),
  check('container-removed-while-running', { container: ObjectName }, 'During this lab a container with this name was started, ended by the learner (stop or kill, not exiting on its own) and removed.'),
  check('service-port', { service: ObjectName, target: Port, published: Port, mode: z._default(z.enum(['ingress', 'host']), 'ingress') }, 'A swarm service publishes a target port on a host port, through the routing mesh (ingress) or on the node itself (host).'),
  check('service-update-config', { service: ObjectName, parallelism: z.optional(whole().check(z.gte(0))), delay: described(z.optional(z.number().check(z.gte(0))), 'seconds between batches') }, "A swarm service's rolling-update settings."),
  check('image-user', { image: ImageRef, user: described(z.optional(z.string()), 'the exact USER (e.g. "app" or "10001:10001"); without it, any user but root') }, 'The image says which user its containers run as (USER), and it is not root.'),
  check('container-read-only', { container: ObjectName }, "The container's root filesystem is read-only (--read-only)."),
  check(
    'container-capabilities',
    { container: ObjectName, drop: described(z.array(text()).check(z.minLength(1)), 'capabilities it must drop ("ALL" for every one)'), add: described(z._default(z.array(text()), []), 'the only capabilities it may add back') },
    'The Linux capabilities the container dropped (--cap-drop) and the only ones it added back (--cap-add); names compare without case or the CAP_ prefix.',
  ),
  check('container-process-user', { container: ObjectName }, "The running container's processes run as a user other than root (user ID 0), whichever way the user was chosen."),
  check(
    'compose-service',
    { ...ComposeService, running: z._default(z.boolean(), true), image: described(z.optional(ImageRef), 'the image its container was made from'), dependsOn: described(z.optional(z.array(ComposeKey).check(z.minLength(1))), 'services compose started it after (depends_on, as Compose v2 records it)'), sinceStart: SinceStart },
    'A service of a Compose project has a container (running, by default), told by the labels Compose v1 and v2 set; one-off `compose run` containers do not count.',
  ),
  check('compose-service-port', { ...ComposeService, port: ContainerPort, hostPort: z.optional(Port) }, "A Compose service's container publishes a port on the host."),
  check('compose-service-env', { ...ComposeService, name: text(), value: z.optional(z.string()) }, "A Compose service's container has an environment variable."),
  check('compose-service-mount', { ...ComposeService, destination: AbsolutePath, volume: described(ComposeKey, 'the volume as compose.yaml names it (Compose makes PROJECT_VOLUME)') }, "A Compose service's container mounts one of the project's volumes."),
  check('compose-volume', { project: ComposeService.project, volume: described(ComposeKey, 'the volume as compose.yaml names it'), present: z._default(z.boolean(), true), sinceStart: SinceStart }, "A volume Compose made for the project exists (present: false: it was removed)."),
  check('compose-project-down', { project: ComposeService.project }, 'No container and no network of the Compose project is left (what `docker compose down` removes).'),
  check(
    'service-rollout',
    { service: ObjectName, image: ImageRef, parallelism: whole().check(z.gte(1)), delay: described(z.number().check(z.gte(0)), 'seconds between batches') },
    "The swarm service's running tasks of this image replaced older tasks in a rolling update of at most `parallelism` tasks at a time (and at least one such batch), with at least `delay` seconds between one batch and the next.",
  ),
]);
export type CheckSpec = z.infer<typeof CheckSpec>;
export type CheckKind = CheckSpec['kind'];
export const CHECK_KINDS = CheckSpec._zod.def.options.map((o) => o.shape.kind._zod.def.values[0]!) as CheckKind[];

const TARGETED_KINDS: ReadonlySet<CheckKind> = new Set(['container-exists', 'container-running', 'container-exited']);

/** Rules the discriminated union cannot express per member; lint and the loader both apply them. */
export function checkSpecProblem(spec: CheckSpec): string | undefined {
  if (TARGETED_KINDS.has(spec.kind) && !requireTarget(spec as { container?: string; image?: string }))
    return 'needs `container` (a name) or `image`';
  if (spec.kind === 'container-mount' && !spec.volume && !spec.bind) return 'needs `volume` or `bind`';
  if (spec.kind === 'image-command' && !spec.cmd && !spec.entrypoint) return 'needs `cmd` or `entrypoint`';
  if (spec.kind === 'container-resources' && spec.memory === undefined && spec.cpus === undefined && spec.pidsLimit === undefined)
    return 'needs `memory`, `cpus` or `pidsLimit`';
  if (spec.kind === 'container-restart-policy' && spec.maxRetries !== undefined && spec.policy !== 'on-failure') return '`maxRetries` goes with the on-failure policy only';
  if (spec.kind === 'service-update-config' && spec.parallelism === undefined && spec.delay === undefined) return 'needs `parallelism` or `delay`';
  if (spec.kind === 'image-layers' && spec.min === undefined && spec.max === undefined && spec.equals === undefined)
    return 'needs `min`, `max` or `equals`';
  return undefined;
}

/** What the tutor creates before the learner starts (always labelled as the tutor's). */
export const SetupSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pull'), image: ImageRef }),
  z.strictObject({
    kind: z.literal('container'),
    name: ObjectName,
    image: ImageRef,
    command: z.optional(z.array(z.string())),
    start: described(z._default(z.boolean(), true), 'false: only create it, as docker create does (a lab that starts from a container that cannot start)'),
    ports: described(z.optional(z.record(z.string(), Port)), 'container port ("80/tcp") → host port'),
  }),
  z.strictObject({ kind: z.literal('volume'), name: ObjectName }),
  z.strictObject({ kind: z.literal('network'), name: ObjectName }),
]);
export type SetupSpec = z.infer<typeof SetupSpec>;
export const SETUP_KINDS = SetupSpec._zod.def.options.map((o) => o.shape.kind._zod.def.values[0]!);

/** What `reset` may remove — only if created after the lab started, or labelled as the tutor's. */
export const CleanupSpec = z.strictObject({
  containers: z._default(z.array(ObjectName), []),
  containersFrom: described(z._default(z.array(ImageRef), []), 'unnamed containers made from these images during the lab (e.g. `docker run hello-world`)'),
  images: z._default(z.array(ImageRef), []),
  volumes: z._default(z.array(ObjectName), []),
  networks: z._default(z.array(ObjectName), []),
  services: z._default(z.array(ObjectName), []),
  leaveSwarm: described(z._default(z.boolean(), false), 'leave the swarm, if the lab started outside one'),
  composeProjects: described(z._default(z.array(ProjectName), []), 'Compose projects whose containers, networks and volumes made during the lab go (by their com.docker.compose.project label)'),
});
export type CleanupSpec = z.infer<typeof CleanupSpec>;

/** A mistake a beginner really makes for this lab: its commands must leave the lab failing. */
export const NearMiss = z.strictObject({
  title: described(text().check(z.maxLength(120)), 'the mistake, in a learner\'s words'),
  run: described(z.array(text()).check(z.minLength(1)), 'shell commands, run in the lab workspace after the lab starts'),
  found: described(text(), 'text a failing check\'s "found" must contain: proof the grade names the miss'),
});
export type NearMiss = z.infer<typeof NearMiss>;

/** Another correct way to do the lab, of the kind Docker's documentation teaches: it must pass. */
export const Alternative = z.strictObject({
  title: described(text().check(z.maxLength(120)), 'what makes this way different'),
  run: described(z.array(text()).check(z.minLength(1)), 'shell commands, run in the lab workspace after the lab starts'),
});
export type Alternative = z.infer<typeof Alternative>;

export const LabFrontMatter = z.strictObject({
  id: Id,
  title: text().check(z.maxLength(120)),
  lesson: Id,
  points: z._default(whole().check(z.gte(0), z.lte(1000)), 10),
  checks: z.array(CheckSpec).check(z.minLength(1)),
  hints: z._default(z.array(text()), []),
  solution: described(z.array(text()).check(z.minLength(1)), 'shell commands, run in the lab workspace, that solve the lab'),
  setup: z._default(z.array(SetupSpec), []),
  cleanup: z._default(CleanupSpec, { containers: [], containersFrom: [], images: [], volumes: [], networks: [], services: [], leaveSwarm: false, composeProjects: [] }),
  starter: described(
    z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a folder name of lowercase letters, digits and dashes'))),
    'folder under labs/starters/ copied into the workspace',
  ),
  workspace: described(z._default(z.boolean(), false), "true: the lab's work happens in its own folder (the workspace), made when the lab starts even with no starter files"),
  quiz: described(z.optional(Id), 'questions answered from the engine once the lab is done'),
  nearMisses: described(z._default(z.array(NearMiss), []), 'mistakes that must fail: the proof suite runs each one'),
  alternatives: described(z._default(z.array(Alternative), []), 'other correct solutions that must pass: the proof suite runs each one'),
});
export type LabFrontMatter = z.infer<typeof LabFrontMatter>;

/** Values a live question reads from the learner's engine at check time. */
export const LiveFact = z.discriminatedUnion('fact', [
  z.strictObject({ fact: z.enum(['kernel-version', 'server-version', 'api-version', 'storage-driver', 'os-type', 'operating-system', 'architecture', 'running-containers', 'containers-total', 'images-total', 'default-runtime', 'cgroup-driver', 'cpus', 'swarm-state']) }),
  z.strictObject({ fact: z.literal('image-layer-count'), image: ImageRef }),
  z.strictObject({ fact: z.literal('image-id'), image: ImageRef }),
  z.strictObject({ fact: z.literal('container-pid'), container: ObjectName }),
  z.strictObject({ fact: z.literal('container-ip'), container: ObjectName, network: z.optional(ObjectName) }),
  z.strictObject({ fact: z.literal('published-port'), container: ObjectName, port: ContainerPort }),
]);
export type LiveFact = z.infer<typeof LiveFact>;
export const LIVE_FACTS: string[] = LiveFact._zod.def.options.flatMap((o) => [...o.shape.fact._zod.values!].map(String));

export const Question = z.union([
  z.strictObject({
    id: Id,
    prompt: text(),
    choices: z.array(text()).check(z.minLength(2), z.maxLength(8)),
    answer: described(whole().check(z.gte(0)), 'index of the right choice, from 0'),
    explanation: text(),
  }),
  z.strictObject({
    id: Id,
    prompt: text(),
    live: LiveFact,
    explanation: text(),
  }),
  z.strictObject({
    id: Id,
    prompt: text(),
    accept: described(z.array(text()).check(z.minLength(1)), 'typed answers accepted (case and surrounding space ignored)'),
    explanation: text(),
  }),
]);
export type Question = z.infer<typeof Question>;

export const QuizFile = z.strictObject({
  id: Id,
  title: text(),
  lesson: Id,
  points: z._default(whole().check(z.gte(0)), 5),
  questions: z.array(Question).check(z.minLength(1)),
});
export type QuizFile = z.infer<typeof QuizFile>;

export const LessonFrontMatter = z.strictObject({
  id: Id,
  title: text().check(z.maxLength(120)),
  module: Id,
  order: whole().check(z.gte(0)),
  summary: text().check(z.maxLength(400)),
  labs: z._default(z.array(Id), []),
  quiz: z.optional(Id),
});
export type LessonFrontMatter = z.infer<typeof LessonFrontMatter>;

export const CourseFile = z.strictObject({
  id: Id,
  title: text(),
  version: z.string().check(z.regex(/^\d+\.\d+\.\d+$/, 'must be a version like "1.0.0"')),
  modules: z
    .array(
      z.strictObject({
        id: Id,
        title: text(),
        summary: z.optional(z.string()),
        optional: described(
          z._default(z.boolean(), false),
          'a deep dive a learner may skip: "continue" passes over it and the map marks it optional, yet it stays open to anyone who picks it',
        ),
      }),
    )
    .check(z.minLength(1)),
  renamed: described(
    z._default(z.record(Id, Id), {}),
    'old id → new id for lessons, labs and quizzes renamed since an earlier version, so progress follows them',
  ),
});
export type CourseFile = z.infer<typeof CourseFile>;

/** The schemas written to schema/*.json for editors. */
export const EDITOR_SCHEMAS = {
  'course.schema.json': CourseFile,
  'lesson.schema.json': LessonFrontMatter,
  'lab.schema.json': LabFrontMatter,
  'quiz.schema.json': QuizFile,
} as const;
