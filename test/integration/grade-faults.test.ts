/**
 * Grades that arrive: the LMS down at submission time, answering 500 / 429 / 400, timing out,
 * or the tool dying mid-delivery. Nothing is lost, nothing permanent is retried for ever, and a
 * re-delivery repeats the same timestamp (AGS keeps the latest, so it counts once).
 */
import net from 'node:net';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { createHarness, launch, sessionFrom, type Harness } from '../helpers/test-app';

let h: Harness;
let blackHole: net.Server;
let blackHolePort = 0;
beforeAll(async () => {
  h = await createHarness({ servicesTimeoutMs: 500 });
  // accepts connections and never answers: an LMS that hangs
  blackHole = net.createServer(() => undefined);
  await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', r));
  blackHolePort = (blackHole.address() as net.AddressInfo).port;
});
afterAll(async () => { await h?.close(); blackHole?.close(); });
beforeEach(async () => { await h.reset(); });

async function submitOne(sub = 'student-sub-1') {
  const { res } = await launch(h, { claims: { sub } });
  const s = sessionFrom(res.headers.location!);
  const attemptId = s.path.split('/').pop()!;
  expect((await request(h.tool.app).post(`/api/attempts/${attemptId}/submit`).set('Authorization', `Bearer ${s.token}`)).status).toBe(200);
}
async function rows() {
  const r = await h.testDb.database.db.execute(sql`select status, tries, last_error, next_try_at > now() + interval '100 seconds' as far, score from grade_sync order by created_at`);
  return (r as unknown as { rows: Array<{ status: string; tries: number; last_error: string | null; far: boolean; score: { timestamp: string } }> }).rows;
}
const dueNow = () => h.testDb.database.db.execute(sql`update grade_sync set next_try_at = now(), locked_until = null`);
const pointLineItemAt = (url: string) => h.testDb.database.db.execute(sql`update assignment set line_item_url = ${url}`);

it('keeps a grade while the LMS is down and delivers it when it is back', async () => {
  await submitOne();
  const real = h.platform.lineItemUrl('ctx-1');
  await pointLineItemAt('http://127.0.0.1:9/contexts/ctx-1/lineitems/li-1/lineitem'); // nothing listens on port 9
  await h.tool.worker.runOnce();
  expect((await rows())[0]).toMatchObject({ status: 'pending', tries: 1 });
  expect((await rows())[0]!.last_error).toMatch(/unreachable/);
  await pointLineItemAt(real);
  await dueNow();
  await h.tool.worker.runOnce();
  expect((await rows())[0]).toMatchObject({ status: 'done', tries: 2 });
  expect(h.platform.scores).toHaveLength(1);
});

it('retries an LMS that times out', async () => {
  await submitOne();
  await pointLineItemAt(`http://127.0.0.1:${blackHolePort}/contexts/ctx-1/lineitems/li-1/lineitem`);
  await h.tool.worker.runOnce();
  expect((await rows())[0]!.last_error).toMatch(/timed out/);
  expect((await rows())[0]!.status).toBe('pending');
  await pointLineItemAt(h.platform.lineItemUrl('ctx-1'));
  await dueNow();
  await h.tool.worker.runOnce();
  expect(h.platform.scores).toHaveLength(1);
});

it('honours Retry-After on 429 and retries 500s, but gives up on a 400 with the LMS reason', async () => {
  await submitOne();
  h.platform.scoreFaults = [500];
  await h.tool.worker.runOnce();
  expect((await rows())[0]).toMatchObject({ status: 'pending', tries: 1 });
  await dueNow();
  h.platform.scoreFaults = [400];
  await h.tool.worker.runOnce();
  const [failed] = await rows();
  expect(failed).toMatchObject({ status: 'failed', tries: 2 });
  expect(failed!.last_error).toMatch(/400/);
  expect(failed!.last_error).toMatch(/fault injected/);
  expect(h.platform.scores).toHaveLength(0);
});

it('re-delivers after a crash mid-delivery, with the same timestamp', async () => {
  await submitOne();
  // the worker claimed the row (lease taken, try counted) and the process died before marking it
  await h.tool.grades.claimDue(10, 60);
  expect(await h.tool.worker.runOnce()).toBe(0); // leased: not handed out twice meanwhile
  await h.testDb.database.db.execute(sql`update grade_sync set locked_until = now() - interval '1 second'`);
  expect(await h.tool.worker.runOnce()).toBe(1);
  expect((await rows())[0]).toMatchObject({ status: 'done', tries: 2 });
  // a crash after the LMS stored the score but before markDone resends the same document
  const [row] = await rows();
  await h.testDb.database.db.execute(sql`update grade_sync set status = 'pending', next_try_at = now()`);
  await h.tool.worker.runOnce();
  expect(h.platform.scores).toHaveLength(2);
  expect(h.platform.scores[0]!.body).toEqual(h.platform.scores[1]!.body);
  expect(h.platform.scores[1]!.body.timestamp).toBe(row!.score.timestamp);
});
