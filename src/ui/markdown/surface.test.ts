import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../course/load.js';
import { inAppMarkdown } from './surface.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('lesson text names the keys of the app where it is read', () => {
  const lesson = { kind: 'lesson' as const, practice: [{ kind: 'lab' as const, id: 'why-kernel' }, { kind: 'quiz' as const, id: 'why-kernel-quiz' }] };

  it("a lesson's labs and quizzes are opened with l and their number in the list", () => {
    const text = 'Check the lab (`docker-dojo check why-kernel`) and answer its quiz (`docker-dojo quiz why-kernel-quiz`).';
    expect(inAppMarkdown(text, lesson)).toBe('Check the lab (press **l**, then **1**) and answer its quiz (press **l**, then **2**).');
    expect(inAppMarkdown('Take the quiz: `docker-dojo quiz why-vms-quiz`.', { kind: 'lesson', practice: [{ kind: 'quiz', id: 'why-vms-quiz' }] })).toBe('Take the quiz: press **l**.');
  });

  it('in a lab, its own verbs are its keys, and its quiz comes next', () => {
    const lab = { kind: 'lab' as const, id: 'swarm-init', quiz: 'swarm-quiz' };
    expect(inAppMarkdown('Reset the lab (`docker-dojo reset swarm-init`).', lab)).toBe('Reset the lab (press **r**).');
    expect(inAppMarkdown('then check it: `docker-dojo check swarm-init`.', lab)).toBe('then check it: press **c**.');
    expect(inAppMarkdown('Answer it (`docker-dojo quiz swarm-quiz nodes N`).', lab)).toBe('Answer it (press **Enter** once the lab has passed, and its quiz comes next).');
  });

  it('leaves code blocks, and verbs the app has no key for here, as they are', () => {
    const text = ['```sh', '`docker-dojo check why-kernel`', '```', 'See `docker-dojo progress`.'].join('\n');
    expect(inAppMarkdown(text, lesson)).toBe(text);
  });

  it("every docker-dojo verb in the shipped course's lessons and labs reads as keys in the app", async () => {
    const course = await loadCourse(ROOT, { bundled: true });
    const left: string[] = [];
    for (const l of course.lessons) {
      const practice = [...l.labs.flatMap((id) => [{ kind: 'lab' as const, id }, ...(course.labs.find((lab) => lab.id === id)?.quiz ? [{ kind: 'quiz' as const, id: course.labs.find((lab) => lab.id === id)!.quiz! }] : [])]), ...(l.quiz ? [{ kind: 'quiz' as const, id: l.quiz }] : [])];
      for (const m of inAppMarkdown(l.body, { kind: 'lesson', practice }).matchAll(/`docker-dojo [^`]*`/g)) left.push(`${l.file}: ${m[0]}`);
    }
    for (const lab of course.labs) {
      for (const m of inAppMarkdown(lab.body, { kind: 'lab', id: lab.id, quiz: lab.quiz }).matchAll(/`docker-dojo [^`]*`/g)) left.push(`${lab.file}: ${m[0]}`);
    }
    expect(left).toEqual([]);
  });
});
