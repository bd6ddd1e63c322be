/**
 * The assignment settings form: zod at the edge, one named field per problem so the teacher is
 * told which box to fix. Completion-only is offered for band A lessons only (CURRICULUM.md
 * "Passback semantics"); a forged request for another band is refused like any bad field.
 */
import { z } from 'zod';
import type { AssignmentSettings } from '../db';

export const SETTINGS_FIELDS = ['passMark', 'maxAttempts', 'gradingPolicy', 'completionOnly', 'dueAt'] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

const blankToNull = (v: unknown) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v);
const intIn = (min: number, max: number) => z.string().trim().regex(/^\d{1,3}$/).transform(Number).pipe(z.number().int().min(min).max(max));

const SettingsBody = z.object({
  s: z.string(),
  passMark: intIn(0, 100),
  maxAttempts: z.preprocess(blankToNull, intIn(1, 100).nullable()),
  gradingPolicy: z.enum(['best', 'last', 'first']),
  completionOnly: z.enum(['on']).optional(),
  dueAt: z.preprocess(blankToNull, z.iso.date().nullable()),
});

export type SettingsResult =
  | { ok: true; settings: AssignmentSettings }
  | { ok: false; fields: SettingsField[] };

export function parseSettings(body: unknown, opts: { completionOnlyAllowed: boolean }): SettingsResult {
  const r = SettingsBody.safeParse(body ?? {});
  const fields = new Set<SettingsField>();
  if (!r.success) {
    for (const issue of r.error.issues) {
      const f = issue.path[0];
      if ((SETTINGS_FIELDS as readonly unknown[]).includes(f)) fields.add(f as SettingsField);
    }
  } else if (r.data.completionOnly && !opts.completionOnlyAllowed) {
    fields.add('completionOnly');
  }
  if (!r.success || fields.size > 0) return { ok: false, fields: SETTINGS_FIELDS.filter((f) => fields.has(f)) };
  const d = r.data;
  return {
    ok: true,
    settings: {
      passMark: d.passMark,
      maxAttempts: d.maxAttempts,
      gradingPolicy: d.gradingPolicy,
      // Outside band A the lesson's own rule stays in force.
      completionOnly: opts.completionOnlyAllowed ? d.completionOnly === 'on' : undefined,
      dueAt: d.dueAt,
    },
  };
}
