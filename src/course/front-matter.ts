/**
 * Splits a Markdown file into YAML front matter and body, and maps a field path back to the
 * line it was written on so that errors can say "labs/x.md:7 checks[0].image".
 */
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';

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

export function parseYaml(text: string, lineOffset = 0): ParsedYaml {
  const lineCounter = new LineCounter();
  // Aliases are capped so a "billion laughs" document fails instead of eating the machine.
  const doc: Document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  const errors = doc.errors.map((e) => ({ line: e.pos ? lineAt(e.pos[0]) : undefined, message: firstLine(e.message) }));
  let data: unknown;
  if (errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 50 });
    } catch (error) {
      errors.push({ line: undefined, message: firstLine((error as Error).message) });
    }
  }
  return {
    data,
    errors,
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

export function parseMarkdown(text: string): ParsedMarkdown {
  const lines = text.split(/\r?\n/);
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
  return { ...yaml, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
