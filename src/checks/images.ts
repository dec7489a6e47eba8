import path from 'node:path';
import type { CheckSpec } from '../course/schema.js';
import type { EngineFacts, EventFact, ImageFact } from './facts.js';
import { fail, list, pass, verdict, type Verdict } from './verdict.js';

type Spec<K extends CheckSpec['kind']> = Extract<CheckSpec, { kind: K }>;

const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);
const missing = (title: string, expected: string, ref: string) =>
  fail(title, expected, `no image "${ref}" on the engine`, `Pull or build "${ref}" first (docker image ls shows what you have).`);

export function withImage(facts: EngineFacts, ref: string, title: string, expected: string, judge: (image: ImageFact) => Verdict): Verdict {
  const image = facts.images[ref];
  return image ? judge(image) : missing(title, expected, ref);
}

export function imagePresent(spec: Spec<'image-present'>, facts: EngineFacts): Verdict {
  const title = `image ${spec.image} is on the engine${spec.pulled ? ', pulled from a registry' : ''}`;
  const expected = `image "${spec.image}"${spec.pulled ? ' pulled from a registry' : ''}${spec.sinceStart || (spec.pulled && facts.baseline) ? ' after the lab started' : ''}`;
  const image = facts.images[spec.image];
  if (!image) {
    // Only a lab that asks for a pull may suggest one: a lab's own image is built, and a pull of it can't work.
    if (spec.pulled) return fail(title, expected, `no such image: ${spec.image} has not been pulled`, `Try: docker pull ${spec.image}`);
    return missing(title, expected, spec.image);
  }
  if (spec.pulled) {
    const problem = notPulled(spec.image, image, facts);
    if (problem) return fail(title, expected, problem, `Pull it from a registry: docker pull ${spec.image}`);
  }
  if (spec.sinceStart && facts.baseline) {
    const newSinceStart = !facts.baseline.images.includes(image.id);
    const pulledSinceStart = pullsOf(spec.image, facts).length > 0;
    if (!newSinceStart && !pulledSinceStart) {
      // A rebuild from the cache gives the same ID again, so a built image needs --no-cache.
      const remedy =
        image.repoDigests.length === 0
          ? `It was built before the lab: rebuild it without the cache, docker build --no-cache -t ${spec.image} .`
          : `Pull it yourself: docker pull ${spec.image} (or, if you build it, rebuild without the cache: docker build --no-cache -t ${spec.image} .)`;
      return fail(title, expected, `image ${shortId(image.id)} was already there before the lab started, and has not been pulled since`, remedy);
    }
  }
  return pass(title, expected, `image ${shortId(image.id)}${image.repoDigests[0] ? ` (${image.repoDigests[0]})` : ''}`);
}

const pullsOf = (ref: string, facts: EngineFacts) => facts.events.filter((e) => e.type === 'image' && e.action === 'pull' && sameRepository(e.name, ref));
const eventNanos = (e: EventFact) => e.timeNano ?? e.time * 1e9;

/**
 * Why the image named `ref` is not one pulled from a registry during the lab, or undefined if it is.
 * A RepoDigest alone proves nothing on the containerd image store, where a local build gets one
 * too; what counts is the engine's pull event since the lab started, and that nothing re-pointed
 * the name afterwards (a `docker tag` onto it, or a build: an image created after the pull).
 */
function notPulled(ref: string, image: ImageFact, facts: EngineFacts): string | undefined {
  if (image.repoDigests.length === 0) return `image ${shortId(image.id)} has no registry digest (it was built or loaded locally)`;
  if (!facts.baseline) return undefined;
  const pulls = pullsOf(ref, facts);
  if (pulls.length === 0) {
    const isNew = !facts.baseline.images.includes(image.id);
    return isNew
      ? `image ${shortId(image.id)} was made on this engine during the lab (built, tagged or loaded), not pulled`
      : `image ${shortId(image.id)} has not been pulled since the lab started`;
  }
  const lastPull = Math.max(...pulls.map(eventNanos));
  const retagged = facts.events.some((e) => e.type === 'image' && e.action === 'tag' && sameRepository(e.name, ref) && eventNanos(e) > lastPull);
  const created = Date.parse(image.created);
  if (retagged || (Number.isFinite(created) && created * 1e6 > lastPull)) {
    return `"${ref}" was pulled, then given to image ${shortId(image.id)}, made on this engine after the pull`;
  }
  return undefined;
}

