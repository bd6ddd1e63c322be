/**
 * The LMS pages: the school home, a class, the activity page that frames the tool (third-party
 * initiated login, LTI 1.3 Core §4.1), and the gradebook fed by AGS.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { DemoDeps } from './deps';
import { MESSAGE_TYPE, ROLE } from './lti-vocab';
import { withQuery } from './urls';
import { classModel, gradebookModel, homeModel, type DemoLocale } from './view-models';

const launchQuery = z.object({
  link: z.string().min(1),
  user: z.string().min(1),
  locale: z.enum(['vi', 'en']).default('vi'),
});

/** Name of the hidden platform-storage frame on the launch page (the `lti_storage_target`). */
const STORAGE_FRAME = 'lti_storage_frame';

function localeOf(req: Request): DemoLocale {
  return req.query.locale === 'en' ? 'en' : 'vi';
}

export function pagesRoutes(deps: DemoDeps): Router {
  const { store, urls, render, handles } = deps;
  const router = Router();
  const html = (res: Response, status: number, name: string, model: Record<string, unknown>) =>
    res.status(status).set('Cache-Control', 'no-store').type('html').send(render.page(name, { base: urls.base, ...model }));
  const notFound = (res: Response, message: string) => html(res, 404, 'error', { title: 'Not found', message });

  router.get('/', (req, res) => {
    html(res, 200, 'home', homeModel(store.data(), urls, localeOf(req)));
  });

  router.get('/classes/:classId', (req, res) => {
    const data = store.data();
    const context = data.contexts.find((c) => c.id === req.params.classId && c.kind === 'class');
    if (!context) return notFound(res, 'There is no such class in the demo school.');
    const model = classModel(data, urls, context, localeOf(req));
    html(res, 200, 'class', { ...model, title: context.title, school: data.school.name, classModel: model });
  });

  router.get('/classes/:classId/gradebook', (req, res) => {
    const data = store.data();
    const context = data.contexts.find((c) => c.id === req.params.classId && c.kind === 'class');
    if (!context) return notFound(res, 'There is no such class in the demo school.');
    html(res, 200, 'gradebook', { ...gradebookModel(data, urls, context, localeOf(req)), school: data.school.name });
  });

  router.get('/launch', (req, res) => {
    const toolOrigin = new URL(urls.toolLogin).origin;
    const platformOrigin = new URL(urls.base).origin;
    // LTI Platform Storage v0.1: values live at the platform's origin (the one its OIDC auth URL
    // has). When this page is opened on another origin, a hidden frame on the platform origin
    // answers instead (named target, as Canvas's post_message_forwarding does).
    if (req.query.frame === 'storage') {
      return html(res, 200, 'launch', { title: 'Platform storage', framed: true, storageFrame: true, toolOrigin, storageTarget: STORAGE_FRAME });
    }
    const pageOrigin = `${req.protocol}://${req.get('host')}`;
    const storage = req.query.storage !== 'off';
    const storageTarget = !storage ? undefined : pageOrigin === platformOrigin ? '_parent' : STORAGE_FRAME;
    const parsed = launchQuery.safeParse(req.query);
    if (!parsed.success) return html(res, 400, 'error', { title: 'Cannot launch', message: 'A launch needs a link and a user.' });
    const { link: linkId, user, locale } = parsed.data;
    const data = store.data();
    const link = data.resourceLinks.find((l) => l.id === linkId);
    const person = data.people.find((p) => p.id === user);
    const context = link && data.contexts.find((c) => c.id === link.contextId);
    const tool = link && data.tools.find((t) => t.clientId === link.toolClientId);
    const membership = link && data.memberships.find((m) => m.contextId === link.contextId && m.userId === user && m.status === 'Active');
    if (!link || !person || !context || !tool) return notFound(res, 'There is no such activity or person in the demo school.');
    if (!membership) return html(res, 403, 'error', { title: 'Not enrolled', message: `${person.displayName} is not a member of ${context.title}.` });
    const hint = handles.create({
      messageType: MESSAGE_TYPE.resourceLink, userId: person.id, contextId: context.id,
      resourceLinkId: link.id, locale, toolClientId: tool.clientId,
    });
    // Third-party initiated login (LTI 1.3 Core §4.1; Security Framework §5.1.1.1).
    const loginUrl = withQuery(tool.loginUrl, {
      iss: urls.issuer,
      login_hint: person.id,
      target_link_uri: link.targetLinkUri ?? tool.targetLinkUri,
      lti_message_hint: hint,
      client_id: tool.clientId,
      lti_deployment_id: data.school.deploymentId,
      lti_storage_target: storageTarget,
    });
    if (pageOrigin !== platformOrigin || pageOrigin !== toolOrigin) {
      // This page's own policy (the app's CSP is 'self'-only): it frames the tool and the storage frame.
      const csp = String(res.getHeader('Content-Security-Policy') ?? '');
      res.setHeader('Content-Security-Policy', csp.replace("frame-src 'self'", `frame-src 'self' ${toolOrigin} ${platformOrigin}`)
        .replace("style-src 'self'", `style-src 'self' ${platformOrigin}`));
    }
    const roleLabel = membership.roles.includes(ROLE.instructor) ? 'teacher'
      : membership.roles.includes(ROLE.learner) ? 'student' : 'administrator';
    html(res, 200, 'launch', {
      title: link.title,
      school: data.school.name,
      contextTitle: context.title,
      contextHref: context.kind === 'class' ? withQuery(urls.classPage(context.id), { locale }) : withQuery(urls.base, { locale }),
      activityTitle: link.title,
      personName: person.displayName,
      roleLabel,
      locale,
      loginUrl,
      toolOrigin,
      storageTarget,
      storageParent: storageTarget === '_parent',
      storageFrameUrl: storageTarget === STORAGE_FRAME ? `${urls.base}/launch?frame=storage` : undefined,
    });
  });
  return router;
}
