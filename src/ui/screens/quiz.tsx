/** A quiz, one question at a time: choices by arrows or number, typed answers, live questions. */
import { useEffect, useState } from 'react';
import type { AnswerVerdict, ItemRef, ProblemView, QuizDoc, QuizQuestionView } from '../../app/api.js';
import { problemOf, useAsync, useHost, useKeyHelp, useRemembered, useScreenInput, useServices, useTheme, useUiState } from '../context.js';
import { inlineMarkdown } from '../markdown/layout.js';
import { keyBar, LinesView, problemLines, rule, titleLine } from '../components/lines.js';
import { sanitizeTerminalText } from '../sanitize.js';
import { span, truncateLine, wrapSpans, type Line, type SpanStyle } from '../text/lines.js';
import { LoadingScreen } from './loading.js';
import { answerParagraphs, earlierAnswerLine, wrapParagraphs } from '../sentences.js';

interface Feedback {
  answer: string;
  verdict: AnswerVerdict;
}

export function QuizScreen({ id, width, height }: { id: string; width: number; height: number }) {
  const services = useServices();
  const [state] = useAsync(() => services.quiz(id), `quiz:${id}`);
  if (state.status !== 'ready') return <LoadingScreen state={state} what="the quiz" width={width} height={height} />;
  return <QuizView doc={state.value} width={width} height={height} />;
}

function QuizView({ doc, width, height }: { doc: QuizDoc; width: number; height: number }) {
  const services = useServices();
  const ui = useUiState();
  const host = useHost();
  const firstOpen = Math.max(0, doc.questions.findIndex((q) => !doc.answers[q.id]?.correct));
  const [index, setIndex, getIndex] = useRemembered<number>('question', firstOpen);
  const [feedback, setFeedback] = useRemembered<Record<string, Feedback>>('feedback', {});
  const [choice, setChoice, getChoice] = useRemembered<Record<string, number>>('choice', {});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemView | undefined>(undefined);
  const [next, setNext] = useState<ItemRef | undefined>(undefined);

  const question = doc.questions[Math.min(index, doc.questions.length - 1)]!;
  const [typed, setTyped, getTyped] = useRemembered<string>(`typed:${question.id}`, '');
  const answered = feedback[question.id];
  const typing = question.kind !== 'choice' && !answered && !busy;
  const selected = choice[question.id] ?? 0;

  // What earns points: the first answer to each question (see progress/score.ts).
  const results = doc.questions.map((q) => feedback[q.id]?.verdict.credit ?? doc.answers[q.id]?.credit);
  const right = results.filter((r) => r === true).length;
  const allAnswered = results.every((r) => r !== undefined);

  useEffect(() => {
    ui.setTextEntry(typing);
    return () => ui.setTextEntry(false);
  }, [ui, typing]);
  useEffect(() => {
    if (!allAnswered) return;
    let alive = true;
    void services.next({ kind: 'quiz', id: doc.id }).then((n) => alive && setNext(n), () => undefined);
    return () => {
      alive = false;
    };
  }, [services, allAnswered, right]);

  useKeyHelp([
    { keys: '↑ ↓  j k', does: 'choose (multiple choice)' },
    { keys: '1-9', does: 'answer with that choice' },
    { keys: 'Enter', does: 'answer / next question' },
    { keys: '← → (Tab)', does: 'previous / next question (Tab while typing)' },
    { keys: 'r', does: 'answer this question again' },
    { keys: 'q / Esc', does: 'back (Esc while typing)' },
  ]);

  const { color } = useTheme();
  const go = (to: number) => {
    setProblem(undefined);
    setIndex(Math.max(0, Math.min(doc.questions.length - 1, to)));
  };
  const submit = (answer: string) => {
    if (busy || answer.trim() === '') return;
    setBusy(true);
    setProblem(undefined);
    services.answer(doc.id, question.id, answer).then(
      (verdict) => {
        setBusy(false);
        setFeedback((f) => ({ ...f, [question.id]: { answer, verdict } }));
      },
      (error: unknown) => {
        setBusy(false);
        setProblem(problemOf(error));
      },
    );
  };
  const advance = () => {
    if (index < doc.questions.length - 1) go(index + 1);
    else if (allAnswered && next) ui.replace({ kind: next.kind, id: next.id });
  };
  const leave = () => {
    if (!ui.back()) host.exit(0);
  };

  useScreenInput((input, key) => {
    if (busy) return;
    if (typing) {
      if (key.escape) leave();
      else if (key.return) submit(getTyped());
      else if (key.tab) go(getIndex() + (key.shift ? -1 : 1));
      else if (key.backspace || key.delete) setTyped((t) => t.slice(0, -1));
      else if (input && !key.ctrl && !key.meta && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow) setTyped((t) => (t + input.replace(/[\r\n\t]/g, '')).slice(0, 200));
      return;
    }
    if (input === 'q' || key.escape) return leave();
    if (key.leftArrow || input === 'p') return go(getIndex() - 1);
    if (key.rightArrow || input === 'n' || key.tab) return go(getIndex() + 1);
    if (answered) {
      if (key.return) advance();
      else if (input === 'r') {
        setFeedback((f) => {
          const { [question.id]: _, ...rest } = f;
          return rest;
        });
        setTyped('');
      }
      return;
    }
    if (question.kind === 'choice') {
      const count = question.choices.length;
      if (key.upArrow || input === 'k') setChoice((c) => ({ ...c, [question.id]: ((c[question.id] ?? 0) - 1 + count) % count }));
      else if (key.downArrow || input === 'j') setChoice((c) => ({ ...c, [question.id]: ((c[question.id] ?? 0) + 1) % count }));
      else if (/^[1-9]$/.test(input) && Number(input) <= count) {
        setChoice((c) => ({ ...c, [question.id]: Number(input) - 1 }));
        submit(input);
      } else if (key.return) submit(String((getChoice()[question.id] ?? 0) + 1));
    }
  });

  const header = titleLine(
    [span('Quiz ', { dim: true }), span(doc.title, { bold: true }), span(` · question ${index + 1}/${doc.questions.length}`, { dim: true })],
    [span(`${right}/${doc.questions.length} right`, { color: right === doc.questions.length ? 'green' : undefined, dim: right === 0 })],
    width,
  );
  const body = questionLines(question, { selected, typed, typing, busy, ...(answered ? { feedback: answered } : {}), ...(doc.answers[question.id] ? { earlier: doc.answers[question.id]! } : {}) }, width, { color });
  if (problem) body.push([], ...problemLines(problem, width));
  if (allAnswered && (answered || index === doc.questions.length - 1)) {
    body.push([], [span(`Quiz done: ${right}/${doc.questions.length} right.`, { bold: true, color: right === doc.questions.length ? 'green' : 'yellow' })]);
    if (next && index === doc.questions.length - 1) body.push([span('Enter', { bold: true }), span(` next: ${next.title} (${next.kind})`)]);
  }
  const hints: Array<[string, string]> = typing
    ? [['Enter', 'answer'], ['Tab', 'skip'], ['Esc', 'back']]
    : answered
      ? [['Enter', index < doc.questions.length - 1 ? 'next question' : next && allAnswered ? 'next item' : 'stay'], ['r', 'retry'], ['←→', 'questions'], ['?', 'help'], ['q', 'back']]
      : [['↑↓', 'choose'], ['1-9', 'answer'], ['Enter', 'answer'], ['←→', 'questions'], ['?', 'help'], ['q', 'back']];
  const room = Math.max(1, height - 3);
  const shown = body.slice(0, room);
  while (shown.length < room) shown.push([]);
  return <LinesView lines={[header, rule(width), ...shown, truncateLine(keyBar(hints), width)]} />;
}

