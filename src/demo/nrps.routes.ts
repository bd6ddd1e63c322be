/**
 * NRPS 2.0 context membership service (§2–3): members of one context, with `role` filter
 * (full URI or the short LIS name, e.g. "Learner") and `limit` paging.
 */
import { Router } from 'express';
import type { DemoDeps } from './deps';
import { MEDIA, SCOPE } from './lti-vocab';
import { paginate, queryString } from './paging';

export function nrpsRoutes(deps: DemoDeps): Router {
  const { store, urls, tokens } = deps;
  const router = Router();
  router.get('/api/contexts/:contextId/memberships', tokens.require(SCOPE.nrps), (req, res) => {
    const data = store.data();
    const context = data.contexts.find((c) => c.id === req.params.contextId);
    if (!context) return res.status(404).json({ error: 'not_found', error_description: 'No such context.' });
    const role = queryString(req.query.role);
    const matches = (r: string) => role === undefined || r === role || r.endsWith(`#${role}`);
    // Every seeded membership has at least one role, so `some` also serves the unfiltered case.
    const members = data.memberships
      .filter((m) => m.contextId === context.id && m.roles.some(matches))
      .flatMap((m) => {
        const p = data.people.find((x) => x.id === m.userId);
        return p ? [{ status: m.status, name: p.name, given_name: p.givenName, family_name: p.familyName, user_id: p.id, roles: m.roles }] : [];
      });
    const selfUrl = urls.memberships(context.id);
    const page = paginate(members, req, res, selfUrl, { role });
    res.type(MEDIA.membershipContainer).send(JSON.stringify({
      id: selfUrl,
      context: { id: context.id, label: context.label, title: context.title },
      members: page,
    }));
  });
  return router;
}
