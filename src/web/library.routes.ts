/**
 * The teacher's lesson library, opened by a Deep Linking request: filter by age band, topic,
 * language and duration, search, preview any lesson as a student sees it (nothing recorded),
 * select one or several, and send them back to the LMS in a signed Deep Linking response.
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { AGE_BANDS, LESSON_LOCALES, lessonText, type Catalog, type LessonSummary } from '../catalog';
import { AppError, badRequest } from '../errors';
import type { I18n } from '../i18n';
import { signDeepLinkResponse, type PlatformRepository, type SessionTokens, type ToolKeys } from '../lti';
import { checkAnswer, drawItems } from '../learning';
import { requireSession } from './session-guard';
import { requestLocale, switcherUrl } from './locale';
import { parse } from './validate';
import type { ViewRenderer } from './views';
import { buildPlayerViewModel } from './player.view-model';

export interface LibraryDeps {
  /** SCORM packages this school may assign, listed beside native lessons. */
  extraLessons?: (deploymentId: string) => LessonSummary[];
  catalog: Catalog; sessions: SessionTokens; views: ViewRenderer; i18n: I18n; keys: ToolKeys; platforms: PlatformRepository; publicUrl: string }

const DURATIONS = { short: [0, 20], medium: [21, 30], long: [31, 999] } as const;
const Filters = z.object({
  band: z.enum(AGE_BANDS).optional().catch(undefined),
  topic: z.string().max(60).optional(),
  language: z.enum(LESSON_LOCALES).optional().catch(undefined),
  duration: z.enum(['short', 'medium', 'long']).optional().catch(undefined),
  q: z.string().max(100).optional(),
});
const Selection = z.object({ s: z.string(), lesson: z.union([z.string(), z.array(z.string())]).optional() });
const PreviewAnswer = z.object({ key: z.string().min(1).max(200), answer: z.array(z.string().min(1).max(100)).max(50) }).strict();

