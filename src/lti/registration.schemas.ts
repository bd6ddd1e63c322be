/**
 * LTI Dynamic Registration 1.0 (1EdTech, lti-dr/v1p0): the platform's OpenID configuration
 * (§3.4, §4.1 platform configuration claim) and its answer to the tool's registration request
 * (§3.6.2), zod-validated. Unknown members pass through: platforms add their own.
 */
import { z } from 'zod';

export const PLATFORM_CONFIG_CLAIM = 'https://purl.imsglobal.org/spec/lti-platform-configuration';
export const TOOL_CONFIG_CLAIM = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
export const MESSAGE = { resourceLink: 'LtiResourceLinkRequest', deepLinking: 'LtiDeepLinkingRequest' } as const;

const url = z.url({ protocol: /^https?$/ });

/**
 * §4.1: messages_supported is a list of { type, placements? }. Moodle (4.1–4.4) sends plain
 * strings instead, so both shapes are read and turned into the spec's.
 */
const SupportedMessage = z.union([
  z.string().min(1).transform((type) => ({ type, placements: undefined as string[] | undefined })),
  z.looseObject({ type: z.string().min(1), placements: z.array(z.string()).optional() }),
]);

/** §3.4 (OpenID Connect Discovery metadata, as profiled) and §4.1 (lti-platform-configuration). */
export const PlatformConfiguration = z.looseObject({
  issuer: url,
  authorization_endpoint: url,
  token_endpoint: url,
  jwks_uri: url,
  registration_endpoint: url,
  scopes_supported: z.array(z.string()),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
  [PLATFORM_CONFIG_CLAIM]: z.looseObject({
    product_family_code: z.string().min(1).max(200),
    version: z.string().max(200).optional(),
    messages_supported: z.array(SupportedMessage),
    variables: z.array(z.string()).optional(),
  }),
});
export type PlatformConfiguration = z.infer<typeof PlatformConfiguration>;

/**
 * §3.6.2: the platform echoes the registration with the client_id it issued; the tool
 * configuration carries the deployment_id (§3.6.2 "deployment_id"). The tool cannot be launched
 * without one, so it is required here. Moodle sends application_type as an array; only what
 * the tool stores is checked.
 */
export const RegistrationResponse = z.looseObject({
  client_id: z.string().min(1).max(255),
  [TOOL_CONFIG_CLAIM]: z.looseObject({
    deployment_id: z.union([z.string().min(1).max(255), z.number().int().transform(String)]),
  }),
});
export type RegistrationResponse = z.infer<typeof RegistrationResponse>;

/** The tool's registration request (§3.5.2; OpenID Connect Dynamic Client Registration §2). */
export interface ToolRegistrationRequest {
  application_type: 'web';
  response_types: ['id_token'];
  grant_types: ['implicit', 'client_credentials'];
  initiate_login_uri: string;
  redirect_uris: string[];
  client_name: string;
  jwks_uri: string;
  logo_uri: string;
  token_endpoint_auth_method: 'private_key_jwt';
  scope: string;
  [TOOL_CONFIG_CLAIM]: {
    domain: string;
    description: string;
    target_link_uri: string;
    claims: string[];
    messages: Array<{ type: string; target_link_uri: string; label?: string }>;
  };
}
