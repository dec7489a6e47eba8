/**
 * Makes text from outside (command output, container logs, engine messages, course files) inert on
 * a terminal: every escape sequence and control character is removed, so nothing it contains can
 * move the cursor, clear the screen, change the title, set the clipboard or re-colour the app.
 * Carriage returns keep what a terminal would show (the text after the last one); tabs become spaces.
 */

// ESC-introduced sequences (7-bit) and their 8-bit C1 forms.
const OSC_LIKE = /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)/g; // OSC, DCS, SOS, PM, APC … until BEL or ST
const CSI = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?/g;
const ESC_OTHER = /\u001b(?:[\u0020-\u002f]+[\u0030-\u007e]?|[\u0030-\u007e]|$)/g; // charset selection, ESC 7/8, ESC c …
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g; // all C0 but \t \n \r, DEL, all C1

export function sanitizeTerminalText(input: string): string {
  const stripped = input.replace(OSC_LIKE, '').replace(CSI, '').replace(ESC_OTHER, '').replace(CONTROLS, '');
  return stripped
    .split('\n')
    .map((line) => expandTabs(afterLastCarriageReturn(line)))
    .join('\n');
}

function afterLastCarriageReturn(line: string): string {
  const trimmed = line.endsWith('\r') ? line.replace(/\r+$/, '') : line;
  const at = trimmed.lastIndexOf('\r');
  return at >= 0 ? trimmed.slice(at + 1) : trimmed;
}

function expandTabs(line: string, size = 8): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) {
    if (ch === '\t') out += ' '.repeat(size - (out.length % size));
    else out += ch;
  }
  return out;
}
