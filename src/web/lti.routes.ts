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
import { ageBandOf, createAssignmentRepository, ensureStats, type Learning } from '../learning';
import { createI18n, type I18n } from '../i18n';
import { projectPaths } from '../paths';
import { createStateBinding, splitState, storageKey } from '../lti/state-binding';
import { createViewRenderer, type ViewRenderer } from './views';
import { decodeJwt } from 'jose';

export interface LtiRouteDeps {
  db: Db; catalog: Catalog; learning: Learning; platforms: PlatformRepository; states: LoginStateRepository;
  keysets: KeysetCache; keys: ToolKeys; sessions: SessionTokens; publicUrl: string;
  /** Renderer and i18n for the login/launch pages; built from the project folders when absent. */
  views?: ViewRenderer; i18n?: I18n;
  /** A launch named LMS origins not seen before (the page framing the tool): allow them now. */
  onOriginsLearned?: (origins: string[]) => void;
}

function customLesson(claims: ResourceLinkClaims): string | undefined {
  const v = claims[`${LTI}custom`]?.lesson;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

export function ltiRoutes(deps: LtiRouteDeps) {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  const launchUrl = `${deps.publicUrl}/lti/launch`;
  const toolOrigin = new URL(deps.publicUrl).origin;
  const binding = createStateBinding({ secret: deps.keys.sessionSecret, publicUrl: deps.publicUrl });
  let pages: Promise<{ views: ViewRenderer; i18n: I18n }> | undefined;
  function renderer() {
    if (deps.views && deps.i18n) return Promise.resolve({ views: deps.views, i18n: deps.i18n });
    return (pages ??= createI18n(projectPaths().locales).then((i18n) => ({ i18n, views: createViewRenderer({ viewsDir: projectPaths().views, i18n, cache: true }) })));
  }
  async function page(req: Request, res: Response, status: number, name: string, model: Record<string, unknown>, locale?: string) {
    const { views, i18n } = await renderer();
    const lng = negotiateLocale(typeof req.query.lang === 'string' ? req.query.lang : undefined, locale, req.get('accept-language'));
    const title = i18n.getFixedT(lng)(`lti:${name}.title`);
    res.status(status).set('Cache-Control', 'no-store').type('html')
      .send(views.render(`pages/${name}`, { ...model, requestId: res.locals.requestId }, { locale: lng, title }));
  }
  /** A valid launch that nothing ties to this browser: refused, the state already spent. */
  async function refuseUnbound(req: Request, res: Response, locale?: string) {
    res.locals.log.warn({ code: 'launch_unbound' }, 'launch refused: not bound to the browser that started the login');
    if (!req.accepts('html') && req.accepts('json')) {
      return res.status(403).type('application/problem+json').set('Cache-Control', 'no-store').send(JSON.stringify({
        type: 'https://first-shield.org/problems/launch_unbound', title: 'launch not bound to this browser', status: 403, code: 'launch_unbound', requestId: res.locals.requestId,
      }));
    }
    return page(req, res, 403, 'lti-unbound', {}, locale);
  }
  const restartUrl = (params: Record<string, string>) => `/lti/login?${new URLSearchParams(params).toString()}`;

  /**
   * OIDC login initiation. Browser binding, in order of preference: LTI Platform Storage when
   * the platform names a storage target (Platform Storage v0.1 §"OIDC login"), else a cookie;
   * in a frame the cookie is checked by a round trip before going to the platform, and when it
   * did not stick the user gets an "open in a new window" page (first-party cookies work there).
   */
  async function login(req: Request, res: Response) {
    const params = req.method === 'POST' ? req.body : req.query;
    const start = await startLogin({ platforms: deps.platforms, states: deps.states, launchUrl }, params);
    if (start.storageTarget) {
      return page(req, res, 200, 'lti-storage-login', {
        target: start.storageTarget, platformOrigin: start.platformOrigin, key: storageKey(start.state),
        value: await binding.value(start.state, 'storage'), redirectUrl: start.redirectUrl, fallbackUrl: restartUrl(start.restartParams),
      });
    }
    res.append('Set-Cookie', await binding.setCookie(start.state));
    const dest = req.get('sec-fetch-dest');
    if (dest === 'iframe' || dest === 'frame') {
      const t = await binding.seal({ s: start.state, to: start.redirectUrl, p: start.restartParams });
      return res.set('Cache-Control', 'no-store').redirect(302, `/lti/login/check?t=${encodeURIComponent(t)}`);
    }
    res.redirect(302, start.redirectUrl);
  }
  router.get('/login', login);
  router.post('/login', form, login);

  router.get('/login/check', async (req, res) => {
    const data = await binding.open<{ s: string; to: string; p: Record<string, string> }>(req.query.t);
    if (!data) throw new LtiError('launch_expired', 'the login check expired or was altered');
    if (await binding.verify(data.s, 'cookie', binding.readCookie(req.get('cookie'), data.s))) {
      return res.set('Cache-Control', 'no-store').redirect(302, data.to);
    }
    res.locals.log.info({ code: 'cookie_blocked' }, 'login: the binding cookie did not come back in the frame; offering a new window');
    return page(req, res, 200, 'lti-new-window', { restartUrl: restartUrl(data.p) });
  });

  router.get('/keys', async (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(await deps.keys.jwks());
  });

  /**
   * The launch (LTI 1.3 Core §5.1.1.3). Step 0, before the pipeline in src/lti/launch.ts: the
   * state must be bound to this browser, by the cookie, or by Platform Storage through the page
   * below and /launch/complete. With no binding at all the pipeline still runs (so a broken
   * launch gets its precise refusal and the state is spent), then the launch is refused.
   */
  router.post('/launch', form, async (req, res) => {
    const raw = typeof req.body?.state === 'string' ? req.body.state : '';
    const { state, storageTarget } = splitState(raw);
    const body = { ...req.body, state: raw ? state : undefined };
    const cookie = state ? binding.readCookie(req.get('cookie'), state) : undefined;
    if (cookie !== undefined) {
      if (!(await binding.verify(state, 'cookie', cookie))) {
        await deps.states.consume(state);
        return refuseUnbound(req, res);
      }
      return respond(req, res, await validateLaunch(deps, body));
    }
    const idToken = typeof req.body?.id_token === 'string' ? req.body.id_token : '';
    const unverified = storageTarget && idToken ? peek(idToken) : undefined;
    const platform = unverified ? await deps.platforms.find(unverified.iss, unverified.aud) : undefined;
    if (storageTarget && platform) {
      return page(req, res, 200, 'lti-storage-launch', {
        target: storageTarget, platformOrigin: new URL(platform.authUrl).origin, key: storageKey(state), idToken, state,
      }, unverified?.locale);
    }
    await validateLaunch(deps, body);
    return refuseUnbound(req, res, unverified?.locale);
  });

  /**
   * End of the Platform Storage path: the launch page read the value back from the platform
   * (lti.get_data) and posts it here with fetch. Same-origin JSON only: a cross-site form cannot
   * send it, so another site cannot replay a value it read in its own browser.
   */
  router.post('/launch/complete', express.json({ limit: '64kb' }), async (req, res) => {
    const site = req.get('sec-fetch-site');
    if (!req.is('application/json') || req.get('origin') !== toolOrigin || (site && site !== 'same-origin')) {
      throw new LtiError('launch_invalid', 'the launch completion must come from the tool page', 403);
    }
    const { id_token: idToken, state, value } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof state === 'string' && state && !(await binding.verify(state, 'storage', value))) {
      await deps.states.consume(state);
      return refuseUnbound(req, res);
    }
    res.locals.ltiJson = true;
    return respond(req, res, await validateLaunch(deps, { id_token: idToken, state }));
  });

  /** Where the browser goes next: a 303 for the form post, JSON for the storage page's fetch. */
  function go(res: Response, url: string) {
    if (res.locals.ltiJson) return res.set('Cache-Control', 'no-store').json({ location: url });
    return res.redirect(303, url);
  }

  async function respond(req: Request, res: Response, launch: ValidatedLaunch) {
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
    const { userId, contextId, assignmentId, newOrigins } = await deps.db.transaction(async (tx) => {
      const p = await provisionLaunch(tx, launch);
      if (!lesson) return { ...p, assignmentId: undefined };
      const assignment = await createAssignmentRepository(tx).ensure({
        deploymentId: launch.deployment.id, contextId: p.contextId, resourceLinkId: rl[`${LTI}resource_link`].id,
        title: rl[`${LTI}resource_link`].title ?? null, lessonId: lesson.manifest.id, lessonVersion: lesson.manifest.version,
        lineItemUrl: ags?.lineitem ?? null, lineItemsUrl: ags?.lineitems ?? null, agsScopes: ags?.scope ?? [],
      });
      await ensureStats(tx, assignment, ageBandOf(lesson));
      return { ...p, assignmentId: assignment.id };
    });

    if (newOrigins.length) deps.onOriginsLearned?.(newOrigins);
    const token = await deps.sessions.issue({ uid: userId, dep: launch.deployment.id, ctx: contextId, asg: assignmentId, role, lng });
    const q = `s=${encodeURIComponent(token)}`;
    res.locals.log.info({ deployment: launch.deployment.id, assignment: assignmentId, role }, 'launch accepted');
    if (role === 'instructor') return go(res, `/teach/assignments/${assignmentId}?${q}`);
    if (role === 'admin') return go(res, `/school?${q}`);
    const assignment = (await deps.learning.assignments.byId(assignmentId!))!;
    const attempt = await deps.learning.current(assignment, userId);
    if (attempt.status === 'submitted') return go(res, `/attempts/${attempt.id}/result?${q}`);
    return go(res, `/play/${attempt.id}?${q}`);
  }

  /** Deep Linking 2.0 §4.4: a teacher adding an activity; the library sends the choice back. */
  async function deepLinkingLaunch(req: Request, res: Response, launch: ValidatedLaunch) {
    const c = launch.claims as DeepLinkingClaims;
    const role = roleKind(c[`${LTI}roles`]);
    if (role !== 'instructor' && role !== 'admin') throw new LtiError('no_role', 'only teachers and administrators add activities', 403);
    const settings = c[DL_SETTINGS];
    if (!settings.accept_types.includes('ltiResourceLink')) throw new LtiError('unsupported_message', 'the LMS does not accept LTI resource links here');
    const lng = negotiateLocale(c[`${LTI}launch_presentation`]?.locale, req.get('accept-language'));
    const { userId, contextId, newOrigins } = await deps.db.transaction((tx) => provisionLaunch(tx, launch));
    if (newOrigins.length) deps.onOriginsLearned?.(newOrigins);
    const token = await deps.sessions.issue({
      uid: userId, dep: launch.deployment.id, ctx: contextId, role, lng,
      dl: { ret: settings.deep_link_return_url, data: settings.data, multiple: settings.accept_multiple ?? true, pid: launch.platform.id, lineItems: settings.accept_lineitem ?? true },
    });
    res.locals.log.info({ deployment: launch.deployment.id, role }, 'deep linking launch accepted');
    go(res, `/library?s=${encodeURIComponent(token)}`);
  }

  router.all('/launch', () => { throw new AppError('bad_request', 405, 'launches are form posts'); });
  return router;
}

/** Unverified look at an id_token, only to pick the platform origin and page language (the pipeline verifies). */
function peek(idToken: string): { iss: string; aud: string; locale?: string } | undefined {
  try {
    const p = decodeJwt(idToken);
    const aud = Array.isArray(p.aud) ? p.aud[0] : p.aud;
    const lp = p[`${LTI}launch_presentation`] as { locale?: unknown } | undefined;
    if (typeof p.iss !== 'string' || typeof aud !== 'string') return undefined;
    return { iss: p.iss, aud, locale: typeof lp?.locale === 'string' ? lp.locale : undefined };
  } catch {
    return undefined;
  }
}