export function questionLines(
  question: QuizQuestionView,
  view: { selected: number; typed: string; typing: boolean; busy: boolean; feedback?: Feedback; earlier?: { answer: string; correct: boolean; credit: boolean } },
  width: number,
  options: { color: boolean } = { color: true },
): Line[] {
  // Prompts and choices are inline Markdown: `code` reads as code, not as backticks.
  const markdown = (text: string, style: SpanStyle = {}) => inlineMarkdown(text, options).map((s) => ({ ...s, ...style }));
  const lines: Line[] = [...wrapSpans(markdown(question.prompt, { bold: true }), width), []];
  const { feedback } = view;
  if (question.kind === 'choice') {
    const chosen = feedback ? Number(feedback.answer) - 1 : view.selected;
    question.choices.forEach((c, i) => {
      const isChosen = i === chosen;
      const mark = feedback && isChosen ? (feedback.verdict.correct ? span('✔ ', { color: 'green', bold: true }) : span('✘ ', { color: 'red', bold: true })) : span(isChosen ? '› ' : '  ', { color: 'cyan', bold: true });
      lines.push(...wrapSpans([mark, span(`${i + 1}. `, { dim: !isChosen }), ...markdown(c, isChosen ? { bold: true } : {})], width, { indent: [span('     ')] }));
    });
  } else {
    if (question.kind === 'live') lines.push(...wrapSpans([span('The right answer is read from your Docker engine when you answer.', { dim: true })], width));
    const value = feedback ? feedback.answer : view.typed;
    lines.push(truncateLine([span('Your answer: ', { bold: true }), span(sanitizeTerminalText(value)), ...(view.typing ? [span('█', { color: 'cyan' })] : [])], width));
  }
  if (view.busy) lines.push([], [span(question.kind === 'live' ? 'Reading your engine…' : 'Checking…', { dim: true })]);
  if (feedback) lines.push([], ...wrapParagraphs(answerParagraphs(feedback.verdict), width));
  else if (view.earlier) lines.push([], ...wrapSpans(earlierAnswerLine(view.earlier), width));
  return lines;
}
