import { describe, expect, it } from 'vitest';
import { sanitizeTerminalText } from './sanitize.js';

describe('sanitizeTerminalText', () => {
  it('keeps ordinary text, including accents, emoji and CJK', () => {
    expect(sanitizeTerminalText('héllo wörld 🐳 容器\nline two')).toBe('héllo wörld 🐳 容器\nline two');
  });

  it('removes colour codes and every other CSI sequence (cursor moves, clears, modes)', () => {
    expect(sanitizeTerminalText('\u001b[31mred\u001b[0m \u001b[1;32mbold\u001b[m')).toBe('red bold');
    expect(sanitizeTerminalText('a\u001b[2Jb\u001b[Hc\u001b[10;20Hd\u001b[?1049he\u001b[?25lf')).toBe('abcdef');
  });

  it('removes OSC sequences (window title, clipboard, hyperlinks) ended by BEL or ST', () => {
    expect(sanitizeTerminalText('x\u001b]0;evil title\u0007y')).toBe('xy');
    expect(sanitizeTerminalText('x\u001b]52;c;ZXZpbA==\u001b\\y')).toBe('xy');
    expect(sanitizeTerminalText('\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\')).toBe('click');
  });

  it('removes DCS, APC and PM strings and single-character escapes', () => {
    expect(sanitizeTerminalText('a\u001bPq#0;2;0;0;0\u001b\\b\u001b_apc\u001b\\c\u001b^pm\u001b\\d')).toBe('abcd');
    expect(sanitizeTerminalText('a\u001bcb\u001b7c\u001b8d\u001b(Be')).toBe('abcde');
  });

  it('removes 8-bit C1 controls and other control characters, keeping tabs as spaces', () => {
    expect(sanitizeTerminalText('a\u009b31mb\u009d0;t\u009cc\u0007d\u0000e\u007ff')).toBe('abcdef');
    expect(sanitizeTerminalText('a\tb')).toBe('a       b');
    expect(sanitizeTerminalText('abc\tdef')).toBe('abc     def');
  });

  it('shows what a terminal would after carriage returns (progress lines)', () => {
    expect(sanitizeTerminalText('Downloading 10%\rDownloading 50%\rDone          ')).toBe('Done          ');
    expect(sanitizeTerminalText('one\r\ntwo\r\n')).toBe('one\ntwo\n');
  });

  it('drops a sequence cut off at the end of a chunk', () => {
    expect(sanitizeTerminalText('ok\u001b[3')).toBe('ok');
    expect(sanitizeTerminalText('ok\u001b')).toBe('ok');
    expect(sanitizeTerminalText('ok\u001b]0;unterminated title')).toBe('ok');
  });
});
