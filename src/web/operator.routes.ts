/**
 * The operator (admin console account) reads any school's report: the console hands over to
 * the same school report an LTI administrator sees, with a short session for that deployment.
 * Mounted behind the console's sign-in guard, so res.locals.admin is the signed-in operator.
 */
import express from 'express';
import { z } from 'zod';
import { notFound } from '../errors';
import type { PlatformRepository, SessionTokens } from '../lti';

export function operatorReportRoutes(deps: { platforms: PlatformRepository; sessions: SessionTokens }) {
  const router = express.Router();
  router.get('/deployments/:id/report', async (req, res) => {
    const id = z.uuid().safeParse(req.params.id);
    const deployment = id.success ? await deps.platforms.deploymentById(id.data) : undefined;
    if (!deployment) throw notFound('no such deployment');
    const operator = (res.locals as { admin?: { accountId: string } }).admin!;
    const lang = typeof req.query.lang === 'string' ? req.query.lang : 'en';
    const token = await deps.sessions.issue({ uid: `operator:${operator.accountId}`, dep: deployment.id, ctx: '', role: 'admin', lng: lang });
    res.redirect(303, `/school?s=${encodeURIComponent(token)}&lang=${encodeURIComponent(lang)}`);
  });
  return router;
}
