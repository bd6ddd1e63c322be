/**
 * Per question and per learning objective, over the attempts that count (one per student):
 * how many got it right, and the class's most common mistake — the wrong option most chosen
 * (quiz), the warning sign most missed (spot), the unsafe reply most chosen (chat), the step
 * most misplaced (order) or the card most mis-sorted (sort). Pure: lesson + attempts in, numbers out.
 * Mistakes carry lesson text keys; the caller renders them in the teacher's language.
 */
import type { Lesson } from '../catalog';
import { checkAnswer } from '../learning';
import { storedResult, type Competence } from './grading';

export type MistakeKind = 'wrong_option' | 'missed_sign' | 'unsafe_choice' | 'misplaced' | 'missorted';

export interface QuestionStat {
  key: string;
  kind: 'quiz' | 'spot' | 'chat' | 'order' | 'sort';
  /** Lesson text key of the question (quiz prompt, else the step title). */
  textKey: string;
  /** Students whose counted attempt had this question. */
  answered: number;
  correct: number;
  percentCorrect: number | null;
  mistake?: { kind: MistakeKind; id: string; textKey?: string; feedbackKey: string; count: number };
}

export interface ObjectiveStat { id: string; textKey: string; secure: number; developing: number; misconception: number; assessed: number }

export interface CountedAttempt { result: unknown; answers: Record<string, string[]> }

interface Candidate { id: string; textKey?: string; feedbackKey: string }

/** The candidate counted most often (authoring order breaks ties, so the answer is stable). */
function top(candidates: Candidate[], counts: Map<string, number>, kind: MistakeKind): QuestionStat['mistake'] {
  let best: QuestionStat['mistake'];
  for (const c of candidates) {
    const n = counts.get(c.id) ?? 0;
    if (n > 0 && (!best || n > best.count)) best = { kind, ...c, count: n };
  }
  return best;
}

function bump(counts: Map<string, number>, id: string) { counts.set(id, (counts.get(id) ?? 0) + 1); }

export function questionStats(lesson: Lesson, counted: CountedAttempt[]): { questions: QuestionStat[]; objectives: ObjectiveStat[] } {
  const results = counted.map((c) => ({ answers: c.answers, items: new Map(storedResult(c.result).items.map((i) => [i.key, i])), objectives: storedResult(c.result).objectives }));
  const questions: QuestionStat[] = [];

  function tally(key: string, kind: QuestionStat['kind'], textKey: string, wrongOf: (chosen: string[], answers: Record<string, string[]>) => string[], candidates: Candidate[], mistake: MistakeKind) {
    const counts = new Map<string, number>();
    let answered = 0;
    let correct = 0;
    for (const r of results) {
      const item = r.items.get(key);
      if (!item) continue; // not drawn for this student
      answered++;
      if (item.correct) correct++;
      for (const id of new Set(wrongOf(item.chosen, r.answers))) bump(counts, id);
    }
    questions.push({
      key, kind, textKey, answered, correct,
      percentCorrect: answered ? Math.round((correct / answered) * 100) : null,
      mistake: top(candidates, counts, mistake),
    });
  }

  /** Order and sort keep only "answered" in the stored result; which pieces were wrong comes from re-checking the answer. */
  const misplaced = (stepId: string) => (_chosen: string[], answers: Record<string, string[]>) => {
    const answer = answers[stepId];
    if (!answer?.length) return [];
    try {
      return checkAnswer(lesson, stepId, answer).feedback.filter((f) => !f.correct).map((f) => f.id);
    } catch {
      return [];
    }
  };

  for (const step of lesson.manifest.steps) {
    switch (step.kind) {
      case 'quiz':
        for (const item of step.items) {
          const wrong = new Set(item.options.filter((o) => !o.correct).map((o) => o.id));
          tally(`${step.id}/${item.id}`, 'quiz', item.prompt, (chosen) => chosen.filter((id) => wrong.has(id)),
            item.options.filter((o) => !o.correct).map((o) => ({ id: o.id, textKey: o.text, feedbackKey: o.feedback })), 'wrong_option');
        }
        break;
      case 'spot': {
        const flags = step.artefact.segments.filter((s) => s.flag);
        tally(step.id, 'spot', step.title, (chosen) => flags.filter((f) => !chosen.includes(f.id)).map((f) => f.id),
          flags.map((f) => ({ id: f.id, textKey: f.text, feedbackKey: f.feedback })), 'missed_sign');
        break;
      }
      case 'chat': {
        // A choice is unsafe when it earns less than the best choice of its decision node.
        const unsafe: Candidate[] = [];
        for (const node of step.nodes) {
          const best = Math.max(...(node.choices ?? []).map((c) => c.points));
          for (const c of node.choices ?? []) if (c.points < best) unsafe.push({ id: `${node.id}/${c.id}`, textKey: c.text, feedbackKey: c.feedback });
        }
        const ids = new Set(unsafe.map((u) => u.id));
        tally(step.id, 'chat', step.title, (chosen) => chosen.filter((id) => ids.has(id)), unsafe, 'unsafe_choice');
        break;
      }
      case 'order':
        tally(step.id, 'order', step.title, misplaced(step.id), step.items.map((i) => ({ id: i.id, textKey: i.text, feedbackKey: i.feedback })), 'misplaced');
        break;
      case 'sort':
        tally(step.id, 'sort', step.title, misplaced(step.id), step.cards.map((c) => ({ id: c.id, textKey: c.text, feedbackKey: c.feedback })), 'missorted');
        break;
      default:
        break;
    }
  }

  const objectives = lesson.manifest.objectives.map((o) => {
    const counts: Record<Competence, number> = { secure: 0, developing: 0, misconception: 0 };
    for (const r of results) {
      const level = r.objectives[o.id];
      if (level && level in counts) counts[level]++;
    }
    return { id: o.id, textKey: o.text, ...counts, assessed: counts.secure + counts.developing + counts.misconception };
  });
  return { questions, objectives };
}