export function imageAbsent(spec: Spec<'image-absent'>, facts: EngineFacts): Verdict {
  const image = facts.images[spec.image];
  const title = `image ${spec.image} is gone`;
  return image
    ? fail(title, `no image "${spec.image}"`, `image ${shortId(image.id)} tagged ${list(image.repoTags)}`, `Remove it: docker rmi ${spec.image}`)
    : pass(title, `no image "${spec.image}"`, 'no such image');
}

export function imageLabel(spec: Spec<'image-label'>, facts: EngineFacts): Verdict {
  const title = `image ${spec.image} has label ${spec.key}`;
  const expected = spec.value === undefined ? `label "${spec.key}"` : `label ${spec.key}=${spec.value}`;
  return withImage(facts, spec.image, title, expected, (image) => {
    const actual = image.labels[spec.key];
    const found = Object.keys(image.labels).length === 0 ? 'no labels' : Object.entries(image.labels).map(([k, v]) => `${k}=${v}`).join(', ');
    return verdict(actual !== undefined && (spec.value === undefined || actual === spec.value), title, expected, found, 'Add a LABEL instruction to the Dockerfile and build again.');
  });
}

/**
 * The image's ENTRYPOINT and CMD, judged by what they run: "/bin/sh" and "sh" are one program,
 * and a relative path is read from the image's WORKDIR, as the container would.
 */
export function imageCommand(spec: Spec<'image-command'>, facts: EngineFacts): Verdict {
  const parts = [spec.entrypoint && `ENTRYPOINT ${JSON.stringify(spec.entrypoint)}`, spec.cmd && `CMD ${JSON.stringify(spec.cmd)}`].filter(Boolean) as string[];
  const title = `image ${spec.image} runs ${parts.join(' with ')}`;
  return withImage(facts, spec.image, title, parts.join(', '), (image) => {
    const workdir = image.workingDir || '/';
    const ok = (!spec.cmd || sameCommand(image.cmd, spec.cmd, workdir)) && (!spec.entrypoint || sameCommand(image.entrypoint, spec.entrypoint, workdir));
    const shellForm = [image.entrypoint, image.cmd].some((c) => c?.[0] === '/bin/sh' && c[1] === '-c' && c.length === 3);
    const found = `ENTRYPOINT ${JSON.stringify(image.entrypoint ?? [])}, CMD ${JSON.stringify(image.cmd ?? [])}${image.workingDir ? `, WORKDIR ${image.workingDir}` : ''}${shellForm ? ' (shell form: stored as /bin/sh -c "…")' : ''}`;
    const hint = shellForm
      ? 'That is the shell form, which runs /bin/sh -c "…": write the command as a JSON array (exec form), then build again.'
      : `Set ${parts.join(' and ')} in the Dockerfile, then build again.`;
    return verdict(ok, title, parts.join(', '), found, hint);
  });
}

/** A program in one of the usual bin folders is the same program by its name alone. */
const BIN_DIRS = /^\/(usr\/)?(local\/)?s?bin\/([^/]+)$/;
const programName = (word: string) => BIN_DIRS.exec(word)?.[3] ?? word;

/** True when `actual` runs what `expected` runs: the program by name, relative paths from `workdir`. */
export function sameCommand(actual: readonly string[] | null, expected: readonly string[], workdir = '/'): boolean {
  const words = actual ?? [];
  if (words.length !== expected.length) return false;
  return words.every((word, i) => {
    const want = expected[i]!;
    if (word === want) return true;
    if (i === 0 && programName(word) === programName(want)) return true;
    // A relative path, read from the working directory, naming the same absolute path.
    return want.startsWith('/') && !word.startsWith('/') && !word.startsWith('-') && path.posix.resolve(workdir, word) === want;
  });
}

export function imageEnv(spec: Spec<'image-env'>, facts: EngineFacts): Verdict {
  const expected = spec.value === undefined ? `${spec.name} set` : `${spec.name}=${spec.value}`;
  const title = `image ${spec.image} sets ${spec.name}`;
  return withImage(facts, spec.image, title, expected, (image) => {
    const value = envValue(image.env, spec.name);
    return verdict(value !== undefined && (spec.value === undefined || value === spec.value), title, expected, value === undefined ? `${spec.name} not set` : `${spec.name}=${value}`);
  });
}

