/** The privacy notice exists in every UI language, states the retention period, and needs no session. */
import request from 'supertest';
import { createHarness, type Harness } from '../helpers/test-app';

let h: Harness;
beforeAll(async () => { h = await createHarness(); });
afterAll(async () => { await h?.close(); });

it.each(['vi', 'en', 'fr', 'id'])('serves the privacy page in %s', async (lng) => {
  const res = await request(h.tool.app).get(`/privacy?lang=${lng}`);
  expect(res.status).toBe(200);
  expect(res.text).toContain(`<html lang="${lng}"`);
  const t = h.i18n.getFixedT(lng);
  expect(res.text).toContain(t('privacy:storedTitle'));
  expect(res.text).toContain('365');
  expect(res.text).toContain('111');
});

it('links the privacy page from every page footer', async () => {
  const res = await request(h.tool.app).get('/privacy?lang=en');
  expect(res.text).toContain('href="/privacy?lang=en"');
});
