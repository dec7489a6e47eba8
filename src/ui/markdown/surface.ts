/**
 * Lessons and labs are written once and read in two places. Their text names docker-dojo's
 * verbs in the CLI's words (`docker-dojo check why-ps`), which `show` prints as they are; in the
 * app the same code span becomes the keys that do it there ("press l, then 2").
 */
import type { ItemRef } from '../../app/api.js';

/** Where the text is read in the app: a lesson with its labs and quizzes, or a lab. */
export type AppSurface = { kind: 'lesson'; practice: ReadonlyArray<Pick<ItemRef, 'kind' | 'id'>> } | { kind: 'lab'; id: string; quiz?: string | undefined };

const VERB_SPAN = /`docker-dojo (check|quiz|hint|solution|reset|show|open) ([a-z0-9][a-z0-9-]*)([^`\n]*)`/g;

/** The Markdown with each `docker-dojo VERB ID …` span outside code blocks put as the app's keys. */
export function inAppMarkdown(markdown: string, surface: AppSurface): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence === undefined && marker) fence = marker;
      else if (fence !== undefined && marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      else if (fence === undefined) return line.replace(VERB_SPAN, (whole, verb: string, id: string, rest: string) => appKeys(surface, verb, id, rest.trim()) ?? whole);
      return line;
    })
    .join('\n');
}

const keys = (...k: string[]) => `press ${k.map((key) => `**${key}**`).join(', then ')}`;

/** The keys for a verb on this surface, or undefined when the app has none here (the span stays). */
export function appKeys(surface: AppSurface, verb: string, id: string, rest = ''): string | undefined {
  const question = verb === 'quiz' && rest ? ` (question \`${rest.split(/\s+/)[0]}\`)` : '';
  if (surface.kind === 'lab') {
    if (id === surface.id) {
      const key = { check: 'c', hint: 'h', solution: 's', reset: 'r' }[verb];
      return key ? keys(key) : undefined;
    }
    if (verb === 'quiz' && id === surface.quiz) return `${keys('Enter')} once the lab has passed, and its quiz comes next`;
    if (verb === 'quiz' || verb === 'open' || verb === 'show') return `open it from the course map (${keys('m')})${question}`;
    return undefined;
  }
  const at = surface.practice.findIndex((p) => p.id === id);
  if (at < 0) return verb === 'show' || verb === 'open' || verb === 'quiz' || verb === 'check' ? `open it from the course map (${keys('m')})${question}` : undefined;
  const open = surface.practice.length > 1 ? ['l', String(at + 1)] : ['l'];
  const then = { check: [], quiz: [], open: [], hint: ['h'], solution: ['s'], reset: ['r'], show: [] }[verb] ?? [];
  return `${keys(...open, ...then)}${question}`;
}
