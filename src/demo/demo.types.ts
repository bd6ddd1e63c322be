/**
 * The demo platform's persisted model. It is shaped like a small LMS rather than like the
 * one flow built today, so the next features fit without a rewrite:
 * - deep linking (built): a resource link records its `origin` and the tool it points at; a
 *   launch handle records its message type; the `data` of a deep-linking request and the
 *   nonces of the responses are memory-only, like launch handles (see deep-link-requests.ts);
 * - dynamic registration: tools are a list of registrations (`origin: 'builtin' | 'dynamic'`),
 *   each with its own client id, redirect URIs and keyset, and deployments point at tools;
 * - platform storage: launch handles are server-side, so a `lti_storage_target` can be added
 *   to the login initiation without changing what is stored.
 */
import type { JWK } from 'jose';
import type { MessageType } from './lti-vocab';

export type PersonKind = 'teacher' | 'student' | 'admin';

export interface DemoPerson {
  id: string; // the LTI `sub`: stable, opaque to the tool
  kind: PersonKind;
  name: string;
  givenName: string;
  familyName: string;
  /** How the LMS shows the person (with an honorific for staff); never sent to the tool. */
  displayName: string;
  institutionRoles: string[];
}

export interface DemoContext {
  id: string;
  kind: 'class' | 'school';
  label: string;
  title: string;
  type: string; // LIS context type URI
}

export interface DemoMembership {
  contextId: string;
  userId: string;
  roles: string[]; // context (membership) role URIs
  status: 'Active' | 'Inactive' | 'Deleted';
}

export interface DemoResourceLink {
  id: string;
  contextId: string;
  toolClientId: string;
  title: string;
  purpose: 'lesson' | 'school-report';
  origin: 'seed' | 'deep-linking';
  /** The content item's `text` (deep linking), shown under the title. */
  text?: string;
  /** Who added it (deep linking): the LMS user id of the teacher. */
  createdBy?: string;
  createdAt?: string;
  /** undefined = the tool's registered target link URI */
  targetLinkUri?: string;
  custom: Record<string, string>;
  lineItemId?: string;
}

export interface DemoLineItem {
  id: string;
  contextId: string;
  scoreMaximum: number;
  label: string;
  resourceId?: string;
  resourceLinkId?: string;
  tag?: string;
  startDateTime?: string;
  endDateTime?: string;
  gradesReleased?: boolean;
  /** platform: seeded; tool: posted through AGS; deep-linking: declared in a content item. */
  createdBy: 'platform' | 'tool' | 'deep-linking';
}

/** The last score accepted for (line item, user), as the tool posted it. */
export interface DemoScore {
  lineItemId: string;
  userId: string;
  receivedAt: string;
  score: Record<string, unknown> & {
    userId: string;
    timestamp: string;
    activityProgress: string;
    gradingProgress: string;
    scoreGiven?: number;
    scoreMaximum?: number;
    comment?: string;
  };
}

/** Test switch: the next `remaining` requests of `target` answer `status`. Off by default. */
export interface DemoFault {
  target: 'score-post';
  status: 429 | 500 | 503;
  remaining: number;
}

export interface DemoToolRegistration {
  clientId: string;
  name: string;
  origin: 'builtin' | 'dynamic';
  loginUrl: string;
  redirectUris: string[];
  targetLinkUri: string;
  keysetUrl: string;
  deploymentIds: string[];
}

export interface DemoPlatformKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: string;
}

export interface DemoStateData {
  version: 1;
  platformGuid: string;
  keys: DemoPlatformKey[];
  school: { deploymentId: string; name: string };
  tools: DemoToolRegistration[];
  people: DemoPerson[];
  contexts: DemoContext[];
  memberships: DemoMembership[];
  resourceLinks: DemoResourceLink[];
  lineItems: DemoLineItem[];
  scores: DemoScore[];
  faults: DemoFault[];
}

/**
 * What `lti_message_hint` stands for: kept server-side, the hint itself is random. A
 * resource-link launch names its link; a deep-linking launch (adding an activity) has none.
 */
export interface LaunchHandle {
  messageType: MessageType;
  userId: string;
  contextId: string;
  resourceLinkId?: string;
  locale: 'vi' | 'en';
  toolClientId: string;
  expiresAt: number;
}
