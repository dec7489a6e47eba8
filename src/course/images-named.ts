/**
 * Which images a course's runnable commands ask an engine for, so that lint can hold them to the
 * images the learner's engine is known to provide (`docker-dojo lint --images FILE`). An image
 * the course builds or tags itself, or one on the learner's own registry (a host in its name),
 * needs nothing from outside; every other image that a command pulls, runs or builds FROM does.
 * Pure: course text in, located issues out.
 */
import { parse } from 'shell-quote';
import type { Course, CourseIssue } from './model.js';

/** `alpine` → `alpine:latest`, `docker.io/library/alpine:3.20` → `alpine:3.20`. */
export function normalImageRef(ref: string): string {
  let name = ref.trim().replace(/^docker\.io\//, '').replace(/^library\//, '');
  if (name.includes('@')) return name;
  const slash = name.lastIndexOf('/');
  if (!name.slice(slash + 1).includes(':')) name += ':latest';
  return name;
}

/** One ref a line; blank lines and `#` comments are ignored. */
export function parseImageList(text: string): Set<string> {
  const refs = text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
  return new Set(refs.map(normalImageRef));
}

/** A ref whose first part names a registry host: the learner's own registry, not Docker Hub. */
const onOwnRegistry = (ref: string) => {
  const first = ref.split('/')[0]!;
  return ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
};

interface Named {
  /** Images the commands ask an engine or registry for. */
  used: string[];
  /** Images the commands make themselves (build -t, tag, commit, import). */
  made: string[];
}

// Flags of run, create, pull and service create that take no value; every other flag given
// without `=` takes the next word.
const BOOLEAN_LONG = new Set([
  '--detach', '--interactive', '--tty', '--rm', '--init', '--privileged', '--publish-all', '--read-only', '--no-healthcheck',
  '--oom-kill-disable', '--disable-content-trust', '--quiet', '--all-tags', '--no-resolve-image', '--with-registry-auth', '--help',
]);
const BOOLEAN_SHORT = new Set(['d', 'i', 't', 'P', 'q']);

/** The first word after the options of `docker run`-like verbs: the image. */
function imageAfterOptions(words: string[], verb: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') return words[i + 1];
    if (word.startsWith('--')) {
      if (!word.includes('=') && !BOOLEAN_LONG.has(word)) i++;
      continue;
    }
    if (/^-[a-zA-Z]+$/.test(word)) {
      // `docker pull` has only -a and -q, neither with a value; a cluster (-dit, -dp 80:80) gives
      // its value to its last letter.
      if (verb !== 'pull' && !BOOLEAN_SHORT.has(word.at(-1)!)) i++;
      continue;
    }
    return word;
  }
  return undefined;
}

function optionValues(words: string[], names: string[]): string[] {
  const values: string[] = [];
  words.forEach((word, i) => {
    for (const name of names) {
      if (word === name && words[i + 1]) values.push(words[i + 1]!);
      else if (word.startsWith(`${name}=`)) values.push(word.slice(name.length + 1));
    }
  });
  return values;
}

/** The images one docker command (its words after `docker`) uses and makes. */
function dockerCommand(words: string[], named: Named): void {
  let [verb, ...rest] = words;
  if ((verb === 'container' || verb === 'image' || verb === 'service' || verb === 'buildx') && rest.length > 0) {
    const group = verb;
    [verb, ...rest] = rest;
    if (group === 'service' && verb === 'create') verb = 'service-create';
    if (group === 'service' && verb === 'update') verb = 'service-update';
  } else if (verb === 'service' && rest[0] === undefined) return;
  switch (verb) {
    case 'run':
    case 'create':
    case 'pull':
    case 'service-create': {
      const image = imageAfterOptions(rest, verb);
      if (image) named.used.push(image);
      break;
    }
    case 'service-update':
      named.used.push(...optionValues(rest, ['--image']));
      break;
    case 'build':
      named.made.push(...optionValues(rest, ['-t', '--tag']));
      break;
    case 'tag': {
      const plain = rest.filter((w) => !w.startsWith('-'));
      if (plain[1]) named.made.push(plain[1]);
      break;
    }
    case 'commit':
    case 'import': {
      const plain = rest.filter((w) => !w.startsWith('-'));
      if (plain[1]) named.made.push(plain[1]);
      break;
    }
  }
}

/** Images named by shell command text: docker verbs in it, and FROM lines written into Dockerfiles. */
export function imagesInCommand(text: string): Named {
  const named: Named = { used: [], made: [] };
  const joined = text.replace(/[ \t]*\\\r?\n[ \t]*/g, ' ');
  let entries: ReturnType<typeof parse>;
  try {
    entries = parse(joined.replace(/\r?\n/g, ' ; '), (key) => `$${key}`);
  } catch {
    return named;
  }
  let segment: string[] = [];
  const flush = () => {
    const at = segment.findIndex((w) => w === 'docker' || w.endsWith('/docker'));
    if (at >= 0) dockerCommand(segment.slice(at + 1), named);
    segment = [];
  };
  for (const entry of entries) {
    if (typeof entry === 'string') {
      segment.push(entry);
      for (const match of entry.matchAll(/(?:^|\n|\\n)\s*FROM\s+(?:--platform=\S+\s+)?([^\s\\]+)(?:\s+AS\s+([^\s\\]+))?/gi)) {
        named.used.push(match[1]!);
        if (match[2]) named.made.push(match[2]);
      }
    } else if ('comment' in entry) {
      flush();
    } else {
      flush();
    }
  }
  flush();
  return named;
}

