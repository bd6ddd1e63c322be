/** Every text key a manifest uses, with the JSON path that uses it, for the translation rules. */
import type { LessonManifest, Step } from './lesson.schemas';

/** A text key the manifest uses, and where (a JSON path) it uses it. */
export interface KeyUse { key: string; where: string }

/** Every text key referenced by the manifest, in document order. */
export function referencedKeys(m: LessonManifest): KeyUse[] {
  const uses: KeyUse[] = [];
  const use = (key: string | undefined, where: string) => {
    if (key !== undefined) uses.push({ key, where });
  };
  use(m.title, 'title');
  use(m.summary, 'summary');
  use(m.teacher.activity, 'teacher.activity');
  m.teacher.discussion.forEach((key, i) => use(key, `teacher.discussion[${i}]`));
  use(m.teacher.disclosure, 'teacher.disclosure');
  use(m.family, 'family');
  m.objectives.forEach((o, i) => use(o.text, `objectives[${i}].text`));
  m.steps.forEach((step, s) => stepKeys(step, `steps[${s}]`, use));
  return uses;
}

function stepKeys(step: Step, at: string, use: (key: string | undefined, where: string) => void): void {
  use(step.title, `${at}.title`);
  switch (step.kind) {
    case 'story':
      step.slides.forEach((slide, i) => {
        use(slide.title, `${at}.slides[${i}].title`);
        use(slide.body, `${at}.slides[${i}].body`);
      });
      break;
    case 'spot': {
      use(step.instructions, `${at}.instructions`);
      const a = step.artefact;
      use(a.sender, `${at}.artefact.sender`);
      use(a.meta, `${at}.artefact.meta`);
      a.segments.forEach((seg, i) => {
        use(seg.text, `${at}.artefact.segments[${i}].text`);
        use(seg.feedback, `${at}.artefact.segments[${i}].feedback`);
      });
      break;
    }
    case 'quiz':
      step.items.forEach((item, i) => {
        const it = `${at}.items[${i}]`;
        use(item.prompt, `${it}.prompt`);
        item.options.forEach((o, j) => {
          use(o.text, `${it}.options[${j}].text`);
          use(o.feedback, `${it}.options[${j}].feedback`);
        });
      });
      break;
    case 'chat':
      use(step.instructions, `${at}.instructions`);
      use(step.contact.name, `${at}.contact.name`);
      use(step.contact.status, `${at}.contact.status`);
      step.nodes.forEach((node, i) => {
        const nt = `${at}.nodes[${i}]`;
        node.messages.forEach((msg, j) => use(msg.text, `${nt}.messages[${j}].text`));
        (node.choices ?? []).forEach((c, j) => {
          use(c.text, `${nt}.choices[${j}].text`);
          use(c.feedback, `${nt}.choices[${j}].feedback`);
        });
      });
      break;
    case 'order':
      use(step.prompt, `${at}.prompt`);
      step.items.forEach((item, i) => {
        use(item.text, `${at}.items[${i}].text`);
        use(item.feedback, `${at}.items[${i}].feedback`);
      });
      break;
    case 'sort':
      use(step.prompt, `${at}.prompt`);
      step.groups.forEach((g, i) => use(g.label, `${at}.groups[${i}].label`));
      step.cards.forEach((card, i) => {
        use(card.text, `${at}.cards[${i}].text`);
        use(card.feedback, `${at}.cards[${i}].feedback`);
      });
      break;
    case 'reflection':
      use(step.prompt, `${at}.prompt`);
      break;
    case 'help':
      use(step.body, `${at}.body`);
      break;
  }
}
