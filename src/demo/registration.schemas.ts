/**
 * The demo platform's side of LTI Dynamic Registration 1.0: its OpenID configuration (§3.4,
 * with the lti-platform-configuration claim of §4.1) and the check of a tool's registration
 * request (§3.5.2; OpenID Connect Dynamic Client Registration §2).
 */
import { z } from 'zod';
import { PRODUCT_FAMILY_CODE } from './messages';
import { KNOWN_SCOPES, MESSAGE_TYPE } from './lti-vocab';
import type { DemoUrls } from './urls';

export const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
export const PLATFORM_CONFIG = 'https://purl.imsglobal.org/spec/lti-platform-configuration';

export function registrationEndpoint(urls: DemoUrls): string {
  return `${urls.base}/registrations`;
}

export function openidConfiguration(urls: DemoUrls) {
  return {
    issuer: urls.issuer,
    authorization_endpoint: urls.auth,
    token_endpoint: urls.token,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    jwks_uri: urls.jwks,
    registration_endpoint: registrationEndpoint(urls),
    scopes_supported: ['openid', ...KNOWN_SCOPES],
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['iss', 'sub', 'aud', 'name', 'given_name', 'family_name'],
    [PLATFORM_CONFIG]: {
      product_family_code: PRODUCT_FAMILY_CODE,
      version: '1',
      messages_supported: [
        { type: MESSAGE_TYPE.resourceLink },
        { type: MESSAGE_TYPE.deepLinking, placements: ['ContentArea'] },
      ],
      variables: [],
    },
  };
}

const url = z.url({ protocol: /^https?$/ });

/** §3.5.2: what the demo requires of a tool's registration request. */
export const ToolRegistration = z.looseObject({
  application_type: z.literal('web').optional(),
  response_types: z.array(z.string()).refine((a) => a.includes('id_token'), 'must include id_token'),
  grant_types: z.array(z.string()).refine((a) => a.includes('implicit') && a.includes('client_credentials'), 'must include implicit and client_credentials'),
  initiate_login_uri: url,
  redirect_uris: z.array(url).min(1),
  client_name: z.string().min(1).max(200),
  jwks_uri: url,
  logo_uri: url.optional(),
  token_endpoint_auth_method: z.literal('private_key_jwt'),
  scope: z.string().max(2000).default(''),
  [TOOL_CONFIG]: z.looseObject({
    domain: z.string().min(1).max(255),
    target_link_uri: url,
    claims: z.array(z.string()).optional(),
    messages: z.array(z.looseObject({ type: z.string().min(1), target_link_uri: url.optional() })).default([]),
  }),
}).superRefine((r, ctx) => {
  // The tool's URLs live on its declared domain (§3.5.2 "domain").
  const domain = r[TOOL_CONFIG].domain.toLowerCase();
  const urls = [r.initiate_login_uri, r.jwks_uri, r[TOOL_CONFIG].target_link_uri, ...r.redirect_uris];
  for (const u of urls) {
    const host = new URL(u).host.toLowerCase();
    if (host !== domain && !host.endsWith(`.${domain}`)) ctx.addIssue({ code: 'custom', message: `${u} is not on the domain ${domain}` });
  }
  // The launch comes back to the target link URI, so it must be a registered redirect URI.
  if (!r.redirect_uris.includes(r[TOOL_CONFIG].target_link_uri)) {
    ctx.addIssue({ code: 'custom', message: 'target_link_uri must be one of the redirect_uris' });
  }
});
export type ToolRegistration = z.infer<typeof ToolRegistration>;
