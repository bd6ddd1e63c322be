import { negotiateLocale } from '../../../src/i18n';
import { roleKind } from '../../../src/lti';

describe('locale negotiation', () => {
  it('prefers the explicit choice, then the launch locale, then Accept-Language', () => {
    expect(negotiateLocale('fr', 'vi-VN', 'en')).toBe('fr');
    expect(negotiateLocale(undefined, 'en-US', 'vi')).toBe('en');
    expect(negotiateLocale(undefined, 'de-DE', 'de;q=1, id;q=0.8')).toBe('id');
    expect(negotiateLocale(undefined, undefined, undefined)).toBe('vi');
    expect(negotiateLocale('xx', 'vi_VN')).toBe('vi');
  });
});

describe('role kinds', () => {
  const M = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
  it('maps LTI roles to the view they lead to', () => {
    expect(roleKind([`${M}Learner`])).toBe('learner');
    expect(roleKind(['Learner'])).toBe('learner');
    expect(roleKind([`${M}Instructor`, `${M}Learner`])).toBe('instructor');
    expect(roleKind(['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'])).toBe('instructor');
    expect(roleKind(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator', `${M}Learner`])).toBe('admin');
    expect(roleKind([`${M}Mentor`])).toBeUndefined();
    expect(roleKind([])).toBeUndefined();
  });
});
