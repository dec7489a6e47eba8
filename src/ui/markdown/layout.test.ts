import { describe, expect, it } from 'vitest';
import { lineText, lineWidth } from '../text/lines.js';
import { highlightLine } from './highlight.js';
import { layoutMarkdown, runnableInfo } from './layout.js';

const plain = (markdown: string, width = 40, color = false) => layoutMarkdown(markdown, width, { color }).lines.map((l) => lineText(l.spans));

describe('layoutMarkdown', () => {
  it('never makes a line wider than the width, whatever the content', () => {
    const markdown = [
      '# A heading that is much longer than the width allows',
      'word '.repeat(50),
      '| a | b | c | d |\n|---|---|---|---|\n| ' + 'x'.repeat(30) + ' | y | z | w |',
      '```\n' + 'code '.repeat(30) + '\n```',
      '- item ' + 'long '.repeat(20),
      '> quote ' + 'q '.repeat(40),
      'https://example.com/' + 'path/'.repeat(20),
    ].join('\n\n');
    for (const width of [20, 40, 80]) {
      // Code lines are the exception: they are clipped and scrolled sideways where they are drawn.
      for (const line of layoutMarkdown(markdown, width, { color: true }).lines) if (line.pan === undefined) expect(lineWidth(line.spans)).toBeLessThanOrEqual(width);
    }
  });

  it('keeps a wide code line whole (never wrapped mid-word) and says how far it reaches past the screen', () => {
    const diagram = 'created ──start──▶ running ──stop──▶ exited ──rm──▶ gone   (docker ps -a shows the first three)';
    const layout = layoutMarkdown('```text\n' + diagram + '\n```', 40, { color: false });
    const code = layout.lines.filter((l) => l.pan !== undefined);
    expect(code.map((l) => lineText(l.spans))).toEqual([`│ ${diagram}`]);
    expect(code[0]!.pan).toBe(2);
    expect(layout.overflow).toBe(lineWidth(code[0]!.spans) - 40);
  });

  it('lays out headings, emphasis, inline code and a blank line between blocks', () => {
    const layout = layoutMarkdown('# Title\n\nSome **bold** and *em* and `code`.', 40, { color: true });
    expect(layout.lines.map((l) => lineText(l.spans))).toEqual(['Title', '', 'Some bold and em and code.']);
    const spans = layout.lines[2]!.spans;
    expect(spans.find((s) => s.text === 'bold')?.bold).toBe(true);
    expect(spans.find((s) => s.text === 'em')?.italic).toBe(true);
    expect(spans.find((s) => s.text === 'code')?.color).toBe('yellow');
  });

  it('keeps backticks around inline code when there are no colours', () => {
    expect(plain('Run `docker ps`.')).toEqual(['Run `docker ps`.']);
  });

  it('numbers ordered lists, bullets unordered ones and indents nested lists with hanging indents', () => {
    expect(plain('1. one\n2. two is a longer item that wraps\n   - nested\n\n- [x] done', 24)).toEqual([
      '1. one',
      '2. two is a longer item',
      '   that wraps',
      '   • nested',
      '',
      '• [x] done',
    ]);
  });

  it('draws tables with aligned columns', () => {
    expect(plain('| verb | does |\n|---|--:|\n| `run` | starts |\n| `ps` | lists |')).toEqual(['verb  │   does', '──────┼───────', '`run` │ starts', '`ps`  │  lists']);
  });

  it('shows links with their address, and quotes with a bar', () => {
    expect(plain('[docs](https://docs.docker.com) and <https://x.y>', 60)).toEqual(['docs (https://docs.docker.com) and https://x.y']);
    expect(plain('> careful')).toEqual(['▌ careful']);
  });

  it('finds runnable blocks, with their lines, language and shell flag', () => {
    const layout = layoutMarkdown('Intro.\n\n```sh run\ndocker ps\n```\n\n```sh\nnot runnable\n```\n\n```sh run shell\ndocker ps | wc -l\n```', 50, { color: false, selected: 1 });
    expect(layout.blocks.map((b) => ({ index: b.index, command: b.command, shell: b.shell }))).toEqual([
      { index: 0, command: 'docker ps', shell: false },
      { index: 1, command: 'docker ps | wc -l', shell: true },
    ]);
    const text = layout.lines.map((l) => lineText(l.spans));
    expect(text[layout.blocks[0]!.first]).toBe('▷ command 1: Tab selects it');
    expect(text[layout.blocks[1]!.first]).toBe('▶ command 2: Enter runs it (with a shell)');
    expect(text[layout.blocks[1]!.last]).toBe('┃ docker ps | wc -l');
    expect(text).toContain('│ not runnable');
  });

  it('finds runnable blocks inside list items too', () => {
    const layout = layoutMarkdown('1. Pull it:\n\n   ```sh run\n   docker pull alpine\n   ```\n', 40, { color: false });
    expect(layout.blocks).toHaveLength(1);
    expect(layout.blocks[0]!.command).toBe('docker pull alpine');
  });

  it('remembers which source line each laid-out line comes from', () => {
    const layout = layoutMarkdown('# Title\n\npara one\n\npara two', 40, { color: false });
    expect(layout.lines.map((l) => l.source)).toEqual([0, 0, 2, 2, 4]);
  });

  it('shows HTML as its text and drops comments, decoding entities', () => {
    expect(plain('<!-- note -->\n<b>bold</b> &amp; &lt;tag&gt;')).toEqual(['bold & <tag>']);
  });

  it('renders escape sequences in the Markdown inert', () => {
    expect(plain('evil \u001b]0;title\u0007text \u001b[2Jhere')).toEqual(['evil text here']);
  });
});

