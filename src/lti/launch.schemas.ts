/**
 * LTI 1.3 claims, validated with zod after the signature check (LTI 1.3 Core §5.3, Deep
 * Linking 2.0 §4.4, AGS 2.0 §3.1, NRPS 2.0 §3.6). Vendor claims pass through untouched.
 */
import { z } from 'zod';

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const AGS_ENDPOINT = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
export const NRPS_CLAIM = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';
export const DL_SETTINGS = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';

export const MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] as const;

const Common = z.looseObject({
  iss: z.string(),
  sub: z.string().min(1).max(255), // required for user launches; anonymous launches are not supported
  aud: z.union([z.string(), z.array(z.string())]),
  name: z.string().max(255).optional(),
  given_name: z.string().max(255).optional(),
  family_name: z.string().max(255).optional(),
  [`${LTI}deployment_id`]: z.string().min(1).max(255),
  [`${LTI}roles`]: z.array(z.string()),
  [`${LTI}context`]: z.looseObject({
    id: z.string().min(1).max(255),
    label: z.string().optional(),
    title: z.string().optional(),
    type: z.array(z.string()).optional(),
  }).optional(),
  [`${LTI}custom`]: z.record(z.string(), z.unknown()).optional(),
  [`${LTI}launch_presentation`]: z.looseObject({
    locale: z.string().optional(),
    document_target: z.string().optional(),
    return_url: z.string().optional(),
  }).optional(),
  [AGS_ENDPOINT]: z.looseObject({
    scope: z.array(z.string()).default([]),
    lineitems: z.url().optional(),
    lineitem: z.url().optional(),
  }).optional(),
  [NRPS_CLAIM]: z.looseObject({
    context_memberships_url: z.url(),
    service_versions: z.array(z.string()).optional(),
  }).optional(),
});

export const ResourceLinkClaims = Common.extend({
  [`${LTI}message_type`]: z.literal('LtiResourceLinkRequest'),
  [`${LTI}target_link_uri`]: z.url(),
  [`${LTI}resource_link`]: z.looseObject({ id: z.string().min(1).max(255), title: z.string().optional() }),
});

export const DeepLinkingClaims = Common.extend({
  [`${LTI}message_type`]: z.literal('LtiDeepLinkingRequest'),
  [DL_SETTINGS]: z.looseObject({
    deep_link_return_url: z.url(),
    accept_types: z.array(z.string()),
    accept_presentation_document_targets: z.array(z.string()).optional(),
    accept_multiple: z.boolean().optional(),
    accept_lineitem: z.boolean().optional(),
    auto_create: z.boolean().optional(),
    data: z.string().optional(),
  }),
});

export type ResourceLinkClaims = z.infer<typeof ResourceLinkClaims>;
export type DeepLinkingClaims = z.infer<typeof DeepLinkingClaims>;
export type LaunchClaims = ResourceLinkClaims | DeepLinkingClaims;

/** Form fields strangers send: PostgreSQL text cannot hold NUL, so refuse it at the edge. */
const Field = () => z.string().regex(/^[^\0]*$/, 'contains a NUL character');

export const LoginParams = z.object({
  iss: Field().min(1),
  login_hint: Field().min(1),
  target_link_uri: z.url(),
  lti_message_hint: Field().optional(),
  client_id: Field().optional(),
  lti_deployment_id: Field().optional(),
  lti_storage_target: Field().optional(),
});

export const LaunchBody = z.object({ id_token: Field().min(1), state: Field().min(1).max(200) });

/** Role URIs (LTI 1.3 Core §A.2). Short names are deprecated but still sent by some LMSs. */
export const ROLES = {
  learner: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner', 'Learner'],
  instructor: [
    'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
    'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
    'http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper',
    'Instructor',
  ],
  admin: [
    'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
    'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
    'http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator',
  ],
} as const;

export type RoleKind = 'learner' | 'instructor' | 'admin';

/** The view a set of roles leads to: teaching beats administering beats learning in a class. */
export function roleKind(roles: readonly string[]): RoleKind | undefined {
  const has = (list: readonly string[]) => roles.some((r) => list.includes(r));
  if (has(ROLES.instructor)) return 'instructor';
  if (has(ROLES.admin)) return 'admin';
  if (has(ROLES.learner)) return 'learner';
  return undefined;
}
