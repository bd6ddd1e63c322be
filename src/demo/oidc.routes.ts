/**
 * The OIDC authorization endpoint (LTI 1.3 Core §5.1.1; 1EdTech Security Framework §5.1.1.2–3):
 * the tool sends the browser here after a third-party-initiated login; the platform checks the
 * request against the registration and the server-side launch handle, then answers with an
 * auto-submitting form that POSTs the signed id_token and the state to the redirect URI.
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { DemoContext } from './demo.types';
import type { DemoDeps } from './deps';
import { deepLinkingClaims, resourceLinkClaims } from './messages';
import { MESSAGE_TYPE, ROLE } from './lti-vocab';

const ID_TOKEN_TTL_SECONDS = 5 * 60;

const authRequest = z.object({
  scope: z.string(),
  response_type: z.string(),
  response_mode: z.string(),
  prompt: z.string(),
  client_id: z.string().min(1),
  redirect_uri: z.string().min(1),
  login_hint: z.string().min(1),
  lti_message_hint: z.string().min(1),
  state: z.string().min(1),
  nonce: z.string().min(1),
});

class AuthError extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

export function oidcRoutes(deps: DemoDeps): Router {
  const { store, urls, signer, handles, deepLinks, render, logger } = deps;
  const router = Router();

  async function authorize(req: Request, res: Response) {
    const input = req.method === 'POST' ? req.body : req.query;
    try {
      const parsed = authRequest.safeParse(input ?? {});
      if (!parsed.success) {
        const missing = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
        throw new AuthError('invalid_request', `Missing or malformed parameter(s): ${missing}.`);
      }
      const p = parsed.data;
      // OIDC Core §3.1.2.1 as profiled by the 1EdTech Security Framework §5.1.1.2.
      if (!p.scope.split(' ').includes('openid')) throw new AuthError('invalid_scope', 'scope must be "openid".');
      if (p.response_type !== 'id_token') throw new AuthError('unsupported_response_type', 'response_type must be "id_token".');
      if (p.response_mode !== 'form_post') throw new AuthError('invalid_request', 'response_mode must be "form_post".');
      if (p.prompt !== 'none') throw new AuthError('invalid_request', 'prompt must be "none".');
      const data = store.data();
      const tool = data.tools.find((t) => t.clientId === p.client_id);
      if (!tool) throw new AuthError('unauthorized_client', 'Unknown client_id.');
      if (!tool.redirectUris.includes(p.redirect_uri)) {
        throw new AuthError('invalid_request', 'redirect_uri is not registered for this client.');
      }
      const handle = handles.get(p.lti_message_hint);
      if (!handle || handle.toolClientId !== tool.clientId) {
        throw new AuthError('invalid_request', 'lti_message_hint is unknown or expired: start the launch again from the LMS.');
      }
      if (handle.userId !== p.login_hint) throw new AuthError('login_required', 'login_hint does not match the launch.');
      const person = data.people.find((x) => x.id === handle.userId);
      const context: DemoContext | undefined = data.contexts.find((c) => c.id === handle.contextId);
      const membership = data.memberships.find((m) => m.contextId === handle.contextId && m.userId === handle.userId && m.status === 'Active');
      if (!person || !context || !membership) throw new AuthError('access_denied', 'This person is no longer a member of this class.');
      const subject = { handle, person, context, tool, contextRoles: membership.roles };
      let claims;
      if (handle.messageType === MESSAGE_TYPE.deepLinking) {
        // Only the class's teachers add activities.
        if (!membership.roles.includes(ROLE.instructor)) throw new AuthError('access_denied', 'Only a teacher of this class can add activities.');
        const dlData = deepLinks.issue({
          toolClientId: tool.clientId, deploymentId: data.school.deploymentId, contextId: context.id, userId: person.id, locale: handle.locale,
        });
        claims = deepLinkingClaims(data, urls, subject, p.nonce, dlData);
        logger.info({ contextId: context.id }, 'demo LMS: deep linking request issued');
      } else {
        const link = data.resourceLinks.find((l) => l.id === handle.resourceLinkId && l.contextId === handle.contextId);
        if (!link) throw new AuthError('access_denied', 'This activity no longer exists.');
        claims = resourceLinkClaims(data, urls, { ...subject, link }, p.nonce);
        logger.info({ resourceLinkId: link.id, contextId: context.id }, 'demo LMS: id_token issued');
      }
      const idToken = await signer.sign(claims, ID_TOKEN_TTL_SECONDS);
      res.set('Cache-Control', 'no-store').type('html')
        .send(render.page('form-post', { base: urls.base, action: p.redirect_uri, idToken, state: p.state }, { layout: false }));
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      logger.warn({ error: err.code }, 'demo LMS: authorization request refused');
      res.status(400).set('Cache-Control', 'no-store').type('html').send(render.page('error', {
        base: urls.base, title: 'Launch refused', message: err.message, detail: `OIDC error: ${err.code}`,
      }));
    }
  }

  router.get('/auth', authorize);
  router.post('/auth', express.urlencoded({ extended: false, limit: '32kb' }), authorize);
  return router;
}
