/**
 * LTI Dynamic Registration 1.0, the platform side of the demo LMS:
 * GET  /admin/tools                      → "LMS administration → External tools": the registered
 *      tools and a "Register a tool by URL" form
 * POST /admin/tools/register             → frames the tool's registration URL with
 *      openid_configuration and a single-use registration_token (§3.3); a script waits for the
 *      tool's {subject: 'org.imsglobal.lti.close'} (§3.7) and returns to the tools list
 * GET  /.well-known/openid-configuration → the platform configuration (§3.4, §4.1)
 * POST /registrations                    → the registration endpoint (§3.5–3.6): bearer token,
 *      tool configuration checked, a new client id; the deployment is the demo school's
 */
import crypto from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { DemoToolRegistration } from './demo.types';
import type { DemoDeps } from './deps';
import { KNOWN_SCOPES } from './lti-vocab';
import { createRegistrationTokens } from './registration-tokens';
import { openidConfiguration, TOOL_CONFIG, ToolRegistration } from './registration.schemas';
import { withQuery } from './urls';

const startBody = z.object({ url: z.url({ protocol: /^https?$/ }).max(2000) });

export function registrationRoutes(deps: DemoDeps): Router {
  const { store, urls, render, logger } = deps;
  const router = Router();
  const tokens = createRegistrationTokens();
  const origin = new URL(urls.root).origin;
  const configUrl = `${urls.base}/.well-known/openid-configuration`;
  const html = (res: Response, status: number, name: string, model: Record<string, unknown>) =>
    res.status(status).set('Cache-Control', 'no-store').type('html').send(render.page(name, { base: urls.base, ...model }));
  // A light CSRF guard, as on the fault switch: a browser always sends Origin on a cross-site POST.
  const sameOrigin = (req: Request) => { const o = req.get('origin'); return o === undefined || o === origin; };

  router.get('/.well-known/openid-configuration', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(openidConfiguration(urls));
  });

  router.get('/admin/tools', (req, res) => {
    const registered = typeof req.query.registered === 'string' ? tokens.resultOf(req.query.registered) : undefined;
    const data = store.data();
    const tools = data.tools.map((t) => ({
      name: t.name, clientId: t.clientId, dynamic: t.origin === 'dynamic', isNew: t.clientId === registered,
      deploymentIds: t.deploymentIds.join(', '), loginUrl: t.loginUrl, keysetUrl: t.keysetUrl, targetLinkUri: t.targetLinkUri,
    }));
    html(res, 200, 'registration-tools', {
      title: 'External tools', tools, newTool: tools.find((t) => t.isNew),
      defaultUrl: `${urls.root}/lti/register`, action: `${urls.base}/admin/tools/register`,
      attempted: typeof req.query.registered === 'string' && !registered,
    });
  });

  router.post('/admin/tools/register', express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    if (!sameOrigin(req)) return html(res, 403, 'error', { title: 'Refused', message: 'Cross-origin request refused.' });
    const parsed = startBody.safeParse(req.body ?? {});
    if (!parsed.success) return html(res, 400, 'error', { title: 'Not a registration URL', message: 'Paste the tool\'s registration URL (http or https).' });
    const { token, attempt } = tokens.issue();
    // §3.3: the registration initiation is the tool's URL with these two parameters.
    const src = withQuery(parsed.data.url, { openid_configuration: configUrl, registration_token: token });
    const toolOrigin = new URL(parsed.data.url).origin;
    // The tool may live on another origin: let this page frame it (and nothing else new).
    const csp = res.getHeader('Content-Security-Policy');
    if (typeof csp === 'string') res.setHeader('Content-Security-Policy', csp.replace(/frame-src [^;]*/, `frame-src 'self' ${toolOrigin}`));
    logger.info({ tool: toolOrigin }, 'demo LMS: registration started');
    html(res, 200, 'registration-frame', {
      title: 'Register a tool', src, toolOrigin, returnUrl: withQuery(`${urls.base}/admin/tools`, { registered: attempt }),
      toolsHref: `${urls.base}/admin/tools`,
    });
  });

  router.post('/registrations', express.json({ limit: '64kb' }), async (req, res) => {
    const fail = (status: number, error: string, description: string) => {
      logger.warn({ error }, 'demo LMS: registration refused');
      if (status === 401) res.set('WWW-Authenticate', `Bearer error="${error}"`);
      res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
    };
    const auth = /^Bearer (\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!auth || !tokens.valid(auth)) return fail(401, 'invalid_token', 'The registration token is missing, unknown, expired or already used.');
    if (!req.is('application/json')) return fail(400, 'invalid_client_metadata', 'The registration must be application/json.');
    const parsed = ToolRegistration.safeParse(req.body ?? {});
    if (!parsed.success) {
      return fail(400, 'invalid_client_metadata', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    }
    const r = parsed.data;
    const clientId = `dyn-${crypto.randomBytes(8).toString('hex')}`;
    if (!tokens.consume(auth, clientId)) return fail(401, 'invalid_token', 'The registration token was used meanwhile.');
    // The demo school is the one deployment (launches carry the school's deployment_id).
    const deploymentId = store.data().school.deploymentId;
    const tool: DemoToolRegistration = {
      clientId, name: r.client_name, origin: 'dynamic', loginUrl: r.initiate_login_uri, redirectUris: r.redirect_uris,
      targetLinkUri: r[TOOL_CONFIG].target_link_uri, keysetUrl: r.jwks_uri, deploymentIds: [deploymentId],
    };
    await store.update((d) => { d.tools.push(tool); });
    const granted = r.scope.split(/\s+/).filter((s) => KNOWN_SCOPES.includes(s));
    logger.info({ clientId, scopes: granted.length }, 'demo LMS: tool registered dynamically');
    // §3.6: the registration echoed, with the client id, the granted scopes and the deployment.
    res.status(201).set('Cache-Control', 'no-store').json({
      ...r, client_id: clientId, scope: granted.join(' '),
      [TOOL_CONFIG]: { ...r[TOOL_CONFIG], deployment_id: deploymentId },
    });
  });
  return router;
}
