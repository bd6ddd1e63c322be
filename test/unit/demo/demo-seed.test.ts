import { applySeed, emptyState } from '../../../src/demo/demo-seed';
import { demoUrls } from '../../../src/demo/urls';

const key = { kid: 'k', privateJwk: {}, publicJwk: {}, createdAt: '2025-01-01T00:00:00Z' };
const lessons = [{ id: 'l1', title: { en: 'One', vi: 'Một' } }, { id: 'l2', title: { en: 'Two', vi: 'Hai' } }];

describe('demo seed', () => {
  test('builds the school: two classes, a teacher in both, three students each, an administrator', () => {
    const data = emptyState(key);
    applySeed(data, demoUrls('http://localhost:3000'), lessons);
    expect(data.contexts.filter((c) => c.kind === 'class').map((c) => c.title)).toEqual(['Lớp 7A1', 'Lớp 8A2']);
    expect(data.people.filter((p) => p.kind === 'student')).toHaveLength(6);
    expect(data.memberships.filter((m) => m.userId === 't-lan')).toHaveLength(2);
    expect(data.people.find((p) => p.kind === 'admin')?.institutionRoles)
      .toEqual(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator']);
    const lessonLinks = data.resourceLinks.filter((l) => l.purpose === 'lesson');
    expect(lessonLinks.map((l) => l.custom)).toEqual([{ lesson: 'l1' }, { lesson: 'l1' }]);
    for (const link of lessonLinks) {
      expect(data.lineItems.find((li) => li.id === link.lineItemId)).toMatchObject({
        scoreMaximum: 100, label: 'Một', resourceId: 'l1', resourceLinkId: link.id, contextId: link.contextId,
      });
    }
    expect(data.tools[0]).toMatchObject({ clientId: 'first-shield-demo', redirectUris: ['http://localhost:3000/lti/launch'] });
  });

  test('is idempotent and follows a new public URL without losing anything', () => {
    const data = emptyState(key);
    applySeed(data, demoUrls('http://localhost:3000'), lessons);
    const before = JSON.stringify({ ...data, tools: [] });
    applySeed(data, demoUrls('https://demo.example.org/'), lessons);
    expect(JSON.stringify({ ...data, tools: [] })).toBe(before);
    expect(data.tools).toHaveLength(1);
    expect(data.tools[0]?.loginUrl).toBe('https://demo.example.org/lti/login');
  });
});
