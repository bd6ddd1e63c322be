/**
 * Turns demo state into the plain objects the logic-free templates render: the school, a class
 * with its people and activities (with one "Launch as …" link per person, and a remove button
 * for those added by deep linking), the teachers' "Add a First Shield activity" links, the
 * gradebook grid.
 */
import type { DemoContext, DemoPerson, DemoResourceLink, DemoStateData } from './demo.types';
import { ROLE } from './lti-vocab';
import { withQuery, type DemoUrls } from './urls';

export type DemoLocale = 'vi' | 'en';

const ROLE_LABEL: Record<string, string> = {
  [ROLE.instructor]: 'Teacher', [ROLE.learner]: 'Student', [ROLE.contextAdministrator]: 'Administrator',
};

export function launchHref(urls: DemoUrls, link: DemoResourceLink, person: DemoPerson, locale: DemoLocale): string {
  return withQuery(`${urls.base}/launch`, { link: link.id, user: person.id, locale });
}

export function membersOf(data: DemoStateData, contextId: string, role?: string) {
  return data.memberships
    .filter((m) => m.contextId === contextId && m.status === 'Active' && (role === undefined || m.roles.includes(role)))
    .flatMap((m) => {
      const person = data.people.find((p) => p.id === m.userId);
      return person ? [{ person, roles: m.roles }] : [];
    });
}

export function classModel(data: DemoStateData, urls: DemoUrls, context: DemoContext, locale: DemoLocale) {
  const members = membersOf(data, context.id);
  const launchers = members.filter((m) => m.roles.includes(ROLE.instructor) || m.roles.includes(ROLE.learner));
  return {
    id: context.id,
    label: context.label,
    title: context.title,
    href: withQuery(urls.classPage(context.id), { locale }),
    gradebookHref: withQuery(`${urls.classPage(context.id)}/gradebook`, { locale }),
    teachers: members.filter((m) => m.roles.includes(ROLE.instructor)).map((m) => ({ name: m.person.displayName })),
    addActivity: members.filter((m) => m.roles.includes(ROLE.instructor)).map((m) => ({
      href: withQuery(urls.addActivity(context.id), { user: m.person.id, locale }),
      name: m.person.displayName,
    })),
    people: members.map((m) => ({
      id: m.person.id, name: m.person.displayName,
      role: m.roles.map((r) => ROLE_LABEL[r] ?? r).join(', '),
    })),
    activities: data.resourceLinks.filter((l) => l.contextId === context.id && l.purpose === 'lesson').map((link) => ({
      id: link.id,
      title: link.title,
      lesson: link.custom.lesson ?? '',
      text: link.text,
      addedByDeepLinking: link.origin === 'deep-linking',
      removeAction: link.origin === 'deep-linking' ? withQuery(urls.removeActivity(context.id, link.id), { locale }) : undefined,
      launches: launchers.map((m) => ({
        href: launchHref(urls, link, m.person, locale),
        name: m.person.displayName,
        role: m.roles.includes(ROLE.instructor) ? 'teacher' : 'student',
      })),
    })),
  };
}

export function homeModel(data: DemoStateData, urls: DemoUrls, locale: DemoLocale) {
  const admins = data.people.filter((p) => p.kind === 'admin');
  const report = data.resourceLinks.find((l) => l.purpose === 'school-report');
  return {
    base: urls.base,
    title: data.school.name,
    school: data.school,
    locale,
    localeVi: locale === 'vi',
    localeEn: locale === 'en',
    viHref: withQuery(urls.base, { locale: 'vi' }),
    enHref: withQuery(urls.base, { locale: 'en' }),
    classes: data.contexts.filter((c) => c.kind === 'class').map((c) => classModel(data, urls, c, locale)),
    adminLaunches: report ? admins.map((a) => ({ name: a.displayName, href: launchHref(urls, report, a, locale) })) : [],
    faultsHref: `${urls.base}/admin/faults`,
  };
}

export function gradebookModel(data: DemoStateData, urls: DemoUrls, context: DemoContext, locale: DemoLocale) {
  const lineItems = data.lineItems.filter((li) => li.contextId === context.id);
  const students = membersOf(data, context.id, ROLE.learner);
  return {
    base: urls.base,
    title: `Gradebook — ${context.title}`,
    classTitle: context.title,
    classHref: withQuery(urls.classPage(context.id), { locale }),
    hasLineItems: lineItems.length > 0,
    columns: lineItems.map((li) => ({
      id: li.id, label: li.label, scoreMaximum: li.scoreMaximum, createdBy: li.createdBy, resourceId: li.resourceId ?? '',
    })),
    rows: students.map(({ person }) => ({
      userId: person.id,
      name: person.displayName,
      cells: lineItems.map((li) => {
        const s = data.scores.find((x) => x.lineItemId === li.id && x.userId === person.id);
        if (!s) return { empty: true, lineItemId: li.id };
        const { scoreGiven, scoreMaximum } = s.score;
        return {
          empty: false,
          lineItemId: li.id,
          score: scoreGiven !== undefined ? `${scoreGiven} / ${scoreMaximum ?? '?'}` : '—',
          activityProgress: s.score.activityProgress,
          gradingProgress: s.score.gradingProgress,
          timestamp: s.score.timestamp,
          raw: JSON.stringify(s.score, null, 2),
        };
      }),
    })),
  };
}