describe('runnableInfo', () => {
  it('reads the info string of a fence', () => {
    expect(runnableInfo('sh run shell')).toEqual({ language: 'sh', run: true, shell: true });
    expect(runnableInfo('bash')).toEqual({ language: 'bash', run: false, shell: false });
    expect(runnableInfo(undefined)).toEqual({ language: '', run: false, shell: false });
  });
});

describe('highlightLine', () => {
  const colours = (spans: ReturnType<typeof highlightLine>) => spans.filter((s) => s.color).map((s) => `${s.color}:${s.text}`);

  it('colours shell commands, flags, strings, variables, operators and comments', () => {
    expect(colours(highlightLine('docker run -d --name "web" $IMAGE | grep x # note', 'sh'))).toEqual([
      'green:docker',
      'cyan:-d',
      'cyan:--name',
      'yellow:"web"',
      'magenta:$IMAGE',
      'magenta:|',
      'green:grep',
      'gray:# note',
    ]);
  });

  it('colours Dockerfile instructions', () => {
    expect(colours(highlightLine('FROM alpine:3.20 AS base', 'dockerfile'))).toEqual(['blue:FROM', 'blue:AS']);
    expect(colours(highlightLine('# a comment', 'dockerfile'))).toEqual(['gray:# a comment']);
  });

  it('colours YAML keys, strings, scalars and comments', () => {
    expect(colours(highlightLine('  image: "nginx"  # pinned', 'yaml'))).toEqual(['cyan:image:', 'yellow:"nginx"', 'gray:# pinned']);
    expect(colours(highlightLine('  - replicas: 3', 'yaml'))).toEqual(['cyan:replicas:', 'magenta:3']);
  });

  it('colours JSON keys, strings and literals', () => {
    expect(colours(highlightLine('{"a": "b", "n": 1, "t": true}', 'json'))).toEqual(['cyan:"a"', 'yellow:"b"', 'cyan:"n"', 'magenta:1', 'cyan:"t"', 'magenta:true']);
  });

  it('never changes the text', () => {
    const line = 'RUN apk add --no-cache curl && echo "$HOME" # x';
    for (const lang of ['sh', 'dockerfile', 'yaml', 'json', 'plain'] as const) expect(highlightLine(line, lang).map((s) => s.text).join('')).toBe(line);
  });
});
