/**
 * The demo school: one deployment, two classes, a teacher, six students, an administrator, one
 * activity per class for the first lesson of the catalogue, and a school-report link for the
 * administrator in a school-level context. Seeding is idempotent and keyed by stable ids, so a
 * saved state keeps its scores and gains activities when the catalogue changes.
 */
import crypto from 'node:crypto';
import type { DemoLineItem, DemoPerson, DemoPlatformKey, DemoStateData, DemoToolRegistration } from './demo.types';
import { CONTEXT_TYPE, ROLE } from './lti-vocab';
import type { DemoUrls } from './urls';

export const DEMO_CLIENT_ID = 'first-shield-demo';
export const DEMO_DEPLOYMENT_ID = 'demo-school';
export const DEMO_SCHOOL_NAME = 'Trường THCS Nguyễn Du (demo)';
export const SCHOOL_CONTEXT_ID = 'school-nguyen-du';
export const SCHOOL_REPORT_LINK_ID = 'rl-school-report';

export interface SeedLesson { id: string; title: { en: string; vi: string } }

// Vietnamese names: family name first; people are addressed (and class lists sorted) by the
// last word, so that is the given name and the rest is the family name, as Vietnamese schools
// usually enter them in an LMS.
function person(id: string, kind: DemoPerson['kind'], name: string, honorific = ''): DemoPerson {
  const words = name.split(' ');
  const givenName = words.at(-1) ?? name;
  const institutionRoles = {
    teacher: [ROLE.institutionFaculty],
    student: [ROLE.institutionStudent],
    admin: [ROLE.institutionAdministrator],
  }[kind];
  return {
    id, kind, name, givenName,
    familyName: words.slice(0, -1).join(' '),
    displayName: honorific ? `${honorific} ${name}` : name,
    institutionRoles,
  };
}

const CLASSES = [
  { id: 'class-7a1', label: '7A1', title: 'Lớp 7A1', students: [
    ['s-7a1-01', 'Trần Minh Khôi'], ['s-7a1-02', 'Lê Thu Hà'], ['s-7a1-03', 'Phạm Gia Bảo']] },
  { id: 'class-8a2', label: '8A2', title: 'Lớp 8A2', students: [
    ['s-8a2-01', 'Hoàng Ngọc Anh'], ['s-8a2-02', 'Võ Đức Huy'], ['s-8a2-03', 'Đặng Bảo Ngọc']] },
] as const;
const TEACHER = person('t-lan', 'teacher', 'Nguyễn Thị Lan', 'Cô');
const ADMIN = person('a-hung', 'admin', 'Trần Văn Hùng', 'Thầy');

export function builtinTool(urls: DemoUrls): DemoToolRegistration {
  return {
    clientId: DEMO_CLIENT_ID,
    name: 'First Shield',
    origin: 'builtin',
    loginUrl: urls.toolLogin,
    redirectUris: [urls.toolLaunch],
    targetLinkUri: urls.toolLaunch,
    keysetUrl: urls.toolKeys,
    deploymentIds: [DEMO_DEPLOYMENT_ID],
  };
}

export function emptyState(key: DemoPlatformKey): DemoStateData {
  return {
    version: 1,
    platformGuid: crypto.randomUUID(),
    keys: [key],
    school: { deploymentId: DEMO_DEPLOYMENT_ID, name: DEMO_SCHOOL_NAME },
    tools: [], people: [], contexts: [], memberships: [], resourceLinks: [], lineItems: [], scores: [], faults: [],
  };
}

export function newLineItemId(): string {
  return crypto.randomBytes(6).toString('hex');
}

/** Brings `data` up to the seed: adds what is missing, never removes or resets anything. */
export function applySeed(data: DemoStateData, urls: DemoUrls, lessons: SeedLesson[]): void {
  // The built-in tool's URLs follow the current public URL.
  data.tools = [builtinTool(urls), ...data.tools.filter((t) => t.clientId !== DEMO_CLIENT_ID)];
  const addPerson = (p: DemoPerson) => { if (!data.people.some((x) => x.id === p.id)) data.people.push(p); };
  const addMember = (contextId: string, userId: string, roles: string[]) => {
    if (!data.memberships.some((m) => m.contextId === contextId && m.userId === userId)) {
      data.memberships.push({ contextId, userId, roles, status: 'Active' });
    }
  };
  addPerson(TEACHER);
  addPerson(ADMIN);
  // The demo school is a lower-secondary school (THCS, ages 11–14: band B), so its seeded
  // activity is a band B lesson: B-3 when the catalogue has it. Teachers add more by deep linking.
  const lesson = lessons.find((l) => l.id.startsWith('b-3-')) ?? lessons.find((l) => l.id.startsWith('b-')) ?? lessons[0];
  for (const c of CLASSES) {
    if (!data.contexts.some((x) => x.id === c.id)) {
      data.contexts.push({ id: c.id, kind: 'class', label: c.label, title: c.title, type: CONTEXT_TYPE.courseOffering });
    }
    addMember(c.id, TEACHER.id, [ROLE.instructor]);
    for (const [id, name] of c.students) {
      addPerson(person(id, 'student', name));
      addMember(c.id, id, [ROLE.learner]);
    }
    if (lesson) seedActivity(data, c.id, c.label, lesson);
  }
  // The administrator's report is school-wide, so it lives in a school-level context (a LIS
  // "Group") rather than in one of the classes.
  if (!data.contexts.some((x) => x.id === SCHOOL_CONTEXT_ID)) {
    data.contexts.push({ id: SCHOOL_CONTEXT_ID, kind: 'school', label: 'BGH', title: 'Ban giám hiệu — Trường THCS Nguyễn Du', type: CONTEXT_TYPE.group });
  }
  addMember(SCHOOL_CONTEXT_ID, ADMIN.id, [ROLE.contextAdministrator]);
  if (!data.resourceLinks.some((l) => l.id === SCHOOL_REPORT_LINK_ID)) {
    data.resourceLinks.push({
      id: SCHOOL_REPORT_LINK_ID, contextId: SCHOOL_CONTEXT_ID, toolClientId: DEMO_CLIENT_ID,
      title: 'First Shield — school report', purpose: 'school-report', origin: 'seed', custom: {},
    });
  }
}

function seedActivity(data: DemoStateData, contextId: string, label: string, lesson: SeedLesson): void {
  const linkId = `rl-${label.toLowerCase()}-${lesson.id}`;
  if (data.resourceLinks.some((l) => l.id === linkId)) return;
  const lineItem: DemoLineItem = {
    id: newLineItemId(), contextId, scoreMaximum: 100, label: lesson.title.vi,
    resourceId: lesson.id, resourceLinkId: linkId, createdBy: 'platform',
  };
  data.lineItems.push(lineItem);
  data.resourceLinks.push({
    id: linkId, contextId, toolClientId: DEMO_CLIENT_ID, title: lesson.title.vi, purpose: 'lesson',
    origin: 'seed', custom: { lesson: lesson.id }, lineItemId: lineItem.id,
  });
}
