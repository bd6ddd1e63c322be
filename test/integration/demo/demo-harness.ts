/**
 * Test harness: the demo router mounted on a bare Express app on 127.0.0.1 (random port), beside
 * a fake tool that publishes its own keyset at /lti/keys. No network beyond loopback.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import request from 'supertest';
import { createDemoLms, type DemoPlatformRegistration } from '../../../src/demo';

export const LESSONS = [
  { id: 'stranger-chat', title: { en: 'Chatting with strangers', vi: 'Trò chuyện với người lạ' } },
  { id: 'spot-the-scam', title: { en: 'Spot the scam', vi: 'Nhận diện lừa đảo' } },
];

export interface Harness {
  baseUrl: string;
  dataDir: string;
  registrations: DemoPlatformRegistration[];
  http: ReturnType<typeof request>;
  toolKey: { privateKey: CryptoKey; kid: string };
  assertion(overrides?: JWTPayload, key?: { privateKey: CryptoKey; kid: string }): Promise<string>;
  token(scopes: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(opts: { lessons?: typeof LESSONS; dataDir?: string } = {}): Promise<Harness> {
  const dataDir = opts.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'demo-lms-')));
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = 'fake-tool-key';
  const toolJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const app = express();
  app.get('/lti/keys', (_req, res) => { res.json({ keys: [toolJwk] }); });
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const registrations: DemoPlatformRegistration[] = [];
  const { router } = await createDemoLms({
    publicUrl: baseUrl,
    dataDir,
    lessons: opts.lessons ?? LESSONS,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    registerPlatform: async (reg) => { registrations.push(reg); },
  });
  app.use('/demo', router);
  const http = request(baseUrl);
  const toolKey = { privateKey, kid };

  const assertion: Harness['assertion'] = (overrides = {}, key = toolKey) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: 'first-shield-demo', sub: 'first-shield-demo', aud: `${baseUrl}/demo/token`,
      iat: now, exp: now + 300, jti: crypto.randomUUID(), ...overrides,
    }).setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(key.privateKey);
  };

  return {
    baseUrl, dataDir, registrations, http, toolKey, assertion,
    async token(scopes) {
      const res = await http.post('/demo/token').type('form').send({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await assertion(),
        scope: scopes.join(' '),
      });
      if (res.status !== 200) throw new Error(`token: ${res.status} ${res.text}`);
      return res.body.access_token as string;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Follows a "Launch as …" link the way a browser would, up to the tool's login URL. */
export async function loginUrlFor(h: Harness, link: string, user: string, locale = 'vi'): Promise<URL> {
  const page = await h.http.get('/demo/launch').query({ link, user, locale }).expect(200);
  const m = /<iframe[^>]*\ssrc="([^"]+)"/.exec(page.text);
  if (!m?.[1]) throw new Error('no iframe in the launch page');
  return new URL(decodeHtml(m[1]));
}

/** Undoes Handlebars' attribute escaping (&amp; &#x3D; …), as a browser does. */
export function decodeHtml(s: string): string {
  return s.replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function authParams(login: URL, overrides: Record<string, string | undefined> = {}) {
  const params: Record<string, string | undefined> = {
    scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none',
    client_id: login.searchParams.get('client_id') ?? '',
    redirect_uri: login.searchParams.get('target_link_uri') ?? '',
    login_hint: login.searchParams.get('login_hint') ?? '',
    lti_message_hint: login.searchParams.get('lti_message_hint') ?? '',
    state: 'state-123', nonce: 'nonce-456',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

export function formField(html: string, name: string): string | undefined {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return m?.[1] === undefined ? undefined : decodeHtml(m[1]);
}

/** Runs a full launch and returns the verified id_token claims. */
export async function launch(h: Harness, link: string, user: string, locale = 'vi') {
  const login = await loginUrlFor(h, link, user, locale);
  const res = await h.http.get('/demo/auth').query(authParams(login)).expect(200);
  const idToken = formField(res.text, 'id_token');
  if (!idToken) throw new Error('no id_token');
  const jwks = (await h.http.get('/demo/jwks').expect(200)).body as { keys: JWK[] };
  const { payload, protectedHeader } = await jwtVerify(idToken, createLocalJWKSet(jwks), {
    issuer: `${h.baseUrl}/demo`, audience: 'first-shield-demo', algorithms: ['RS256'],
  });
  return { payload, protectedHeader, login, html: res.text };
}

export const AGS = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
};
