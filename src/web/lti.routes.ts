/**
 * LTI endpoints: /lti/login (GET and POST), /lti/launch, /lti/keys. A launch is validated by
 * the pipeline in src/lti, then provisioned in one transaction, then sent to the view its role
 * leads to. A refused launch creates no session and no rows.
 */
import express, { type Request, type Response } from 'express';
import type { Catalog } from '../catalog';
import type { Db } from '../db';
import { AppError } from '../errors';
import { negotiateLocale } from '../i18n';
import {
  AGS_ENDPOINT, DL_SETTINGS, LTI, LtiError, provisionLaunch, roleKind, startLogin, validateLaunch,
  type DeepLinkingClaims, type KeysetCache, type ValidatedLaunch, type LoginStateRepository, type PlatformRepository, type ResourceLinkClaims,
  type SessionTokens, type ToolKeys,
} from '../lti';
import { createAssignmentRepository, ensureStats, type Learning } from '../learning';

export interface LtiRouteDeps {
  db: Db; catalog: Catalog; learning: Learning; platforms: PlatformRepository; states: LoginStateRepository;
  keysets: KeysetCache; keys: ToolKeys; sessions: SessionTokens; publicUrl: string;
}

function customLesson(claims: ResourceLinkClaims): string | undefined {
  const v = claims[`${LTI}custom`]?.lesson;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

export function ltiRoutes(deps: LtiRouteDeps) {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  const launchUrl = `${deps.publicUrl}/lti/launch`;

  async function login(req: Request, res: Response) {
    const params = req.method === 'POST' ? req.body : req.query;
    const { redirectUrl } = await startLogin({ platforms: deps.platforms, states: deps.states, launchUrl }, params);
    res.redirect(302, redirectUrl);
  }
  router.get('/login', login);
  router.post('/login', form, login);

  router.get('/keys', async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(await deps.keys.jwks());
  });

  router.post('/launch', form, async (req, res) => {
    const launch = await validateLaunch(deps, req.body);
    const claims = launch.claims;
    if (claims[`${LTI}message_type`] === 'LtiDeepLinkingRequest') return deepLinkingLaunch(req, res, launch);
    const rl = claims as ResourceLinkClaims;
    const role = roleKind(rl[`${LTI}roles`]);
    if (!role) throw new LtiError('no_role', 'the launch carries no role this tool serves', 403);
    const lng = negotiateLocale(rl[`${LTI}launch_presentation`]?.locale, req.get('accept-language'));

    const lessonId = customLesson(rl);
    if (!lessonId && role !== 'admin') throw new LtiError('lesson_missing', 'the activity has no lesson=<id> custom parameter');
    const lesson = lessonId ? deps.catalog.latest(lessonId) : undefined;
    if (lessonId && !lesson) throw new LtiError('lesson_unknown', `no lesson ${lessonId} in the catalogue`, 404);

    const ags = rl[AGS_ENDPOINT];
    const { userId, contextId, assignmentId } = await deps.db.transaction(async (tx) => {
      const p = await provisionLaunch(tx, launch);
      if (!lesson) return { ...p, assignmentId: undefined };
      const assignment = await createAssignmentRepository(tx).ensure({
        deploymentId: launch.deployment.id, contextId: p.contextId, resourceLinkId: rl[`${LTI}resource_link`].id,
        title: rl[`${LTI}resource_link`].title ?? null, lessonId: lesson.manifest.id, lessonVersion: lesson.manifest.version,
        lineItemUrl: ags?.lineitem ?? null, lineItemsUrl: ags?.lineitems ?? null, agsScopes: ags?.scope ?? [],
      });
      await ensureStats(tx, assignment, lesson.manifest.ageBands[0] ?? 'B');
      return { ...p, assignmentId: assignment.id };
    });

    const token = await deps.sessions.issue({ uid: userId, dep: launch.deployment.id, ctx: contextId, asg: assignmentId, role, lng });
    const q = `s=${encodeURIComponent(token)}`;
    res.locals.log.info({ deployment: launch.deployment.id, assignment: assignmentId, role }, 'launch accepted');
    if (role === 'instructor') return res.redirect(303, `/teach/assignments/${assignmentId}?${q}`);
    if (role === 'admin') return res.redirect(303, `/school?${q}`);
    const assignment = (await deps.learning.assignments.byId(assignmentId!))!;
    const attempt = await deps.learning.current(assignment, userId);
    if (attempt.status === 'submitted') return res.redirect(303, `/attempts/${attempt.id}/result?${q}`);
    return res.redirect(303, `/play/${attempt.id}?${q}`);
  });

  /** Deep Linking 2.0 §4.4: a teacher adding an activity; the library sends the choice back. */
  async function deepLinkingLaunch(req: Request, res: Response, launch: ValidatedLaunch) {
    const c = launch.claims as DeepLinkingClaims;
    const role = roleKind(c[`${LTI}roles`]);
    if (role !== 'instructor' && role !== 'admin') throw new LtiError('no_role', 'only teachers and administrators add activities', 403);
    const settings = c[DL_SETTINGS];
    if (!settings.accept_types.includes('ltiResourceLink')) throw new LtiError('unsupported_message', 'the LMS does not accept LTI resource links here');
    const lng = negotiateLocale(c[`${LTI}launch_presentation`]?.locale, req.get('accept-language'));
    const { userId, contextId } = await deps.db.transaction((tx) => provisionLaunch(tx, launch));
    const token = await deps.sessions.issue({
      uid: userId, dep: launch.deployment.id, ctx: contextId, role, lng,
      dl: { ret: settings.deep_link_return_url, data: settings.data, multiple: settings.accept_multiple ?? true, pid: launch.platform.id, lineItems: settings.accept_lineitem ?? true },
    });
    res.locals.log.info({ deployment: launch.deployment.id, role }, 'deep linking launch accepted');
    res.redirect(303, `/library?s=${encodeURIComponent(token)}`);
  }

  router.all('/launch', () => { throw new AppError('bad_request', 405, 'launches are form posts'); });
  return router;
}
