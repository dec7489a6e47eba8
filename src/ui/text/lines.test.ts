import { describe, expect, it } from 'vitest';
import { lineText, lineWidth, sliceColumns, span, truncateLine, wrapSpans } from './lines.js';
import { panned } from '../components/document.js';

const texts = (lines: ReturnType<typeof wrapSpans>) => lines.map(lineText);

describe('wrapSpans', () => {
  it('wraps at spaces within the width and keeps styles on each piece', () => {
    const lines = wrapSpans([span('The quick '), span('brown', { bold: true }), span(' fox jumps over the lazy dog')], 16);
    expect(texts(lines)).toEqual(['The quick brown', 'fox jumps over', 'the lazy dog']);
    expect(lines[0]!.find((s) => s.text === 'brown')?.bold).toBe(true);
    for (const l of lines) expect(lineWidth(l)).toBeLessThanOrEqual(16);
  });

  it('breaks words longer than a line', () => {
    expect(texts(wrapSpans([span('sha256:0123456789abcdef0123456789abcdef')], 16))).toEqual(['sha256:012345678', '9abcdef012345678', '9abcdef']);
  });

  it('puts a hanging indent on wrapped lines and keeps written leading spaces', () => {
    expect(texts(wrapSpans([span('  ✘ '), span('a check title that is long')], 14, { indent: [span('    ')] }))).toEqual(['  ✘ a check', '    title that', '    is long']);
  });

  it('counts wide characters as two columns', () => {
    const lines = wrapSpans([span('容器 容器 容器 容器')], 10);
    for (const l of lines) expect(lineWidth(l)).toBeLessThanOrEqual(10);
    expect(texts(lines)).toEqual(['容器 容器', '容器 容器']);
  });

  it('starts a new line at "\\n"', () => {
    expect(texts(wrapSpans([span('one\ntwo')], 20))).toEqual(['one', 'two']);
  });
});

describe('truncateLine', () => {
  it('cuts to the width with an ellipsis', () => {
    expect(lineText(truncateLine([span('abcdef'), span('ghij', { bold: true })], 8))).toBe('abcdefg…');
    expect(lineText(truncateLine([span('short')], 8))).toBe('short');
  });
});

describe('punctuation and wide lines', () => {
  it('never leaves punctuation alone on a line: a word of several spans moves as one', () => {
    const lines = wrapSpans([span('Check the lab with '), span('docker ps', { color: 'yellow' }), span('.')], 28);
    expect(lines.map(lineText)).toEqual(['Check the lab with docker', 'ps.']);
    const exact = wrapSpans([span('aaaa '), span('bbbb', { bold: true }), span('.')], 9);
    expect(exact.map(lineText)).toEqual(['aaaa', 'bbbb.']);
  });

  it('slices a line by columns, keeping styles', () => {
    const line = [span('abc'), span('def', { bold: true })];
    expect(sliceColumns(line, 2, 3)).toEqual([span('c'), span('de', { bold: true })]);
    expect(lineText(sliceColumns([span('a界b')], 2, 2))).toBe(' b');
  });

  it('clips a code line with a marker on the side that goes on, keeping its gutter', () => {
    const line = [span('│ '), span('0123456789abcdefghij')];
    expect(lineText(panned(line, 2, 0, 12))).toBe('│ 012345678›');
    expect(lineText(panned(line, 2, 8, 12))).toBe('│ ‹9abcdefg›');
    expect(lineText(panned(line, 2, 11, 12))).toBe('│ ‹cdefghij');
    expect(lineText(panned([span('│ '), span('short')], 2, 0, 12))).toBe('│ short');
  });
});
