/**
 * Whether a typed answer means the expected one: the same words, or the same value written
 * another way — a quantity in other units ("10s" for "10 seconds"), a count with its noun
 * ("2 CPUs" for "2"), a version with a "v" or without a distribution suffix ("v1.41",
 * "20.10.24" for "20.10.24+dfsg1"), a command by another name the Docker CLI accepts
 * ("docker container ps -a" for "docker ps -a"), or JSON in any spacing.
 */

export const normalize = (s: string) => s.trim().replace(/^["'`]|["'`]$/g, '').replace(/\s+/g, ' ').toLowerCase();

export function sameMeaning(given: string, expected: string): boolean {
  const a = normalize(given);
  const b = normalize(expected);
  if (a === '' || b === '') return false;
  if (a === b) return true;
  return sameJson(given, expected) || sameQuantity(a, b) || sameVersion(a, b) || sameCommand(a, b);
}

// ---- JSON ----

function parseJson(text: string): unknown {
  const t = text.trim().replace(/^`|`$/g, '');
  for (const candidate of [t, `{${t}}`]) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // not JSON in this form
    }
  }
  return undefined;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sameJson(given: string, expected: string): boolean {
  // Only structured JSON: a bare number or word is judged by the other rules.
  const want = parseJson(expected);
  if (want === undefined || want === null || typeof want !== 'object') return false;
  const got = parseJson(given);
  return got !== undefined && canonicalJson(got) === canonicalJson(want);
}

// ---- quantities ----

/** Unit words and what they are in a base unit; a letter may stand for more than one unit. */
const UNITS: Record<string, Array<[string, number]>> = {};
const unit = (names: string[], base: string, factor: number) => {
  for (const n of names) (UNITS[n] ??= []).push([base, factor]);
};
unit(['ns', 'nanosecond', 'nanoseconds'], 's', 1e-9);
unit(['us', 'µs', 'microsecond', 'microseconds'], 's', 1e-6);
unit(['ms', 'millisecond', 'milliseconds'], 's', 1e-3);
unit(['s', 'sec', 'secs', 'second', 'seconds'], 's', 1);
unit(['m', 'min', 'mins', 'minute', 'minutes'], 's', 60);
unit(['h', 'hr', 'hrs', 'hour', 'hours'], 's', 3600);
unit(['b', 'byte', 'bytes'], 'B', 1);
unit(['k', 'kb', 'kib', 'kilobyte', 'kilobytes'], 'B', 1024);
unit(['m', 'mb', 'mib', 'megabyte', 'megabytes'], 'B', 1024 ** 2);
unit(['g', 'gb', 'gib', 'gigabyte', 'gigabytes'], 'B', 1024 ** 3);
unit(['t', 'tb', 'tib', 'terabyte', 'terabytes'], 'B', 1024 ** 4);
unit(['%', 'percent'], '%', 1);

/** Nouns that only say what is counted: "2 CPUs" means 2 where 2 is asked for. */
const COUNTED = /^(cpus?|cores?|containers?|images?|layers?|process(es)?|replicas?|tasks?|services?|networks?|volumes?|nodes?|times?)$/;

/** The readings of "10s", "10 seconds", "1.5 GiB", "2 CPUs": base unit → amount. */
function quantities(text: string): Map<string, number> | undefined {
  const match = /^(-?\d+(?:\.\d+)?)\s*([a-zµ%]+)?$/i.exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const word = (match[2] ?? '').toLowerCase();
  if (word === '' || COUNTED.test(word)) return new Map([['', amount]]);
  const readings = UNITS[word];
  if (!readings) return undefined;
  return new Map(readings.map(([base, factor]) => [base, amount * factor]));
}

function sameQuantity(given: string, expected: string): boolean {
  const a = quantities(given);
  const b = quantities(expected);
  if (!a || !b) return false;
  for (const [base, amount] of a) {
    const other = b.get(base);
    if (other !== undefined && Math.abs(other - amount) <= 1e-9 * Math.max(1, Math.abs(amount))) return true;
  }
  return false;
}

// ---- versions ----

/** "v1.41" → 1.41; "20.10.24+dfsg1" → 20.10.24 with its suffix. */
function version(text: string): { core: string; suffix: string } | undefined {
  const match = /^v?(\d+(?:\.\d+)+)([+~-][0-9a-z.+~-]*)?$/i.exec(text);
  return match ? { core: match[1]!, suffix: match[2] ?? '' } : undefined;
}

function sameVersion(given: string, expected: string): boolean {
  const a = version(given);
  const b = version(expected);
  // The core must match in full ("20.10" is not "20.10.24"); a suffix may be left out, not changed.
  return !!a && !!b && a.core === b.core && (a.suffix === '' || a.suffix === b.suffix);
}

// ---- commands ----

/** Management commands and the short forms the Docker CLI accepts for them. */
const CONTAINER_VERBS = ['attach', 'commit', 'cp', 'create', 'diff', 'exec', 'export', 'kill', 'logs', 'pause', 'port', 'rename', 'restart', 'rm', 'run', 'start', 'stats', 'stop', 'top', 'unpause', 'update', 'wait'];
const IMAGE_VERBS = ['build', 'history', 'import', 'load', 'pull', 'push', 'save', 'tag'];
const REMOVE = new Set(['rm', 'remove']);
const OBJECTS = new Set(['container', 'image', 'volume', 'network', 'service', 'node', 'secret', 'config', 'stack', 'plugin', 'context', 'builder', 'buildx', 'system', 'swarm', 'manifest', 'trust']);
const LONG_FLAGS: Record<string, string> = { '-a': '--all', '-q': '--quiet' };

/** "docker container ps -a" and "ps --all" both → "container ls --all". */
function canonicalCommand(text: string): string | undefined {
  const words = text.split(' ');
  if (words[0] === 'docker') words.shift();
  const [first, second, ...rest] = words;
  if (!first || !/^[a-z]/.test(first)) return undefined;
  let path: string[];
  let args: string[];
  if (OBJECTS.has(first) && second && /^[a-z]/.test(second)) {
    const verb = (first === 'container' && second === 'ps') || second === 'list' ? 'ls' : REMOVE.has(second) ? 'rm' : second;
    [path, args] = [[first, verb], rest];
  } else if (first === 'ps') [path, args] = [['container', 'ls'], words.slice(1)];
  else if (first === 'images') [path, args] = [['image', 'ls'], words.slice(1)];
  else if (first === 'rmi') [path, args] = [['image', 'rm'], words.slice(1)];
  else if (CONTAINER_VERBS.includes(first)) [path, args] = [['container', first], words.slice(1)];
  else if (IMAGE_VERBS.includes(first)) [path, args] = [['image', first], words.slice(1)];
  else return undefined;
  // "docker image build" is also "docker builder build" and "docker buildx build".
  if ((path[0] === 'builder' || path[0] === 'buildx') && path[1] === 'build') path = ['image', 'build'];
  // A listing's flags may be spelt short or long and come in any order.
  if (path[1] === 'ls') args = [...args.filter((a) => a.startsWith('-')).map((a) => LONG_FLAGS[a] ?? a).sort(), ...args.filter((a) => !a.startsWith('-'))];
  return [...path, ...args].join(' ');
}

function sameCommand(given: string, expected: string): boolean {
  // Both must read as Docker commands; one word alone ("history") is left to the course's own list.
  if (!given.includes(' ') && !expected.includes(' ')) return false;
  const a = canonicalCommand(given);
  const b = canonicalCommand(expected);
  return a !== undefined && a === b;
}
