/**
 * AGS 2.0 score publish service (§3.4) and result service (§3.3). A score replaces the stored
 * one only when its timestamp is newer (§3.4.9: the platform must not update a result whose
 * timestamp on record is later; it may just ignore the update), and the answer is the same
 * either way. The fault switch (see admin.routes.ts) can make the next posts fail.
 */
import { Router } from 'express';
import type { DemoDeps } from './deps';
import type { DemoScore } from './demo.types';
import { issuesText, scoreBody } from './ags.schemas';
import { agsJson, findLineItem, problem } from './ags-lineitems.routes';
import { MEDIA, SCOPE } from './lti-vocab';
import { paginate, queryString } from './paging';

/** Takes one pending fault for score posts, if the switch is on. */
export async function takeFault(deps: DemoDeps): Promise<number | undefined> {
  const fault = deps.store.data().faults.find((f) => f.target === 'score-post' && f.remaining > 0);
  if (!fault) return undefined;
  await deps.store.update((d) => {
    fault.remaining -= 1;
    d.faults = d.faults.filter((f) => f.remaining > 0);
  });
  return fault.status;
}

export function agsScoreRoutes(deps: DemoDeps): Router {
  const { store, urls, tokens, logger } = deps;
  const router = Router();

  router.post('/api/contexts/:contextId/lineitems/:id/scores', tokens.require(SCOPE.score), agsJson, async (req, res) => {
    const li = findLineItem(deps, req, res);
    if (!li) return;
    const faultStatus = await takeFault(deps);
    if (faultStatus !== undefined) {
      logger.warn({ lineItemId: li.id, status: faultStatus }, 'demo LMS: injected score-post fault');
      if (faultStatus === 429) res.set('Retry-After', '1');
      return problem(res, faultStatus, 'injected_fault', `The demo fault switch answered ${faultStatus}.`);
    }
    const parsed = scoreBody.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'invalid_request', issuesText(parsed.error));
    const score = parsed.data;
    const member = store.data().memberships.some((m) => m.contextId === li.contextId && m.userId === score.userId && m.status === 'Active');
    if (!member) return problem(res, 400, 'invalid_request', 'userId is not a member of this context.');
    const incoming = Date.parse(score.timestamp);
    const stored = store.data().scores.find((s) => s.lineItemId === li.id && s.userId === score.userId);
    if (stored && Date.parse(stored.score.timestamp) >= incoming) {
      logger.info({ lineItemId: li.id }, 'demo LMS: score ignored, timestamp not newer than the stored one');
      return res.status(204).end();
    }
    const record: DemoScore = { lineItemId: li.id, userId: score.userId, receivedAt: new Date().toISOString(), score };
    await store.update((d) => {
      d.scores = [...d.scores.filter((s) => !(s.lineItemId === li.id && s.userId === score.userId)), record];
    });
    logger.info({ lineItemId: li.id, gradingProgress: score.gradingProgress }, 'demo LMS: score stored');
    res.status(204).end();
  });

  router.get('/api/contexts/:contextId/lineitems/:id/results', tokens.require(SCOPE.resultReadonly), (req, res) => {
    const li = findLineItem(deps, req, res);
    if (!li) return;
    const userId = queryString(req.query.user_id);
    const lineItemUrl = urls.lineItem(li.contextId, li.id);
    const scores = store.data().scores.filter((s) => s.lineItemId === li.id && (userId === undefined || s.userId === userId));
    const page = paginate(scores, req, res, `${lineItemUrl}/results`, { user_id: userId });
    const results = page.map(({ userId: uid, score }) => ({
      id: `${lineItemUrl}/results/${encodeURIComponent(uid)}`,
      scoreOf: lineItemUrl,
      userId: uid,
      // Results are on the line item's scale (§3.3.4): rescale what the tool posted.
      ...(score.scoreGiven !== undefined && score.scoreMaximum
        ? { resultScore: (score.scoreGiven * li.scoreMaximum) / score.scoreMaximum, resultMaximum: li.scoreMaximum } : {}),
      ...(score.comment !== undefined ? { comment: score.comment } : {}),
    }));
    res.type(MEDIA.resultContainer).send(JSON.stringify(results));
  });
  return router;
}
