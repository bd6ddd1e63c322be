/** Request bodies of the AGS 2.0 services (line item §3.2, score §3.4), checked with zod. */
import { z } from 'zod';
import { ACTIVITY_PROGRESS, GRADING_PROGRESS } from './lti-vocab';

/** ISO 8601 with a time zone, as AGS requires for score timestamps (§3.4.9). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
export const isoDateTime = z.string().refine((s) => ISO_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)), {
  message: 'must be an ISO 8601 date-time with a time zone',
});

export const lineItemBody = z.looseObject({
  scoreMaximum: z.number().positive(),
  label: z.string().trim().min(1).max(500),
  resourceId: z.string().max(500).optional(),
  resourceLinkId: z.string().max(500).optional(),
  tag: z.string().max(500).optional(),
  startDateTime: isoDateTime.optional(),
  endDateTime: isoDateTime.optional(),
  gradesReleased: z.boolean().optional(),
});
export type LineItemBody = z.infer<typeof lineItemBody>;

export const scoreBody = z.looseObject({
  userId: z.string().min(1).max(500),
  scoreGiven: z.number().min(0).optional(),
  scoreMaximum: z.number().positive().optional(),
  comment: z.string().max(10_000).optional(),
  timestamp: isoDateTime,
  activityProgress: z.enum(ACTIVITY_PROGRESS),
  gradingProgress: z.enum(GRADING_PROGRESS),
  submission: z.object({ startedAt: isoDateTime.optional(), submittedAt: isoDateTime.optional() }).optional(),
}).superRefine((s, ctx) => {
  // AGS 2.0 §3.4.3: scoreMaximum must accompany scoreGiven. The demo also refuses a score
  // above the maximum (the spec tolerates extra credit; First Shield never sends one).
  if (s.scoreGiven !== undefined && s.scoreMaximum === undefined) {
    ctx.addIssue({ code: 'custom', path: ['scoreMaximum'], message: 'required when scoreGiven is present' });
  }
  if (s.scoreGiven !== undefined && s.scoreMaximum !== undefined && s.scoreGiven > s.scoreMaximum) {
    ctx.addIssue({ code: 'custom', path: ['scoreGiven'], message: 'must not exceed scoreMaximum' });
  }
});
export type ScoreBody = z.infer<typeof scoreBody>;

export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}
