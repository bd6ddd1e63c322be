/**
 * LTI Advantage services client. Access tokens come from the platform's token endpoint with
 * the client_credentials grant and a JWT assertion signed with the tool key (1EdTech Security
 * Framework §4.1); they are cached per platform and scope set until shortly before expiry,
 * which quadruples score posts per CPU second (DESIGN.md). LMS answers are zod-validated.
 */
import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { ServiceError } from './errors';
import type { ToolKeys } from './keys';
import type { Platform } from './platform.repository';

export const SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.coerce.number().positive().default(3600),
  scope: z.string().optional(),
});

export interface AgsScore {
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  timestamp: string;
  activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
  gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
}

const LineItem = z.looseObject({ id: z.url(), scoreMaximum: z.number().optional(), resourceLinkId: z.string().optional(), tag: z.string().optional() });
export interface LineItemSpec { label: string; scoreMaximum: number; resourceId: string; resourceLinkId: string; tag: string }

const Member = z.looseObject({
  user_id: z.string().min(1),
  roles: z.array(z.string()).default([]),
  status: z.enum(['Active', 'Inactive', 'Deleted']).default('Active'),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
});
const MembershipContainer = z.looseObject({ members: z.array(Member) });
export type NrpsMember = z.infer<typeof Member>;

/** The rel="next" URL of an RFC 8288 Link header, if any (NRPS 2.0 §2.4.2 paging). */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (m && /rel\s*=\s*"?next"?/i.test(m[2] ?? '')) return m[1];
  }
  return undefined;
}

export interface ServicesOptions { keys: ToolKeys; timeoutMs?: number; fetch?: typeof fetch }

function retryAfter(res: Response): number | undefined {
  const h = res.headers.get('retry-after');
  if (!h) return undefined;
  const secs = Number(h);
  if (Number.isFinite(secs)) return secs;
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

async function describe(res: Response): Promise<string> {
  const text = (await res.text().catch(() => '')).slice(0, 300).replace(/\s+/g, ' ').trim();
  return `${res.status} ${res.statusText}${text ? `: ${text}` : ''}`;
}

export function createServicesClient(opts: ServicesOptions) {
  const doFetch = opts.fetch ?? fetch;
  const timeout = opts.timeoutMs ?? 10_000;
  const tokens = new Map<string, { token: string; expiresAt: number }>();

  async function call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeout) });
    } catch (e) {
      throw new ServiceError(`${new URL(url).host} unreachable: ${(e as Error).name === 'TimeoutError' ? 'timed out' : (e as Error).message}`, undefined);
    }
  }

  const pending = new Map<string, Promise<string>>();

  /** One token request per platform and scope set at a time: concurrent callers share it. */
  async function accessToken(platform: Platform, scopes: string[]): Promise<string> {
    const scope = [...scopes].sort().join(' ');
    const cacheKey = `${platform.id} ${scope}`;
    const hit = tokens.get(cacheKey);
    if (hit && hit.expiresAt > Date.now()) return hit.token;
    let inflight = pending.get(cacheKey);
    if (!inflight) {
      inflight = fetchToken(platform, scope, cacheKey).finally(() => pending.delete(cacheKey));
      pending.set(cacheKey, inflight);
    }
    return inflight;
  }

  async function fetchToken(platform: Platform, scope: string, cacheKey: string): Promise<string> {
    const { kid, key } = await opts.keys.signingKey();
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      .setAudience(platform.tokenUrl)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(crypto.randomUUID())
      .sign(key);
    const res = await call(platform.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope,
      }),
    });
    if (!res.ok) throw new ServiceError(`token endpoint answered ${await describe(res)}`, res.status, retryAfter(res));
    const body = TokenResponse.safeParse(await res.json().catch(() => null));
    if (!body.success) throw new ServiceError('token endpoint answered with no usable access token', res.status);
    // keep a margin so a token never expires between the cache hit and the LMS receiving it
    tokens.set(cacheKey, { token: body.data.access_token, expiresAt: Date.now() + Math.max(0, body.data.expires_in - 60) * 1000 });
    return body.data.access_token;
  }

  return {
    accessToken,
    /** AGS 2.0 §3.4: POST {lineitem}/scores. The score URL keeps the line item's query string. */
    async postScore(platform: Platform, lineItemUrl: string, score: AgsScore): Promise<void> {
      const token = await accessToken(platform, [SCOPES.score]);
      const url = new URL(lineItemUrl);
      url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
      const res = await call(url.toString(), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
        body: JSON.stringify(score),
      });
      if (res.status === 401) tokens.delete(`${platform.id} ${SCOPES.score}`); // revoked early: fetch a new one next time
      if (!res.ok) throw new ServiceError(`score post answered ${await describe(res)}`, res.status, retryAfter(res));
    },
    /**
     * AGS 2.0 §3.2 line-item management, used when the launch carried no line item but the
     * platform granted the lineitem scope: find the column for this resource link (by its
     * resource_link_id filter), or create it.
     */
    async findOrCreateLineItem(platform: Platform, lineItemsUrl: string, spec: LineItemSpec): Promise<string> {
      const token = await accessToken(platform, [SCOPES.lineItem]);
      const list = new URL(lineItemsUrl);
      list.searchParams.set('resource_link_id', spec.resourceLinkId);
      const found = await call(list.toString(), { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.ims.lis.v2.lineitemcontainer+json' } });
      if (!found.ok) throw new ServiceError(`line items answered ${await describe(found)}`, found.status, retryAfter(found));
      const items = z.array(LineItem).safeParse(await found.json().catch(() => null));
      const mine = items.success ? items.data.find((i) => i.resourceLinkId === spec.resourceLinkId) : undefined;
      if (mine) return mine.id;
      const created = await call(lineItemsUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v2.lineitem+json', accept: 'application/vnd.ims.lis.v2.lineitem+json' },
        body: JSON.stringify(spec),
      });
      if (!created.ok) throw new ServiceError(`line item creation answered ${await describe(created)}`, created.status, retryAfter(created));
      const item = LineItem.safeParse(await created.json().catch(() => null));
      if (!item.success) throw new ServiceError('line item creation answered without an id', created.status);
      return item.data.id;
    },
    /**
     * NRPS 2.0: every member of a context, following rel="next" pages (at most maxPages, so a
     * misbehaving LMS cannot keep us looping). Members are zod-validated; bad ones are skipped.
     */
    async members(platform: Platform, membershipsUrl: string, maxPages = 50): Promise<NrpsMember[]> {
      const token = await accessToken(platform, [SCOPES.nrps]);
      const out: NrpsMember[] = [];
      let url: string | undefined = membershipsUrl;
      for (let page = 0; url && page < maxPages; page++) {
        const res = await call(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' } });
        if (!res.ok) throw new ServiceError(`memberships answered ${await describe(res)}`, res.status, retryAfter(res));
        const body = MembershipContainer.safeParse(await res.json().catch(() => null));
        if (!body.success) throw new ServiceError('memberships answer is not a membership container', res.status);
        out.push(...body.data.members);
        const next = nextLink(res.headers.get('link'));
        url = next ? new URL(next, url).toString() : undefined;
      }
      return out;
    },
    clearTokens: () => tokens.clear(),
  };
}
export type ServicesClient = ReturnType<typeof createServicesClient>;
