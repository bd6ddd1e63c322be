/**
 * Adding activities with Deep Linking 2.0, the platform side:
 * GET  /classes/:classId/add-activity?user=&locale=  → a page framing the tool, started by a
 *      third-party-initiated login whose `lti_message_hint` names a deep-linking launch
 * POST /deep-link-return                              → the tool's response (`JWT` form field):
 *      verified (deep-link-response.ts), then one resource link per ltiResourceLink item and a
 *      gradebook column for each item with a `lineItem`, all in one save; answers a page meant
 *      for the tool's frame ("N activities added"); anything wrong is a 400 page and adds nothing
 * POST /classes/:classId/activities/:linkId/remove    → removes an activity added by deep
 *      linking, with its line item and scores
 */
import crypto from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { DeepLinkError, verifyDeepLinkResponse } from './deep-link-response';
import { newLineItemId } from './demo-seed';
import type { DemoLineItem, DemoResourceLink } from './demo.types';
import type { DemoDeps } from './deps';
import { MESSAGE_TYPE, ROLE } from './lti-vocab';
import { withQuery } from './urls';

const addQuery = z.object({
  user: z.string().min(1).max(100),
  locale: z.enum(['vi', 'en']).default('vi'),
});
const returnBody = z.object({ JWT: z.string().min(1).max(200_000) });

