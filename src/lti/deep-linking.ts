/**
 * Deep Linking 2.0 response (LTI DL 2.0 §4.2): a JWT signed with the tool key whose iss is the
 * tool's client id and aud the platform issuer, echoing the deployment and the request's
 * `data`, carrying one ltiResourceLink per chosen lesson with its line item (§3.4.1) so the LMS
 * creates gradebook columns before any student submits.
 */
import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import type { ToolKeys } from './keys';
import type { Platform } from './platform.repository';

export const DL_CLAIM = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

export interface DeepLinkItem {
  title: string;
  text?: string;
  lessonId: string;
  /** Tag for the line item, so the tool can find its own columns again. */
  tag?: string;
  scoreMaximum?: number;
}

/** lineItems: false when the platform said accept_lineitem = false (DL 2.0 §4.4.1). */
export interface DeepLinkContext { returnUrl: string; data?: string; deploymentId: string; lineItems?: boolean }

export async function signDeepLinkResponse(keys: ToolKeys, platform: Platform, ctx: DeepLinkContext, items: DeepLinkItem[], launchUrl: string, message?: string): Promise<string> {
  const { kid, key } = await keys.signingKey();
  const contentItems = items.map((i) => ({
    type: 'ltiResourceLink',
    title: i.title,
    ...(i.text ? { text: i.text } : {}),
    url: launchUrl,
    custom: { lesson: i.lessonId },
    ...(ctx.lineItems === false ? {} : { lineItem: { scoreMaximum: i.scoreMaximum ?? 100, label: i.title, resourceId: i.lessonId, tag: i.tag ?? 'first-shield' } }),
  }));
  return new SignJWT({
    nonce: crypto.randomBytes(16).toString('base64url'),
    'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
    'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
    'https://purl.imsglobal.org/spec/lti/claim/deployment_id': ctx.deploymentId,
    ...(ctx.data !== undefined ? { [`${DL_CLAIM}data`]: ctx.data } : {}),
    [`${DL_CLAIM}content_items`]: contentItems,
    ...(message ? { [`${DL_CLAIM}msg`]: message } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}
