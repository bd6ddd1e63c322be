/**
 * Platforms and deployments: the console's home page lists them with their grade-sync counts;
 * manual registration (the same fields and rules as `npm run cli -- platform add`) and removal
 * behind a confirmation page.
 */
import express from 'express';
import type { TFunction } from '../i18n';
import type { Logger } from '../logger';
import type { PlatformRepository } from '../lti';
import { notFound } from '../errors';
import { IdParam, PLATFORM_FIELDS, PlatformForm } from './admin.schemas';
import { requireCsrf, type createPageRenderer } from './admin-web';
import type { GradeSyncHealth } from './grade-health.repository';
import type { I18n } from '../i18n';

type Render = ReturnType<typeof createPageRenderer>;
const MESSAGES = ['registered', 'removed'] as const;

export function platformRoutes(deps: { platforms: PlatformRepository; health: GradeSyncHealth; render: Render; i18n: I18n; logger: Logger; onPlatformsChanged?: () => void }) {
  const router = express.Router();

  router.get('/', async (req, res) => {
    const [list, health] = await Promise.all([deps.platforms.list(), deps.health.byDeployment()]);
    const counts = new Map(health.map((h) => [h.deploymentId, h]));
    const msg = MESSAGES.find((m) => m === req.query.msg);
    deps.render(req, res, 'admin-home', 'admin:home.title', {
      message: msg ? `admin:home.${msg}` : undefined,
      platforms: list.map((p) => ({
        id: p.id, name: p.name, issuer: p.issuer, clientId: p.clientId, authUrl: p.authUrl, tokenUrl: p.tokenUrl, keysetUrl: p.keysetUrl,
        deployments: p.deployments.map((d) => {
          const c = counts.get(d.id);
          return { id: d.id, ltiId: d.deploymentId, name: d.name, pending: c?.pending ?? 0, failed: c?.failed ?? 0, done: c?.done ?? 0, reportUrl: `/admin/deployments/${d.id}/report` };
        }),
      })),
    });
  });

  router.get('/platforms/new', (req, res) => {
    deps.render(req, res, 'admin-platform-new', 'admin:platform.newTitle', { fields: formFields({}, {}, tFor(res)) });
  });

  router.post('/platforms', requireCsrf, async (req, res) => {
    const parsed = PlatformForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      // Nothing is saved; the form comes back with each problem next to its field.
      const errors: Record<string, string> = {};
      for (const i of parsed.error.issues) {
        const field = String(i.path[0]);
        errors[field] ??= `admin:field.${['required', 'url', 'tooLong'].includes(i.message) ? i.message : 'invalid'}`;
      }
      const values = Object.fromEntries(PLATFORM_FIELDS.map((f) => [f, typeof req.body?.[f] === 'string' ? String(req.body[f]).slice(0, 2000) : '']));
      return deps.render(req, res, 'admin-platform-new', 'admin:platform.newTitle', { fields: formFields(values, errors, tFor(res)), hasErrors: true, errorCount: Object.keys(errors).length }, 400);
    }
    const a = parsed.data;
    const platform = await deps.platforms.upsert({ issuer: a.issuer, clientId: a.clientId, name: a.name ?? a.issuer, authUrl: a.authUrl, tokenUrl: a.tokenUrl, keysetUrl: a.keysetUrl });
    const deployment = await deps.platforms.addDeployment(platform.id, a.deploymentId, a.deploymentName);
    deps.onPlatformsChanged?.();
    deps.logger.info({ event: 'admin.platform.registered', account: res.locals.admin!.accountId, platform: platform.id, deployment: deployment.id }, 'platform registered from the admin console');
    res.redirect(303, '/admin?msg=registered');
  });

  router.get('/platforms/:id/remove', async (req, res) => {
    const { id } = parseId(req.params);
    const platform = await deps.platforms.byId(id);
    if (!platform) throw notFound('no such platform');
    const deployments = (await deps.platforms.list()).find((p) => p.id === id)?.deployments.length ?? 0;
    deps.render(req, res, 'admin-platform-remove', 'admin:remove.title', { platform: { id, name: platform.name, issuer: platform.issuer, clientId: platform.clientId }, deployments });
  });

  router.post('/platforms/:id/remove', requireCsrf, async (req, res) => {
    const { id } = parseId(req.params);
    const platform = await deps.platforms.byId(id);
    if (!platform) throw notFound('no such platform');
    await deps.platforms.remove(platform.issuer, platform.clientId);
    deps.onPlatformsChanged?.();
    deps.logger.info({ event: 'admin.platform.removed', account: res.locals.admin!.accountId, platform: id }, 'platform removed from the admin console');
    res.redirect(303, '/admin?msg=removed');
  });

  function tFor(res: express.Response): TFunction {
    return deps.i18n.getFixedT(res.locals.adminLocale ?? 'en');
  }
  return router;
}

function parseId(params: unknown): { id: string } {
  const r = IdParam.safeParse(params);
  if (!r.success) throw notFound('no such id');
  return r.data;
}

const REQUIRED = new Set(['issuer', 'clientId', 'authUrl', 'tokenUrl', 'keysetUrl', 'deploymentId']);
const URLS = new Set(['authUrl', 'tokenUrl', 'keysetUrl']);

/** View model of the registration form: label, hint, value and (localized) error per field. */
function formFields(values: Record<string, string>, errors: Record<string, string>, t: TFunction) {
  return PLATFORM_FIELDS.map((f) => ({
    name: f, id: `pf-${f}`, label: t(`admin:platform.fields.${f}.label`), hint: t(`admin:platform.fields.${f}.hint`),
    value: values[f] ?? '', error: errors[f] ? t(errors[f]) : undefined, required: REQUIRED.has(f), type: URLS.has(f) ? 'url' : 'text',
  }));
}