/** FROM lines of a Dockerfile and `image:` lines of a Compose file. */
export function imagesInFile(name: string, text: string): Named {
  const named: Named = { used: [], made: [] };
  if (/dockerfile/i.test(name)) {
    for (const match of text.matchAll(/^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/gim)) {
      named.used.push(match[1]!);
      if (match[2]) named.made.push(match[2]);
    }
  } else if (/\.ya?ml$/.test(name)) {
    for (const match of text.matchAll(/^\s*image:\s*["']?([^\s"'#]+)/gm)) named.used.push(match[1]!);
  }
  return named;
}

/** A lesson's runnable blocks (```sh run```), with the file line each starts on. */
export function runnableBlocks(body: string, bodyLine: number): Array<{ text: string; line: number }> {
  const blocks: Array<{ text: string; line: number }> = [];
  let open: { fence: string; run: boolean; line: number; lines: string[] } | undefined;
  body.split('\n').forEach((line, i) => {
    const marker = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!open) {
      if (marker) {
        const flags = marker[2]!.trim().split(/\s+/).slice(1).map((w) => w.toLowerCase());
        open = { fence: marker[1]!, run: flags.includes('run'), line: bodyLine + i, lines: [] };
      }
      return;
    }
    if (marker && marker[1]![0] === open.fence[0] && marker[1]!.length >= open.fence.length && marker[2]!.trim() === '') {
      if (open.run) blocks.push({ text: open.lines.join('\n'), line: open.line });
      open = undefined;
      return;
    }
    open.lines.push(line);
  });
  return blocks;
}

export interface ImageUse {
  file: string;
  line?: number;
  field?: string;
  ref: string;
}

export interface StarterFile {
  /** Path relative to the course directory. */
  file: string;
  text: string;
}

/** Every image the course's commands and starters use, and every image it makes itself. */
export function courseImageUses(course: Pick<Course, 'lessons' | 'labs'>, starters: StarterFile[] = []): { uses: ImageUse[]; made: Set<string> } {
  const uses: ImageUse[] = [];
  const made = new Set<string>();
  const take = (named: Named, where: Omit<ImageUse, 'ref'>) => {
    named.made.forEach((ref) => made.add(normalImageRef(ref)));
    named.used.forEach((ref) => uses.push({ ...where, ref }));
  };
  for (const lesson of course.lessons) {
    for (const block of runnableBlocks(lesson.body, lesson.bodyLine)) take(imagesInCommand(block.text), { file: lesson.file, line: block.line });
  }
  for (const lab of course.labs) {
    lab.solution.forEach((command, i) => take(imagesInCommand(command), { file: lab.file, field: `solution[${i}]` }));
    lab.nearMisses.forEach((miss, i) => miss.run.forEach((command, j) => take(imagesInCommand(command), { file: lab.file, field: `nearMisses[${i}].run[${j}]` })));
    lab.alternatives.forEach((alt, i) => alt.run.forEach((command, j) => take(imagesInCommand(command), { file: lab.file, field: `alternatives[${i}].run[${j}]` })));
    lab.setup.forEach((spec, i) => {
      if ('image' in spec) uses.push({ file: lab.file, field: `setup[${i}].image`, ref: spec.image });
    });
    lab.checks.forEach((spec, i) => {
      if (spec.kind === 'image-present' && spec.pulled) uses.push({ file: lab.file, field: `checks[${i}].image`, ref: spec.image });
    });
  }
  for (const starter of starters) take(imagesInFile(starter.file, starter.text), { file: starter.file });
  return { uses, made };
}

/**
 * Images the course asks for that the given list does not provide. A ref with a variable in it,
 * `scratch`, a build stage, an image the course makes and one on the learner's own registry are
 * left alone.
 */
export function unprovidedImageIssues(course: Pick<Course, 'lessons' | 'labs'>, provided: ReadonlySet<string>, starters: StarterFile[] = []): CourseIssue[] {
  const { uses, made } = courseImageUses(course, starters);
  const issues: CourseIssue[] = [];
  for (const use of uses) {
    if (use.ref.includes('$') || use.ref === 'scratch' || use.ref === '-' || onOwnRegistry(use.ref)) continue;
    const ref = normalImageRef(use.ref);
    if (provided.has(ref) || made.has(ref) || made.has(use.ref)) continue;
    const where: CourseIssue = { file: use.file, message: '' };
    if (use.line !== undefined) where.line = use.line;
    if (use.field !== undefined) where.field = use.field;
    where.message = `names the image ${use.ref}, which the engine's image list does not provide and the course does not build; use one of ${[...provided].sort().join(', ')}, or add it to the list`;
    issues.push(where);
  }
  return issues;
}
