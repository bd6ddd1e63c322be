/** Every URL the demo platform hands out, derived from the tool's public base URL. */
export type DemoUrls = ReturnType<typeof demoUrls>;

export function demoUrls(publicUrl: string) {
  const root = publicUrl.replace(/\/+$/, '');
  const base = `${root}/demo`;
  const ctx = (contextId: string) => `${base}/api/contexts/${encodeURIComponent(contextId)}`;
  return {
    root,
    base,
    issuer: base,
    auth: `${base}/auth`,
    token: `${base}/token`,
    jwks: `${base}/jwks`,
    lineItems: (contextId: string) => `${ctx(contextId)}/lineitems`,
    lineItem: (contextId: string, id: string) => `${ctx(contextId)}/lineitems/${encodeURIComponent(id)}`,
    memberships: (contextId: string) => `${ctx(contextId)}/memberships`,
    classPage: (contextId: string) => `${base}/classes/${encodeURIComponent(contextId)}`,
    addActivity: (contextId: string) => `${base}/classes/${encodeURIComponent(contextId)}/add-activity`,
    removeActivity: (contextId: string, linkId: string) =>
      `${base}/classes/${encodeURIComponent(contextId)}/activities/${encodeURIComponent(linkId)}/remove`,
    deepLinkReturn: `${base}/deep-link-return`,
    toolLogin: `${root}/lti/login`,
    toolLaunch: `${root}/lti/launch`,
    toolKeys: `${root}/lti/keys`,
  };
}

/** Appends query parameters to a URL (keeping any it already has). */
export function withQuery(url: string, params: Record<string, string | number | undefined>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}
