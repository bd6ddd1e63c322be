/** Shared steps of the teacher tests: launches as teacher or student, answering and submitting B-3. */
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { launch, sessionFrom, type Harness } from '../helpers/test-app';

export const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';
export const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
export const NRPS = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';

export function nrpsClaim(h: Harness, ctx = 'ctx-1') {
  return { [NRPS]: { context_memberships_url: h.platform.membershipsUrl(ctx), service_versions: ['2.0'] } };
}

export async function launchTeacher(h: Harness, over: Record<string, unknown> = {}) {
  const { res } = await launch(h, { claims: { sub: 'teacher-1', name: 'Cô Hạnh', 'https://purl.imsglobal.org/spec/lti/claim/roles': [INSTRUCTOR], ...nrpsClaim(h), ...over } });
  if (res.status !== 303) throw new Error(`teacher launch answered ${res.status}`);
  return sessionFrom(res.headers.location!);
}

export async function launchStudent(h: Harness, sub: string, over: Record<string, unknown> = {}) {
  const { res } = await launch(h, { claims: { sub, ...nrpsClaim(h), ...over } });
  if (res.status !== 303) throw new Error(`student launch answered ${res.status}`);
  const s = sessionFrom(res.headers.location!);
  return { ...s, attemptId: s.path.split('/').pop()!, auth: { Authorization: `Bearer ${s.token}` } };
}

/** Answers every scored item of B-3 correctly, except where `wrong` says otherwise, then submits. */
export async function play(h: Harness, student: Awaited<ReturnType<typeof launchStudent>>, wrong: Record<string, string[]> = {}, submit = true) {
  const r = await h.testDb.database.db.execute(sql`select drawn from attempt where id = ${student.attemptId}`);
  const drawn = (r as unknown as { rows: Array<{ drawn: Record<string, string[]> }> }).rows[0]!.drawn;
  const lesson = h.catalog.latest('b-3-scams-aimed-at-teens')!;
  for (const step of lesson.manifest.steps) {
    const answers: Array<{ key: string; answer: string[] }> = [];
    if (step.kind === 'spot') answers.push({ key: step.id, answer: step.artefact.segments.filter((s) => s.flag).map((s) => s.id) });
    if (step.kind === 'quiz') {
      for (const itemId of drawn[step.id] ?? []) {
        const item = step.items.find((i) => i.id === itemId)!;
        answers.push({ key: `${step.id}/${itemId}`, answer: item.options.filter((o) => o.correct).map((o) => o.id) });
      }
    }
    for (const a of answers) {
      const res = await request(h.tool.app).post(`/api/attempts/${student.attemptId}/answers`).set(student.auth).send({ key: a.key, answer: wrong[a.key] ?? a.answer });
      if (res.status !== 200) throw new Error(`answer ${a.key} answered ${res.status}`);
    }
  }
  if (submit) {
    const res = await request(h.tool.app).post(`/api/attempts/${student.attemptId}/submit`).set(student.auth);
    if (res.status !== 200) throw new Error(`submit answered ${res.status}: ${res.text}`);
  }
}

export async function count(h: Harness, query: ReturnType<typeof sql>): Promise<number> {
  const r = await h.testDb.database.db.execute(query);
  return Number((r as unknown as { rows: Array<{ n: number | string }> }).rows[0]!.n);
}

/** The roster rows of an assignment page: [name, data-status]. */
export function rosterRows(html: string): Array<[string, string]> {
  const table = html.split('<table class="roster">')[1]?.split('</table>')[0] ?? '';
  return [...table.matchAll(/<tr data-status="([a-z_]+)">\s*<th scope="row">([^<]*)<\/th>/g)].map((m) => [m[2]!, m[1]!]);
}