export function imageExposes(spec: Spec<'image-exposes'>, facts: EngineFacts): Verdict {
  const title = `image ${spec.image} exposes ${spec.port}${spec.over ? ' in its own Dockerfile' : ''}`;
  const expected = spec.over ? `an EXPOSE ${spec.port} step of its own, above ${spec.over}` : `EXPOSE ${spec.port}`;
  return withImage(facts, spec.image, title, expected, (image) => {
    if (!image.exposedPorts.includes(spec.port)) return fail(title, expected, `exposed: ${list(image.exposedPorts)}`);
    if (!spec.over) return pass(title, expected, `exposed: ${list(image.exposedPorts)}`);
    const own = ownSteps(facts.imageHistory[spec.image], facts.imageHistory[spec.over]);
    if (!own) return fail(title, expected, `the build steps of ${spec.image} and ${spec.over} could not be read`);
    const number = spec.port.split('/')[0] ?? spec.port;
    const exposes = own.some((step) => new RegExp(`\\bEXPOSE\\b.*\\b${number}\\b`).test(step));
    return exposes
      ? pass(title, expected, `EXPOSE ${spec.port} is a step of ${spec.image}'s own build`)
      : fail(title, expected, `${spec.port} is exposed only by ${spec.over}: no EXPOSE among your own steps`, `Add EXPOSE ${number} to your Dockerfile, then build again.`);
  });
}

/** The steps an image's build added above its base: its history past the base's own, oldest first. */
function ownSteps(image: string[] | null | undefined, base: string[] | null | undefined): string[] | undefined {
  if (!image || !base) return undefined;
  return image.slice(base.length);
}

export function imageLayers(spec: Spec<'image-layers'>, facts: EngineFacts): Verdict {
  const bounds = [
    spec.equals !== undefined && `exactly ${spec.equals}`,
    spec.min !== undefined && `at least ${spec.min}`,
    spec.max !== undefined && `at most ${spec.max}`,
  ].filter(Boolean) as string[];
  const expected = `${bounds.join(' and ')} layers`;
  const title = `image ${spec.image} has ${expected}`;
  return withImage(facts, spec.image, title, expected, (image) => {
    const n = image.layers.length;
    const ok = (spec.equals === undefined || n === spec.equals) && (spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max);
    return verdict(ok, title, expected, `${n} layer${n === 1 ? '' : 's'}`);
  });
}

export function imageSharesLayers(spec: Spec<'image-shares-layers'>, facts: EngineFacts): Verdict {
  const title = `image ${spec.image} shares layers with ${spec.with}`;
  const expected = `at least ${spec.min} layer${spec.min === 1 ? '' : 's'} in common`;
  return withImage(facts, spec.image, title, expected, (image) =>
    withImage(facts, spec.with, title, expected, (other) => {
      const shared = image.layers.filter((l) => other.layers.includes(l)).length;
      return verdict(shared >= spec.min, title, expected, `${shared} shared of ${image.layers.length} and ${other.layers.length}`, `Build ${spec.image} FROM ${spec.with}.`);
    }),
  );
}

export function imageSameId(spec: Spec<'image-same-id'>, facts: EngineFacts): Verdict {
  const title = `${spec.as} is the same image as ${spec.image}`;
  const expected = `"${spec.as}" and "${spec.image}" share one image ID`;
  return withImage(facts, spec.image, title, expected, (image) => {
    const other = facts.images[spec.as];
    if (!other) return fail(title, expected, `no image "${spec.as}"`, `Tag it: docker tag ${spec.image} ${spec.as}`);
    const same = other.id === image.id;
    return verdict(same, title, expected, `${spec.image} is ${shortId(image.id)}, ${spec.as} is ${shortId(other.id)}${same ? '' : ': the IDs differ'}`);
  });
}

/** "hello-world:latest" and "docker.io/library/hello-world" name the same repository. */
export function normalizeReference(ref: string): string {
  let name = ref;
  let tag = 'latest';
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const lastColon = name.lastIndexOf(':');
  if (lastColon > name.lastIndexOf('/')) {
    tag = name.slice(lastColon + 1);
    name = name.slice(0, lastColon);
  }
  const first = name.split('/')[0]!;
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) name = `docker.io/${name.includes('/') ? name : `library/${name}`}`;
  return `${name}:${tag}`;
}

function sameRepository(eventName: string, ref: string): boolean {
  return normalizeReference(eventName) === normalizeReference(ref);
}

/** A name given twice (an env file, then -e) is listed twice in Config.Env: the last one is what the process gets. */
export function envValue(env: readonly string[], name: string): string | undefined {
  const entry = [...env].reverse().find((e) => e.startsWith(`${name}=`));
  return entry?.slice(name.length + 1);
}