/** Case- and diacritics-insensitive text for search ("lừa đảo" matches "lua dao"). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

export function filterLessons(list: LessonSummary[], f: z.infer<typeof Filters>): LessonSummary[] {
  const q = f.q?.trim() ? fold(f.q.trim()) : undefined;
  return list.filter((l) =>
    (!f.band || l.ageBands.includes(f.band)) &&
    (!f.topic || l.topics.includes(f.topic)) &&
    (!f.duration || (l.minutes >= DURATIONS[f.duration][0] && l.minutes <= DURATIONS[f.duration][1])) &&
    (!q || fold(`${l.code} ${l.title.vi} ${l.title.en} ${l.summary.vi} ${l.summary.en}`).includes(q)));
}

export function libraryRoutes(deps: LibraryDeps) {
  const router = express.Router();
  const teacher = requireSession(deps.sessions, 'instructor', 'admin');
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  function deepLinking(res: Response) {
    const dl = res.locals.session!.dl;
    if (!dl) throw new AppError('forbidden', 403, 'this page opens from the LMS when adding an activity');
    return dl;
  }

  router.get('/library', teacher, (req: Request, res: Response) => {
    const dl = deepLinking(res);
    const locale = requestLocale(req, res);
    const t = deps.i18n.getFixedT(locale);
    const filters = parse(Filters, { ...req.query, q: typeof req.query.q === 'string' ? req.query.q : undefined, topic: typeof req.query.topic === 'string' && req.query.topic ? req.query.topic : undefined });
    const all = [...deps.catalog.list(), ...(deps.extraLessons?.(res.locals.session!.dep) ?? [])];
    const shown = filterLessons(all, filters);
    const lang = locale === 'vi' ? 'vi' : 'en';
    const token = res.locals.token!;
    const topics = [...new Set(all.flatMap((l) => l.topics))].sort();
    res.type('html').send(deps.views.render('pages/library', {
      token, locale, multiple: dl.multiple,
      filters: { ...filters, q: filters.q ?? '' },
      bands: AGE_BANDS.map((b) => ({ value: b, label: t(`library:band.${b}`), selected: filters.band === b })),
      topics: topics.map((x) => ({ value: x, label: t(`library:topic.${x}`, { defaultValue: x.replace(/-/g, ' ') }), selected: filters.topic === x })),
      languages: LESSON_LOCALES.map((x) => ({ value: x, label: t(`library:language.${x}`), selected: filters.language === x })),
      durations: Object.keys(DURATIONS).map((x) => ({ value: x, label: t(`library:duration.${x}`), selected: filters.duration === x })),
      count: shown.length,
      lessons: shown.map((l) => ({
        id: l.id, code: l.code, title: l.title[lang], summary: l.summary[lang], minutes: l.minutes,
        bands: l.ageBands.map((b) => t(`library:band.${b}`)).join(', '),
        previewUrl: l.code === 'SCORM' ? undefined : `/library/preview/${l.id}?s=${encodeURIComponent(token)}&lang=${locale}`,
      })),
      selectAction: `/library/select?lang=${locale}`,
    }, { locale, title: t('library:title'), switcherUrl: switcherUrl(req) }));
  });

  router.get('/library/preview/:lessonId', teacher, (req, res) => {
    const lesson = deps.catalog.latest(req.params.lessonId as string);
    if (!lesson) throw new AppError('lesson_unknown', 404, 'no such lesson');
    const locale = requestLocale(req, res);
    const token = res.locals.token!;
    // the preview opens in a new window from the library: no link back (it would open a second library)
    const backUrl = undefined;
    const model = buildPlayerViewModel({
      lesson, locale, token,
      attempt: { id: `preview-${lesson.manifest.id}`, drawn: drawItems(lesson), answers: {}, position: null, status: 'in_progress' },
      preview: { answersUrl: `/api/preview/${lesson.manifest.id}/v${lesson.manifest.version}/answers?lang=${locale}`, backUrl },
    });
    res.type('html').send(deps.views.render('pages/player', model, {
      locale, title: lessonText(lesson, locale, lesson.manifest.title), switcherUrl: switcherUrl(req),
    }));
  });

  /** Preview answers: the same feedback a student gets, computed and returned, never stored. */
  router.post('/api/preview/:lessonId/v:version/answers', express.json({ limit: '16kb' }), teacher, (req, res) => {
    const lesson = deps.catalog.get(req.params.lessonId as string, Number(req.params.version));
    if (!lesson) throw new AppError('lesson_unknown', 404, 'no such lesson');
    const body = parse(PreviewAnswer, req.body);
    let check;
    try {
      check = checkAnswer(lesson, body.key, body.answer);
    } catch (e) {
      throw new AppError('invalid_answer', 400, (e as Error).message);
    }
    const locale = requestLocale(req, res);
    res.json({
      key: check.key, correct: check.correct, points: check.points, maxPoints: check.maxPoints, next: check.next,
      feedback: check.feedback.map((f) => ({ id: f.id, text: lessonText(lesson, locale, f.feedbackKey), correct: f.correct, chosen: f.chosen })),
    });
  });

  router.post('/library/select', form, teacher, async (req, res) => {
    const dl = deepLinking(res);
    const body = parse(Selection, req.body);
    const ids = [...new Set(body.lesson === undefined ? [] : Array.isArray(body.lesson) ? body.lesson : [body.lesson])];
    if (ids.length === 0) throw badRequest('choose at least one lesson');
    if (!dl.multiple && ids.length > 1) throw badRequest('this LMS accepts one activity at a time');
    const lessons = ids.map((id) => deps.catalog.latest(id));
    if (lessons.some((l) => !l)) throw new AppError('lesson_unknown', 404, 'no such lesson');
    const platform = await deps.platforms.byId(dl.pid);
    const deployment = await deps.platforms.deploymentById(res.locals.session!.dep);
    if (!platform || !deployment) throw new AppError('unknown_platform', 403, 'the LMS is no longer registered');
    const locale = requestLocale(req, res);
    const lang = locale === 'vi' ? 'vi' : 'en';
    const jwt = await signDeepLinkResponse(deps.keys, platform, { returnUrl: dl.ret, data: dl.data, deploymentId: deployment.deploymentId, lineItems: dl.lineItems },
      lessons.map((l) => ({ lessonId: l!.manifest.id, title: lessonText(l!, lang, l!.manifest.title), text: lessonText(l!, lang, l!.manifest.summary) })),
      `${deps.publicUrl}/lti/launch`);
    const t = deps.i18n.getFixedT(locale);
    res.type('html').send(deps.views.render('pages/deep-link-return', { returnUrl: dl.ret, jwt, count: ids.length }, { locale, title: t('library:returning') }));
  });

  return router;
}
