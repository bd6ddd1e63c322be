/** Public pages that need no session: the privacy notice (in every UI language). */
import express from 'express';
import type { I18n } from '../i18n';
import { requestLocale, switcherUrl } from './locale';
import type { ViewRenderer } from './views';

export function publicPageRoutes(deps: { views: ViewRenderer; i18n: I18n; retentionDays: number }) {
  const router = express.Router();
  router.get('/privacy', (req, res) => {
    const locale = requestLocale(req, res);
    const t = deps.i18n.getFixedT(locale);
    const list = (key: string) => t(key, { returnObjects: true }) as unknown as string[];
    res.type('html').send(deps.views.render('pages/privacy', {
      days: deps.retentionDays, stored: list('privacy:stored'), notStored: list('privacy:notStored'),
    }, { locale, title: t('privacy:title'), switcherUrl: switcherUrl(req) }));
  });
  return router;
}
