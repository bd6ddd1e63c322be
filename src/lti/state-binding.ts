/**
 * Binds an OIDC login to the browser that started it (OIDC Core §3.1.2.1 "state" as CSRF
 * protection; 1EdTech Security Framework §5.1.1.3 and LTI 1.3 Core §5.1.1). The state and nonce
 * stored server-side prove the login was issued by the tool; this proves the launch comes back
 * to the same browser, so a launch started in another browser (login CSRF) is refused.
 *
 * Two channels, both stateless on the server (an HMAC of the state under the tool's secret):
 *  - LTI Platform Storage (1EdTech "LTI Client Side postMessages" + "Platform Storage", v0.1):
 *    the value is put in the platform's storage under `state_<state>` at login and read back at
 *    launch; the value reaches the server in a same-origin fetch only.
 *  - A cookie named after the state: `SameSite=None; Secure; Partitioned; HttpOnly` (CHIPS) when
 *    the tool is served over https or on a loopback host (browsers treat http://localhost as a
 *    secure context and keep Secure cookies there); `SameSite=Lax; HttpOnly` on other plain-http
 *    hosts, where a Secure cookie would be dropped: that only works top-level and same-site, so
 *    a plain-http tool in a cross-site iframe always ends on the "open in a new window" page.
 */
import crypto from 'node:crypto';

export type BindingChannel = 'cookie' | 'storage';

/** Key under which the login puts the value in platform storage (the launch reads the same key). */
export const storageKey = (state: string) => `state_${state}`;

/** The state the platform sees may carry the storage target: `<state>.<base64url(target)>`. */
export function splitState(raw: string): { state: string; storageTarget?: string } {
  const dot = raw.lastIndexOf('.');
  if (dot < 1) return { state: raw };
  const target = Buffer.from(raw.slice(dot + 1), 'base64url').toString('utf8');
  return /^[\w-]{1,64}$/.test(target) ? { state: raw.slice(0, dot), storageTarget: target } : { state: raw };
}
export function joinState(state: string, storageTarget: string): string {
  return `${state}.${Buffer.from(storageTarget, 'utf8').toString('base64url')}`;
}

/** Storage targets accepted from a login initiation: `_parent` or a frame name. */
export function validStorageTarget(target: unknown): target is string {
  return typeof target === 'string' && /^[\w-]{1,64}$/.test(target);
}

export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]';
}

export function createStateBinding(opts: { secret: () => Promise<Uint8Array>; publicUrl: string; ttlSeconds?: number }) {
  const ttl = opts.ttlSeconds ?? 600; // the login state's own lifetime (login-state.repository)
  const secureCookie = opts.publicUrl.startsWith('https:') || isLoopback(opts.publicUrl);

  async function mac(purpose: string, data: string): Promise<string> {
    return crypto.createHmac('sha256', Buffer.from(await opts.secret())).update(`lti-binding:${purpose}:${data}`).digest('base64url');
  }
  function equal(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && crypto.timingSafeEqual(x, y);
  }
  const cookieName = (state: string) => `lti_state_${crypto.createHash('sha256').update(state).digest('base64url').slice(0, 22)}`;

  return {
    secureCookie,
    value: (state: string, channel: BindingChannel) => mac(channel, state),
    async verify(state: string, channel: BindingChannel, candidate: unknown): Promise<boolean> {
      return typeof candidate === 'string' && equal(candidate, await mac(channel, state));
    },
    async setCookie(state: string): Promise<string> {
      const attrs = secureCookie ? 'SameSite=None; Secure; Partitioned' : 'SameSite=Lax';
      return `${cookieName(state)}=${await mac('cookie', state)}; Path=/lti; Max-Age=${ttl}; HttpOnly; ${attrs}`;
    },
    /** The cookie value sent back for this state, if any. */
    readCookie(cookieHeader: string | undefined, state: string): string | undefined {
      const name = cookieName(state);
      for (const part of (cookieHeader ?? '').split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
      }
      return undefined;
    },
    /** A signed, expiring envelope for data that travels through the browser (the cookie check). */
    async seal(data: Record<string, unknown>, seconds = 120): Promise<string> {
      const body = Buffer.from(JSON.stringify({ ...data, exp: Date.now() + seconds * 1000 })).toString('base64url');
      return `${body}.${await mac('seal', body)}`;
    },
    async open<T>(token: unknown): Promise<T | undefined> {
      if (typeof token !== 'string' || token.length > 8000) return undefined;
      const [body, sig] = token.split('.');
      if (!body || !sig || !equal(sig, await mac('seal', body))) return undefined;
      const data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T & { exp: number };
      return data.exp > Date.now() ? data : undefined;
    },
  };
}
export type StateBinding = ReturnType<typeof createStateBinding>;