export function deepLinkingRoutes(deps: DemoDeps): Router {
  const { store, urls, render, handles, deepLinks, toolKeysets, logger } = deps;
  const router = Router();
  const origin = new URL(urls.root).origin;
  const html = (res: Response, status: number, name: string, model: Record<string, unknown>) =>
    res.status(status).set('Cache-Control', 'no-store').type('html').send(render.page(name, { base: urls.base, ...model }));
  const classHref = (contextId: string, locale: string) => withQuery(urls.classPage(contextId), { locale });

  router.get('/classes/:classId/add-activity', (req, res) => {
    const data = store.data();
    const context = data.contexts.find((c) => c.id === req.params.classId && c.kind === 'class');
    if (!context) return html(res, 404, 'error', { title: 'Not found', message: 'There is no such class in the demo school.' });
    const parsed = addQuery.safeParse(req.query);
    if (!parsed.success) return html(res, 400, 'error', { title: 'Cannot add an activity', message: 'Adding an activity needs the teacher (user).' });
    const { user, locale } = parsed.data;
    const person = data.people.find((p) => p.id === user);
    const membership = data.memberships.find((m) => m.contextId === context.id && m.userId === user && m.status === 'Active');
    const tool = data.tools.find((t) => t.origin === 'builtin');
    if (!person || !membership?.roles.includes(ROLE.instructor)) {
      return html(res, 403, 'error', { title: 'Not a teacher of this class', message: `Only a teacher of ${context.title} can add activities.` });
    }
    if (!tool) return html(res, 404, 'error', { title: 'No tool', message: 'No LTI tool is registered.' });
    const hint = handles.create({ messageType: MESSAGE_TYPE.deepLinking, userId: person.id, contextId: context.id, locale, toolClientId: tool.clientId });
    // Third-party initiated login (LTI 1.3 Core §4.1); the hint says it is a deep-linking launch.
    const loginUrl = withQuery(tool.loginUrl, {
      iss: urls.issuer,
      login_hint: person.id,
      target_link_uri: tool.targetLinkUri,
      lti_message_hint: hint,
      client_id: tool.clientId,
      lti_deployment_id: data.school.deploymentId,
    });
    html(res, 200, 'add-activity', {
      title: `Add an activity — ${context.title}`,
      school: data.school.name,
      contextTitle: context.title,
      contextHref: classHref(context.id, locale),
      toolName: tool.name,
      personName: person.displayName,
      locale,
      loginUrl,
    });
  });

  router.post('/deep-link-return', express.urlencoded({ extended: false, limit: '256kb' }), async (req, res) => {
    const refuse = (err: DeepLinkError) => {
      logger.warn({ error: err.code }, 'demo LMS: deep linking response refused');
      const back = err.request ? { backHref: classHref(err.request.contextId, err.request.locale), backLabel: 'Back to the class' } : {};
      html(res, 400, 'error', {
        title: 'No activity added', message: err.message, detail: `Deep Linking error: ${err.code}`, framed: true, ...back,
      });
    };
    const body = returnBody.safeParse(req.body ?? {});
    if (!body.success) return refuse(new DeepLinkError('invalid_request', 'The tool must post its response in a form field named JWT.'));
    const data = store.data();
    let verified;
    try {
      verified = await verifyDeepLinkResponse(body.data.JWT, {
        tools: data.tools, keyset: (t) => toolKeysets.get(t.keysetUrl), issuer: urls.issuer,
        deploymentId: data.school.deploymentId, requests: deepLinks,
      });
    } catch (err) {
      if (err instanceof DeepLinkError) return refuse(err);
      throw err;
    }
    const { request, items, msg } = verified;
    const context = data.contexts.find((c) => c.id === request.contextId);
    const tool = data.tools.find((t) => t.clientId === request.toolClientId);
    if (!context || !tool) return refuse(new DeepLinkError('gone', 'The class or the tool no longer exists.', request));
    if (!deepLinks.consume(verified.data)) return refuse(new DeepLinkError('bad_data', 'This request has already been answered (data).', request));

    const now = new Date().toISOString();
    const links: DemoResourceLink[] = [];
    const lineItems: DemoLineItem[] = [];
    for (const item of items) {
      const id = `rl-dl-${crypto.randomBytes(6).toString('hex')}`;
      const title = item.title || item.lineItem?.label || 'First Shield activity';
      const link: DemoResourceLink = {
        id, contextId: context.id, toolClientId: tool.clientId, title, purpose: 'lesson', origin: 'deep-linking',
        // Left unset when it is the tool's launch URL, so it follows the tool's public URL.
        ...(item.url && item.url !== tool.targetLinkUri ? { targetLinkUri: item.url } : {}),
        ...(item.text ? { text: item.text } : {}),
        custom: { ...item.custom }, createdBy: request.userId, createdAt: now,
      };
      if (item.lineItem) {
        const li: DemoLineItem = {
          id: newLineItemId(), contextId: context.id, scoreMaximum: item.lineItem.scoreMaximum,
          label: item.lineItem.label ?? title, resourceId: item.lineItem.resourceId, tag: item.lineItem.tag,
          gradesReleased: item.lineItem.gradesReleased, resourceLinkId: id, createdBy: 'deep-linking',
        };
        link.lineItemId = li.id;
        lineItems.push(li);
      }
      links.push(link);
    }
    await store.update((d) => { d.resourceLinks.push(...links); d.lineItems.push(...lineItems); });
    logger.info({ contextId: context.id, links: links.length, lineItems: lineItems.length }, 'demo LMS: activities added by deep linking');
    html(res, 200, 'activities-added', {
      title: `${links.length} ${links.length === 1 ? 'activity' : 'activities'} added`,
      framed: true,
      msg,
      contextTitle: context.title,
      classHref: classHref(context.id, request.locale),
      gradebookHref: withQuery(`${urls.classPage(context.id)}/gradebook`, { locale: request.locale }),
      activities: links.map((l) => ({
        title: l.title, lesson: l.custom.lesson ?? '',
        column: lineItems.find((li) => li.id === l.lineItemId)?.label,
        scoreMaximum: lineItems.find((li) => li.id === l.lineItemId)?.scoreMaximum,
      })),
    });
  });

  router.post('/classes/:classId/activities/:linkId/remove', express.urlencoded({ extended: false, limit: '4kb' }), async (req: Request, res: Response) => {
    // A light CSRF guard for a demo page: a browser always sends Origin on a cross-site POST.
    const o = req.get('origin');
    if (o !== undefined && o !== origin) return html(res, 403, 'error', { title: 'Forbidden', message: 'Cross-origin request refused.' });
    const { classId, linkId } = req.params as { classId: string; linkId: string };
    const link = store.data().resourceLinks.find((l) => l.id === linkId && l.contextId === classId);
    if (!link) return html(res, 404, 'error', { title: 'Not found', message: 'There is no such activity in this class.' });
    if (link.origin !== 'deep-linking') {
      return html(res, 400, 'error', { title: 'Cannot remove', message: 'Only activities added through “Add a First Shield activity” can be removed.' });
    }
    await store.update((d) => {
      d.resourceLinks = d.resourceLinks.filter((l) => l.id !== link.id);
      const gone = new Set(d.lineItems.filter((li) => li.id === link.lineItemId || li.resourceLinkId === link.id).map((li) => li.id));
      d.lineItems = d.lineItems.filter((li) => !gone.has(li.id));
      d.scores = d.scores.filter((s) => !gone.has(s.lineItemId));
    });
    logger.info({ contextId: classId, resourceLinkId: link.id }, 'demo LMS: activity removed');
    res.redirect(303, classHref(classId, req.query.locale === 'en' ? 'en' : 'vi'));
  });
  return router;
}
