/**
 * Splits a Markdown file into YAML front matter and body, and maps a field path back to the
 * line it was written on so that errors can say "labs/x.md:7 checks[0].image".
 */
import { bodyFrom, textLines } from './files.js';
import { LineCounter, parseDocument, isAlias, isMap, isNode, isPair, isScalar, isSeq, type Document, type YAMLError } from 'yaml';

export interface ParsedYaml {
  data: unknown;
  /** 1-based line of a field path, when it can be found. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined;
  /** `structural` errors are about the file's shape, not YAML syntax. */
  errors: Array<{ line?: number; message: string; structural?: boolean }>;
}

export interface ParsedMarkdown extends ParsedYaml {
  body: string;
  /** Line in the file where the body starts (1-based). */
  bodyLine: number;
}

const FENCE = /^---[ \t]*$/;

/** Course files are a few levels deep; far deeper is a mistake or an attack. */
export const MAX_YAML_DEPTH = 64;
/** One broken line can make the parser report the same problem thousands of times; show a few. */
const MAX_ERRORS_PER_FILE = 5;
const TOO_DEEP = `the YAML is nested more than ${MAX_YAML_DEPTH} levels deep`;

export function parseYaml(text: string, lineOffset = 0): ParsedYaml {
  const lineCounter = new LineCounter();
  // Duplicate keys are found by our own walk below: the library's check compares every key with
  // every other, which takes tens of seconds on a file with 50 000 keys.
  const doc: Document = parseDocument(text, { lineCounter, uniqueKeys: false, stringKeys: true, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  const errors: ParsedYaml['errors'] = [];
  const seen = new Set<string>();
  const add = (line: number | undefined, message: string) => {
    const key = message === TOO_DEEP ? message : `${line}:${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    errors.push({ line, message });
  };
  // Syntax errors: the first on a line is the cause, the others on it its echoes.
  const syntaxLines = new Set<number | undefined>();
  for (const e of [...doc.errors, ...doc.warnings]) {
    const opener = unclosedOpener(e, text);
    const line = opener ? lineAt(opener.offset) : e.pos ? lineAt(e.pos[0]) : undefined;
    if (syntaxLines.has(line)) continue;
    syntaxLines.add(line);
    add(line, opener?.message ?? yamlMessage(e));
  }
  if (errors.length === 0) {
    for (const problem of walk(doc)) add(problem.offset === undefined ? undefined : lineAt(problem.offset), problem.message);
  }
  let data: unknown;
  if (errors.length === 0) {
    try {
      // Aliases are capped so a "billion laughs" document fails instead of eating the machine.
      data = doc.toJS({ maxAliasCount: 50 });
    } catch (error) {
      const message = plainMessage(firstLine((error as Error).message));
      const alias = /^Unresolved alias.*: (\S+)$/.exec(message)?.[1];
      const offset = alias === undefined ? -1 : text.indexOf(`*${alias}`);
      add(offset < 0 ? undefined : lineAt(offset), message);
    }
  }
  const shown = errors.slice(0, MAX_ERRORS_PER_FILE);
  if (errors.length > shown.length) shown.push({ line: undefined, message: `… and ${errors.length - shown.length} more YAML problems after these` });
  return {
    data,
    errors: shown,
    lineOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth) as unknown[], true);
        if (isNode(node) && node.range) return lineAt(node.range[0]);
        if (depth === 0 && doc.contents?.range) return lineAt(doc.contents.range[0]);
      }
      return undefined;
    },
  };
}

/** Finds duplicate keys and excessive nesting without recursion, so no document can overflow the stack. */
function walk(doc: Document): Array<{ offset?: number; message: string }> {
  const problems: Array<{ offset?: number; message: string }> = [];
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isAlias(node) || isScalar(node) || !node) continue;
    const offset = isNode(node) ? node.range?.[0] : undefined;
    if (depth > MAX_YAML_DEPTH) {
      problems.push({ offset, message: TOO_DEEP });
      break;
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined && seen.has(key)) {
          problems.push({ offset: isScalar(pair.key) ? pair.key.range?.[0] : offset, message: `the key ${JSON.stringify(key)} appears twice in the same mapping` });
          if (problems.length > MAX_ERRORS_PER_FILE) return problems;
        }
        if (key !== undefined) seen.add(key);
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  return problems;
}

/** The library's messages, reworded where they name its API or its internals. */
function yamlMessage(error: YAMLError): string {
  const message = plainMessage(firstLine(error.message));
  if (message !== firstLine(error.message)) return message;
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (remove the extra "---" line)';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a "key: value" pair cannot start in the middle of this line (is the next line indented too far?)';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a key must be followed by ":" on the same line (is a ":" missing, or the next line indented too far?)';
    case 'NON_STRING_KEY':
      return 'a key must be a plain word, not a list or a mapping';
    case 'TAG_RESOLVE_FAILED':
      return `${message} (course files use plain YAML values, without "!" tags)`;
    default:
      return message;
  }
}

/**
 * The parser notices an unclosed quote or bracket where the file (or the indentation) ends;
 * the author needs the line where it was opened.
 */
function unclosedOpener(error: YAMLError, text: string): { offset: number; message: string } | undefined {
  const message = firstLine(error.message);
  const before = text.slice(0, error.pos[0]);
  const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
  if (quote) {
    const offset = before.lastIndexOf(quote);
    return offset < 0 ? undefined : { offset, message: `the ${quote} quote opened on this line is never closed` };
  }
  const flow = /^Flow (sequence|map) in block collection/.exec(message)?.[1];
  if (flow) {
    const [open, close] = flow === 'sequence' ? ['[', ']'] : ['{', '}'];
    let depth = 0;
    for (let i = before.length - 1; i >= 0; i--) {
      if (before[i] === close) depth++;
      else if (before[i] === open && depth-- === 0) {
        return { offset: i, message: `the ${flow === 'sequence' ? 'list' : 'mapping'} opened with "${open}" on this line must end with "${close}" (and lines inside it must be indented)` };
      }
    }
  }
  return undefined;
}

function plainMessage(message: string): string {
  if (/Maximum call stack size exceeded/i.test(message)) return TOO_DEEP;
  if (/Excessive alias count/i.test(message)) {
    return 'the file repeats aliases (*name) so often that it would expand enormously (an alias bomb); write the values out instead';
  }
  return message;
}

export function parseMarkdown(text: string): ParsedMarkdown {
  const lines = textLines(text);
  if (!FENCE.test(lines[0] ?? '')) {
    return {
      data: undefined,
      body: text,
      bodyLine: 1,
      lineOf: () => 1,
      errors: [{ line: 1, message: 'the file must start with YAML front matter between two "---" lines', structural: true }],
    };
  }
  const end = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (end === -1) {
    return {
      data: undefined,
      body: '',
      bodyLine: 1,
      lineOf: () => 1,
      errors: [{ line: 1, message: 'the front matter is not closed by a "---" line', structural: true }],
    };
  }
  const yaml = parseYaml(lines.slice(1, end).join('\n'), 1);
  return { ...yaml, body: bodyFrom(lines, end + 2), bodyLine: end + 2 };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
