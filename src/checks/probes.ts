/** Checks that look inside containers or across the network: files, logs, DNS, HTTP, registries. */
import type { CheckSpec } from '../course/schema.js';
import { factKey, type EngineFacts } from './facts.js';
import { changedOutside, findContainer } from './containers.js';
import { fail, list, pass, verdict, type Verdict } from './verdict.js';

type Spec<K extends CheckSpec['kind']> = Extract<CheckSpec, { kind: K }>;

const clip = (text: string, max = 80) => {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
};

export function containerFile(spec: Spec<'container-file'>, facts: EngineFacts): Verdict {
  const expected = spec.contains === undefined ? `${spec.path} exists` : `${spec.path} containing "${spec.contains}"`;
  const title = `container "${spec.container}" has ${spec.path}`;
  if (!findContainer(facts, spec.container)) return fail(title, expected, `no container named "${spec.container}"`);
  const file = facts.files[factKey.file(spec.container, spec.path)];
  if (!file?.exists) return fail(title, expected, file?.error ?? `no file at ${spec.path}`);
  const content = file.content ?? '';
  if (spec.contains !== undefined && !content.includes(spec.contains)) return fail(title, expected, `${spec.path} contains "${clip(content)}"`);
  if (spec.changedBy) {
    const outside = changedOutside(spec.path, file.modified, spec.changedBy, facts);
    const by = `${expected}, last changed by "${spec.changedBy}"`;
    if (outside) return fail(title, by, outside, `Let "${spec.changedBy}" itself write the file, through the mount.`);
    return pass(title, by, `${spec.path} changed while "${spec.changedBy}" ran`);
  }
  return pass(title, expected, spec.contains === undefined ? `${spec.path} exists` : `${spec.path} contains "${clip(content)}"`);
}

export function containerLogs(spec: Spec<'container-logs'>, facts: EngineFacts): Verdict {
  const title = `container "${spec.container}" logged "${spec.contains}"`;
  const expected = `logs containing "${spec.contains}"`;
  if (!findContainer(facts, spec.container)) return fail(title, expected, `no container named "${spec.container}"`);
  const logs = facts.logs[spec.container] ?? '';
  if (logs.includes(spec.contains)) return pass(title, expected, 'found in the logs');
  return fail(title, expected, logs.trim() ? `logs end with "${clip(logs.trim().split('\n').slice(-3).join(' '))}"` : 'empty logs');
}

export function containerResolves(spec: Spec<'container-resolves'>, facts: EngineFacts): Verdict {
  const title = `"${spec.container}" can reach "${spec.target}" by name`;
  const expected = `the name "${spec.target}" resolves inside "${spec.container}"`;
  const c = findContainer(facts, spec.container);
  if (!c) return fail(title, expected, `no container named "${spec.container}"`);
  if (!c.running) return fail(title, expected, `"${spec.container}" is ${c.state}`, `Start it: docker start ${spec.container}`);
  const probe = facts.resolves[factKey.resolve(spec.container, spec.target)];
  return verdict(Boolean(probe?.ok), title, expected, probe?.detail ?? 'not probed', 'Names resolve only on a user-defined network both containers are attached to.');
}

export function http(spec: Spec<'http'>, facts: EngineFacts): Verdict {
  const url = `http://localhost:${spec.port}${spec.path}`;
  const expected = `HTTP ${spec.status}${spec.contains ? ` with "${spec.contains}"` : ''}`;
  const title = `${url} answers${spec.contains ? ` with "${spec.contains}"` : ''}`;
  const answer = facts.http[factKey.http(spec.port, spec.path)];
  if (!answer || answer.status === undefined) {
    return fail(title, expected, answer?.error ?? 'no answer', `Is a container publishing host port ${spec.port}? (docker ps shows PORTS)`);
  }
  const ok = answer.status === spec.status && (!spec.contains || (answer.body ?? '').includes(spec.contains));
  return verdict(ok, title, expected, `HTTP ${answer.status}${answer.body ? `: "${clip(answer.body, 60)}"` : ''}`);
}

export function registryHasTag(spec: Spec<'registry-has-tag'>, facts: EngineFacts): Verdict {
  const title = `registry ${spec.registry} holds ${spec.repository}:${spec.tag}`;
  const expected = `tag "${spec.tag}" in ${spec.registry}/${spec.repository}`;
  const answer = facts.registryTags[factKey.registry(spec.registry, spec.repository)];
  if (!answer || answer.error) return fail(title, expected, answer?.error ?? 'no answer from the registry', `Is the registry container running and published on ${spec.registry}?`);
  return verdict(answer.tags.includes(spec.tag), title, expected, `tags: ${list(answer.tags)}`, `Tag and push: docker tag IMAGE ${spec.registry}/${spec.repository}:${spec.tag} && docker push ${spec.registry}/${spec.repository}:${spec.tag}`);
}

export function containerLogsKernel(spec: Spec<'container-logs-kernel'>, facts: EngineFacts): Verdict {
  const kernel = facts.kernelVersion;
  const title = `container "${spec.container}" printed the kernel release`;
  const expected = `logs showing the kernel release${kernel ? ` ${kernel}` : ''}`;
  if (!findContainer(facts, spec.container)) return fail(title, expected, `no container named "${spec.container}"`);
  const logs = (facts.logs[spec.container] ?? '').trim();
  if (kernel && logs.includes(kernel)) return pass(title, expected, `found ${kernel} in the logs`);
  const seen = logs ? `logs end with "${clip(logs.split('\n').slice(-3).join(' '))}"` : 'empty logs';
  return fail(title, expected, `${seen}, without the release ${kernel ?? '(unknown)'} that the engine reports`, 'Ask the kernel itself, from inside the container: uname prints its name, uname -r its release.');
}
