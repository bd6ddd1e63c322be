/**
 * Builds the id_token claims of a launch (LTI 1.3 Core §5.3–5.4, AGS 2.0 §3.2, NRPS 2.0 §3.6).
 * One builder per message type; deep linking will add its own beside `resourceLinkClaims`.
 */
import type { JWTPayload } from 'jose';
import type { DemoContext, DemoPerson, DemoResourceLink, DemoStateData, DemoToolRegistration, LaunchHandle } from './demo.types';
import { CLAIM, MESSAGE_TYPE, SCOPE } from './lti-vocab';
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

export function resourceLinkClaims(data: DemoStateData, urls: DemoUrls, s: LaunchSubject, nonce: string): JWTPayload {
  const { person, context, link, tool, handle } = s;
  const claims: JWTPayload = {
    iss: urls.issuer,
    aud: tool.clientId,
    azp: tool.clientId,
    sub: person.id,
    nonce,
    name: person.name,
    given_name: person.givenName,
    family_name: person.familyName,
    [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: data.school.deploymentId,
    [CLAIM.targetLinkUri]: link.targetLinkUri ?? tool.targetLinkUri,
    [CLAIM.resourceLink]: { id: link.id, title: link.title },
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
