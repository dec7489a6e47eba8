/**
 * Picture blocks in lesson Markdown: a fenced block in the `dojo` language whose words name a
 * picture the interactive app draws from the learner's engine.
 *
 *     ```dojo
 *     picture engine
 *     ```
 *     ```dojo
 *     picture layers nginx:1.27-alpine alpine:3.20
 *     ```
 *
 * The words may also stand on the fence line itself (```` ```dojo picture engine ````). To the
 * course loader such a block is an ordinary code block.
 */

export type PictureSpec = { kind: 'engine' } | { kind: 'layers'; image: string; compare?: string };

/** Reads a `dojo` block (its info string and its text); undefined when it names no picture. */
export function parsePictureBlock(info: string | undefined, text: string): PictureSpec | undefined {
  const words = [...(info ?? '').trim().split(/\s+/), ...text.trim().split(/\s+/)].filter(Boolean);
  if (words[0]?.toLowerCase() !== 'dojo') return undefined;
  return parsePicture(words.slice(1).join(' '));
}

/** "picture engine", "layers IMAGE [OTHER]" (the word "picture" is optional). */
export function parsePicture(text: string): PictureSpec | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words[0]?.toLowerCase() === 'picture') words.shift();
  const [kind, ...rest] = words;
  switch (kind?.toLowerCase()) {
    case 'engine':
      return rest.length === 0 ? { kind: 'engine' } : undefined;
    case 'layers': {
      const [image, compare, ...extra] = rest;
      if (!image || extra.length > 0 || ![image, compare].every((r) => r === undefined || IMAGE_REF.test(r))) return undefined;
      return compare ? { kind: 'layers', image, compare } : { kind: 'layers', image };
    }
    default:
      return undefined;
  }
}

/** Loose, but enough to keep words that are not image references out (registry/name:tag@digest). */
const IMAGE_REF = /^[a-z0-9][a-z0-9._\-/:@]*$/i;

/** The picture's canonical text, e.g. "layers alpine:3.20 nginx:1.27-alpine" (parsePicture reads it back). */
export function pictureId(spec: PictureSpec): string {
  return spec.kind === 'engine' ? 'engine' : ['layers', spec.image, ...(spec.compare ? [spec.compare] : [])].join(' ');
}

/** What selecting the block shows, for the learner: "your engine as a picture". */
export function pictureTitle(spec: PictureSpec): string {
  if (spec.kind === 'engine') return 'your engine as a picture';
  return spec.compare ? `the layers of ${spec.image} and ${spec.compare} as a picture` : `the layers of ${spec.image} as a picture`;
}

/**
 * Replaces each picture block of a Markdown text with one line (for plain-text output). Fences
 * inside other fences are left alone, so a lesson can still show the syntax itself.
 */
export function replacePictureBlocks(markdown: string, replace: (spec: PictureSpec) => string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) {
      out.push(lines[i]!);
      continue;
    }
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    let end = i + 1;
    while (end < lines.length && !closes(lines[end]!, fence)) end++;
    const body = lines.slice(i + 1, end);
    const spec = info.trim().startsWith('`') ? undefined : parsePictureBlock(info, body.join('\n'));
    if (spec) out.push(indent + replace(spec));
    else out.push(...lines.slice(i, Math.min(end + 1, lines.length)));
    i = end;
  }
  return out.join('\n');
}

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

function closes(line: string, fence: string): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return Boolean(m && m[1]![0] === fence[0] && m[1]!.length >= fence.length);
}
