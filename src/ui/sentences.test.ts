import { describe, expect, it } from 'vitest';
import { APP_ACTIONS, CLI_ACTIONS, answerParagraphs, noMoreHintsLine, resetPlanParagraphs, resetResultParagraphs, verdictParagraphs, wrapParagraphs } from './sentences.js';
import { lineText } from './text/lines.js';

const text = (paragraphs: Array<{ spans: Parameters<typeof lineText>[0] }>) => paragraphs.map((p) => lineText(p.spans));

describe("the learner's sentences, the same in the app and the CLI", () => {
  it('a failing check says what it expected and what it found, and a passing one only its title', () => {
    const lines = text(
      verdictParagraphs([
        { ok: true, title: 'image pulled', expected: 'nginx', found: 'nginx' },
        { ok: false, title: 'container web runs', expected: 'a running container named web', found: 'none', hint: 'docker run -d --name web nginx' },
      ]),
    );
    expect(lines).toEqual(['  ✔ image pulled', '  ✘ container web runs', '    expected: a running container named web', '    found:    none', '    try:      docker run -d --name web nginx']);
  });

  it('only the first failing checks get details when room is short', () => {
    const fail = (title: string) => ({ ok: false, title, expected: 'x', found: 'y' });
    expect(text(verdictParagraphs([fail('a'), fail('b'), fail('c')], { details: 1 })).filter((l) => l.includes('expected'))).toHaveLength(1);
  });

  it('says how to get the solution the way each surface does it', () => {
    const lab = { id: 'web', lesson: 'run', hintsTotal: 2 };
    expect(lineText(noMoreHintsLine(lab, CLI_ACTIONS))).toBe('No more hints. To see the solution: docker-dojo solution web.');
    expect(lineText(noMoreHintsLine(lab, APP_ACTIONS))).toBe('No more hints. To see the solution: press s.');
    expect(lineText(noMoreHintsLine({ ...lab, hintsTotal: 0 }, CLI_ACTIONS))).toBe('This lab has no hints. Read its lesson again (docker-dojo show run), or see the solution (docker-dojo solution web).');
  });

  it('an answer right after the answer was shown is right but earns nothing', () => {
    expect(text(answerParagraphs({ correct: true, credit: false, expected: '2', explanation: 'Because.' }))[0]).toBe('✔ Right — no points this time: the first answer decides the score.');
    expect(text(answerParagraphs({ correct: false, credit: false, expected: 'docker ps', explanation: 'ps lists.' }))).toEqual(['✘ Not quite — the answer is docker ps.', 'ps lists.']);
  });

  it("a reset plan lists objects and files apart, what it keeps, and that help seen still counts", () => {
    const plan = { items: [{ kind: 'container', name: 'web', why: 'created during this lab' }, { kind: 'file', name: 'index.html', why: 'changed during this lab' }], kept: ['image nginx'], notes: [] };
    expect(text(resetPlanParagraphs(plan, { id: 'web' }))).toEqual([
      'Reset will remove 1 object:',
      '  - container web (created during this lab)',
      "Reset will put the lab's folder back as it started (1 file):",
      '  - file index.html (changed during this lab)',
      '  kept: image nginx (it existed before the lab started)',
      'The lab starts again; hints and solutions already seen still count.',
    ]);
    expect(text(resetResultParagraphs({ objects: 1, files: 1, failures: [] }))).toEqual(['Reset done: 1 object removed, the lab folder as shipped again (1 file restored or removed); the lab starts afresh — what you do from now on counts.']);
  });

  it('a reset of every lab names an object that several labs keep once', () => {
    const plan = { items: [], kept: Array.from({ length: 14 }, () => 'image alpine:3.20').concat('container web') };
    const kept = text(resetPlanParagraphs(plan, { count: 14 })).filter((l) => l.includes('kept:'));
    expect(kept).toEqual(['  kept: image alpine:3.20 (it existed before the lab started)', '  kept: container web (it existed before the lab started)']);
  });

  it('wraps each paragraph under its own hanging indent', () => {
    const rows = wrapParagraphs(verdictParagraphs([{ ok: false, title: 't', expected: 'a long expectation that wraps', found: 'f' }]), 30).map(lineText);
    expect(rows[1]).toBe('    expected: a long');
    expect(rows[2]).toBe('              expectation that');
  });
});
