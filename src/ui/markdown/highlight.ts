/**
 * Simple, line-by-line syntax colours for the languages lessons show: shell, Dockerfile, YAML
 * and JSON. Anything else is shown plain. Colours only; the text is never changed.
 */
import type { Span } from '../text/lines.js';

export type CodeLanguage = 'sh' | 'dockerfile' | 'yaml' | 'json' | 'plain';

export function codeLanguage(lang: string | undefined): CodeLanguage {
  const word = (lang ?? '').trim().split(/\s+/)[0]!.toLowerCase();
  if (['sh', 'bash', 'shell', 'console', 'zsh', 'shell-session', 'terminal'].includes(word)) return 'sh';
  if (['dockerfile', 'docker', 'containerfile'].includes(word)) return 'dockerfile';
  if (['yaml', 'yml', 'compose'].includes(word)) return 'yaml';
  if (['json', 'jsonc', 'json5'].includes(word)) return 'json';
  return 'plain';
}

interface Rule {
  pattern: RegExp;
  style: Omit<Span, 'text'>;
}

const STRING_DQ = /"(?:[^"\\]|\\.)*"?/y;
const STRING_SQ = /'[^']*'?/y;

const SH_RULES: Rule[] = [
  { pattern: /#.*/y, style: { color: 'gray' } },
  { pattern: STRING_DQ, style: { color: 'yellow' } },
  { pattern: STRING_SQ, style: { color: 'yellow' } },
  { pattern: /\$\{[^}]*\}?|\$[A-Za-z_][A-Za-z0-9_]*|\$[?$!#@*0-9]/y, style: { color: 'magenta' } },
  { pattern: /(?<=^|\s)--?[A-Za-z0-9][\w-]*(?:=\S*)?/y, style: { color: 'cyan' } },
  { pattern: /\|\||&&|[|;&<>]/y, style: { color: 'magenta', bold: true } },
];

const DOCKERFILE_INSTRUCTIONS = /^(\s*)(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)\b/i;
const DOCKERFILE_RULES: Rule[] = [
  { pattern: STRING_DQ, style: { color: 'yellow' } },
  { pattern: STRING_SQ, style: { color: 'yellow' } },
  { pattern: /\$\{[^}]*\}?|\$[A-Za-z_][A-Za-z0-9_]*/y, style: { color: 'magenta' } },
  { pattern: /(?<=^|\s)--[A-Za-z][\w-]*(?:=\S*)?/y, style: { color: 'cyan' } },
  { pattern: /(?<=^|\s)AS(?=\s)/iy, style: { color: 'blue', bold: true } },
];

const YAML_RULES: Rule[] = [
  { pattern: /(?<=^|\s)#.*/y, style: { color: 'gray' } },
  { pattern: STRING_DQ, style: { color: 'yellow' } },
  { pattern: STRING_SQ, style: { color: 'yellow' } },
  { pattern: /(?<=(?::|-)\s+|^\s*)(?:true|false|null|yes|no|~|-?\d+(?:\.\d+)?)(?=\s*(?:#.*)?$)/y, style: { color: 'magenta' } },
];
const YAML_KEY = /^(\s*(?:-\s+)?)((?:"[^"]*"|'[^']*'|[^\s:#'"][^:#]*?)\s*:)(?=\s|$)/;

const JSON_RULES: Rule[] = [
  { pattern: /"(?:[^"\\]|\\.)*"(?=\s*:)/y, style: { color: 'cyan' } },
  { pattern: STRING_DQ, style: { color: 'yellow' } },
  { pattern: /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\btrue\b|\bfalse\b|\bnull\b/y, style: { color: 'magenta' } },
];

/** Colours one line of code. */
export function highlightLine(line: string, language: CodeLanguage): Span[] {
  switch (language) {
    case 'sh':
      return highlightShell(line);
    case 'dockerfile': {
      if (/^\s*#/.test(line)) return [{ text: line, color: 'gray' }];
      const m = DOCKERFILE_INSTRUCTIONS.exec(line);
      if (!m) return scan(line, DOCKERFILE_RULES);
      return merge([...(m[1] ? [{ text: m[1] }] : []), { text: m[2]!, color: 'blue', bold: true }, ...scan(line.slice(m[0].length), DOCKERFILE_RULES)]);
    }
    case 'yaml': {
      if (/^\s*#/.test(line)) return [{ text: line, color: 'gray' }];
      const m = YAML_KEY.exec(line);
      if (!m) return scan(line, YAML_RULES);
      const rest = line.slice(m[0].length);
      return merge([...(m[1] ? [{ text: m[1] }] : []), { text: m[2]!, color: 'cyan' }, ...scan(rest, YAML_RULES)]);
    }
    case 'json':
      return scan(line, JSON_RULES);
    default:
      return [{ text: line }];
  }
}

/** Shell: a prompt, the command word after each separator, flags, strings, variables, comments. */
function highlightShell(line: string): Span[] {
  const out: Span[] = [];
  let rest = line;
  const prompt = /^(\s*[$#]\s)/.exec(rest);
  if (prompt) {
    out.push({ text: prompt[1]!, color: 'gray' });
    rest = rest.slice(prompt[1]!.length);
  }
  const spans = scan(rest, SH_RULES);
  // The first plain word of a command (at the start or after | && ; etc.) is the program.
  let expectCommand = true;
  for (const s of spans) {
    if (s.color) {
      out.push(s);
      if (s.bold && s.color === 'magenta') expectCommand = true;
      continue;
    }
    if (!expectCommand) {
      out.push(s);
      continue;
    }
    const m = /^(\s*)([^\s=]+(?:=\S*)?)/.exec(s.text);
    if (!m || m[2]!.includes('=')) {
      out.push(s);
      if (m) expectCommand = m[2]!.includes('=');
      continue;
    }
    if (m[1]) out.push({ text: m[1] });
    out.push({ text: m[2]!, color: 'green', bold: true });
    const tail = s.text.slice(m[0].length);
    if (tail) out.push({ text: tail });
    expectCommand = false;
  }
  return merge(out);
}

/** Walks the text applying the first rule that matches at each position; the rest is plain. */
function scan(text: string, rules: Rule[]): Span[] {
  const out: Span[] = [];
  let plain = '';
  let i = 0;
  outer: while (i < text.length) {
    for (const rule of rules) {
      rule.pattern.lastIndex = i;
      const m = rule.pattern.exec(text);
      if (m && m.index === i && m[0].length > 0) {
        if (plain) out.push({ text: plain });
        plain = '';
        out.push({ text: m[0], ...rule.style });
        i += m[0].length;
        continue outer;
      }
    }
    plain += text[i];
    i += 1;
  }
  if (plain) out.push({ text: plain });
  return out;
}

function merge(spans: Span[]): Span[] {
  return spans.filter((s) => s.text !== '');
}
