/**
 * LTI 1.3 / Advantage vocabulary the demo platform speaks: claim names (LTI 1.3 Core §5),
 * AGS 2.0 and NRPS 2.0 scopes and media types, LIS v2 role URIs (LTI 1.3 Core §A.2).
 */
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  launchPresentation: `${LTI}launch_presentation`,
  toolPlatform: `${LTI}tool_platform`,
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
} as const;

export const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

/** Scopes the token endpoint can grant; anything else requested is silently left out. */
export const KNOWN_SCOPES: readonly string[] = Object.values(SCOPE);

export const MEDIA = {
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
  membershipContainer: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
} as const;

export const ROLE = {
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  contextAdministrator: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator',
  institutionStudent: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student',
  institutionFaculty: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty',
  institutionAdministrator: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
} as const;

export const CONTEXT_TYPE = {
  courseOffering: 'http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering',
  group: 'http://purl.imsglobal.org/vocab/lis/v2/course#Group',
} as const;

export const MESSAGE_TYPE = {
  resourceLink: 'LtiResourceLinkRequest',
  deepLinking: 'LtiDeepLinkingRequest',
} as const;
export type MessageType = (typeof MESSAGE_TYPE)[keyof typeof MESSAGE_TYPE];

/** Deep Linking 2.0 (§4.4 request, §4.2 response). */
export const DL_CLAIM = {
  settings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  data: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  msg: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
  log: 'https://purl.imsglobal.org/spec/lti-dl/claim/log',
  errormsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/errormsg',
  errorlog: 'https://purl.imsglobal.org/spec/lti-dl/claim/errorlog',
} as const;
export const DL_RESPONSE_MESSAGE_TYPE = 'LtiDeepLinkingResponse';
/** What the demo accepts back: LTI resource links only, shown in the LMS frame or a new window. */
export const DL_ACCEPT_TYPES = ['ltiResourceLink'] as const;
export const DL_ACCEPT_TARGETS = ['iframe', 'window'] as const;

export const ACTIVITY_PROGRESS = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'] as const;
export const GRADING_PROGRESS = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'] as const;
