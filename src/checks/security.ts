/** Checks of how far a container is locked down: its user, its root filesystem, its capabilities. */
import type { CheckSpec } from '../course/schema.js';
import type { EngineFacts } from './facts.js';
import { withContainer } from './containers.js';
import { withImage } from './images.js';
import { fail, list, verdict, type Verdict } from './verdict.js';

type Spec<K extends CheckSpec['kind']> = Extract<CheckSpec, { kind: K }>;

/** A USER (or --user) that leaves the process root: none, "root", "0", with or without a group. */
export function isRootUser(user: string | undefined): boolean {
  const name = (user ?? '').split(':')[0]!.trim();
  return name === '' || name === 'root' || name === '0';
}

/** Capability names as docker run accepts them: any case, with or without CAP_. */
const capability = (name: string) => name.trim().toUpperCase().replace(/^CAP_/, '');

export function imageUser(spec: Spec<'image-user'>, facts: EngineFacts): Verdict {
  const expected = spec.user ? `USER ${spec.user}` : 'a USER other than root';
  const title = `image ${spec.image} runs its containers as ${spec.user ? `user ${spec.user}` : 'a user other than root'}`;
  return withImage(facts, spec.image, title, expected, (image) => {
    const user = image.user ?? '';
    const ok = spec.user ? user === spec.user : !isRootUser(user);
    const found = user === '' ? 'no USER, so root' : `USER ${user}${isRootUser(user) ? ' (root)' : ''}`;
    return verdict(ok, title, expected, found, `Add a USER line to the Dockerfile after the steps that need root (e.g. USER ${spec.user ?? '10001'}), then build again.`);
  });
}

export function containerReadOnly(spec: Spec<'container-read-only'>, facts: EngineFacts): Verdict {
  const title = `container "${spec.container}" has a read-only root filesystem`;
  const expected = 'a read-only root filesystem (--read-only)';
  return withContainer(facts, spec.container, title, expected, (c) =>
    verdict(Boolean(c.readOnlyRootfs), title, expected, c.readOnlyRootfs ? 'a read-only root filesystem' : 'a writable root filesystem', 'Run it again with --read-only, and --tmpfs for a folder the app must write to.'),
  );
}

export function containerCapabilities(spec: Spec<'container-capabilities'>, facts: EngineFacts): Verdict {
  const drop = spec.drop.map(capability);
  const add = spec.add.map(capability);
  const expected = `--cap-drop ${drop.join(', ')}${add.length ? `, adding back only ${add.join(', ')}` : ', adding nothing back'}`;
  const title = `container "${spec.container}" drops ${drop.join(', ')} capabilities${add.length ? ` but ${add.join(', ')}` : ''}`;
  return withContainer(facts, spec.container, title, expected, (c) => {
    const dropped = new Set((c.capDrop ?? []).map(capability));
    const added = new Set((c.capAdd ?? []).map(capability));
    const notDropped = drop.filter((d) => !dropped.has(d));
    const extra = [...added].filter((a) => !add.includes(a));
    const missing = add.filter((a) => !added.has(a));
    const found = `dropped: ${list((c.capDrop ?? []).map(capability))}; added: ${list([...added])}`;
    const hint = notDropped.length
      ? `Run it again with --cap-drop ${notDropped.join(' --cap-drop ')}.`
      : extra.length
        ? `Add back only what the program needs: leave out --cap-add ${extra.join(', ')}.`
        : `Add back ${missing.join(', ')} with --cap-add.`;
    return verdict(notDropped.length === 0 && extra.length === 0 && missing.length === 0, title, expected, found, hint);
  });
}

export function containerProcessUser(spec: Spec<'container-process-user'>, facts: EngineFacts): Verdict {
  const title = `container "${spec.container}" runs as a user other than root`;
  const expected = 'its processes running with a user ID other than 0';
  return withContainer(facts, spec.container, title, expected, (c) => {
    const processes = facts.processes[spec.container];
    if (!c.running || !processes || processes.length === 0) return fail(title, expected, `"${c.name}" is not running`, `Start it, then check again (docker logs ${c.name} says why it stopped).`);
    const root = processes.filter((p) => p.uid === 0);
    const shown = (ps: typeof processes) => list([...new Set(ps.map((p) => p.command))]);
    if (root.length) return fail(title, expected, `user ID 0 (root) runs ${shown(root)}`, 'Set a USER in the image (or --user at run time) so the program starts as an ordinary user.');
    const ids = [...new Set(processes.map((p) => p.uid))].join(', ');
    return verdict(true, title, expected, `user ID ${ids} runs ${shown(processes)}`);
  });
}
