/**
 * Builds the id_token claims of a launch (LTI 1.3 Core §5.3–5.4, AGS 2.0 §3.2, NRPS 2.0 §3.6,
 * Deep Linking 2.0 §4.4). One builder per message type over the claims they share.
 */
import type { JWTPayload } from 'jose';
import type { DemoContext, DemoPerson, DemoResourceLink, DemoStateData, DemoToolRegistration, LaunchHandle } from './demo.types';
import { CLAIM, DL_ACCEPT_TARGETS, DL_ACCEPT_TYPES, DL_CLAIM, MESSAGE_TYPE, SCOPE } from './lti-vocab';
import type { DemoUrls } from './urls';

export const PRODUCT_FAMILY_CODE = 'first-shield-demo';

export interface LaunchSubject {
  handle: LaunchHandle;
  person: DemoPerson;
  context: DemoContext;
  link: DemoResourceLink;
  tool: DemoToolRegistration;
  contextRoles: string[];
}

type Subject = Omit<LaunchSubject, 'link'>;

/** The claims every launch of `s` carries, whatever its message type. */
function commonClaims(data: DemoStateData, urls: DemoUrls, s: Subject, nonce: string, targetLinkUri: string): JWTPayload {
  const { person, context, tool, handle } = s;
  return {
    iss: urls.issuer,
    aud: tool.clientId,
    azp: tool.clientId,
    sub: person.id,
    nonce,
    name: person.name,
    given_name: person.givenName,
    family_name: person.familyName,
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: data.school.deploymentId,
    [CLAIM.targetLinkUri]: targetLinkUri,
    [CLAIM.roles]: [...s.contextRoles, ...person.institutionRoles],
    [CLAIM.context]: { id: context.id, label: context.label, title: context.title, type: [context.type] },
    [CLAIM.launchPresentation]: {
      locale: handle.locale,
      document_target: 'iframe',
      return_url: context.kind === 'class' ? urls.classPage(context.id) : urls.base,
    },
    [CLAIM.toolPlatform]: {
      guid: data.platformGuid,
      name: data.school.name,
      product_family_code: PRODUCT_FAMILY_CODE,
      version: '1',
    },
  };
}

export function resourceLinkClaims(data: DemoStateData, urls: DemoUrls, s: LaunchSubject, nonce: string): JWTPayload {
  const { context, link, tool } = s;
  const claims: JWTPayload = {
    ...commonClaims(data, urls, s, nonce, link.targetLinkUri ?? tool.targetLinkUri),
    [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
    [CLAIM.resourceLink]: { id: link.id, title: link.title },
    [CLAIM.ags]: {
      scope: [SCOPE.lineItem, SCOPE.resultReadonly, SCOPE.score],
      lineitems: urls.lineItems(context.id),
      ...(link.lineItemId && data.lineItems.some((li) => li.id === link.lineItemId)
        ? { lineitem: urls.lineItem(context.id, link.lineItemId) } : {}),
    },
    [CLAIM.nrps]: { context_memberships_url: urls.memberships(context.id), service_versions: ['2.0'] },
  };
  if (Object.keys(link.custom).length > 0) claims[CLAIM.custom] = { ...link.custom };
  return claims;
}

/**
 * A teacher adding activities (DL 2.0 §4.4): no resource link yet; `deep_linking_settings`
 * says where to send the choice and what the class accepts; `data` names the server-side
 * record of this request and must come back, once, in the response.
 */
export function deepLinkingClaims(data: DemoStateData, urls: DemoUrls, s: Subject, nonce: string, dlData: string): JWTPayload {
  return {
    ...commonClaims(data, urls, s, nonce, s.tool.targetLinkUri),
    [CLAIM.messageType]: MESSAGE_TYPE.deepLinking,
    [DL_CLAIM.settings]: {
      deep_link_return_url: urls.deepLinkReturn,
      accept_types: [...DL_ACCEPT_TYPES],
      accept_presentation_document_targets: [...DL_ACCEPT_TARGETS],
      accept_multiple: true,
      accept_lineitem: true,
      auto_create: true,
      title: `First Shield activity for ${s.context.title}`,
      data: dlData,
    },
  };
}
