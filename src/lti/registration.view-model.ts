/**
 * What the LMS admin confirms before a dynamic registration (lti-dr/v1p0 §3.5.2): the tool,
 * its URLs, the messages, the services (only those the platform supports), the privacy level
 * and the platform it will be registered with. Ready-made strings for a logic-free template.
 */
import type { TFunction } from 'i18next';
import { SCOPES } from './services';
import { buildRegistrationRequest, requestedScopes } from './registration';
import { PLATFORM_CONFIG_CLAIM, TOOL_CONFIG_CLAIM, type PlatformConfiguration } from './registration.schemas';

const SCOPE_KEYS: Record<string, string> = {
  [SCOPES.lineItem]: 'lineItems',
  [SCOPES.score]: 'scores',
  [SCOPES.resultReadonly]: 'results',
  [SCOPES.nrps]: 'nrps',
};

export function confirmModel(publicUrl: string, config: PlatformConfiguration, configUrl: string, t: TFunction) {
  const req = buildRegistrationRequest(publicUrl, config, { names: false, description: '' });
  const pc = config[PLATFORM_CONFIG_CLAIM];
  const scopes = requestedScopes(config);
  return {
    tool: { name: req.client_name, logoUrl: req.logo_uri, description: t('registration:tool.description') },
    urls: [
      { label: t('registration:urls.launch'), value: req[TOOL_CONFIG_CLAIM].target_link_uri },
      { label: t('registration:urls.login'), value: req.initiate_login_uri },
      { label: t('registration:urls.keys'), value: req.jwks_uri },
      { label: t('registration:urls.redirect'), value: req.redirect_uris.join(' ') },
    ],
    messages: req[TOOL_CONFIG_CLAIM].messages.map((m) => ({
      label: t(`registration:messages.${m.type}`), type: m.type, target: m.target_link_uri,
    })),
    services: scopes.map((s) => ({ label: t(`registration:services.${SCOPE_KEYS[s] ?? 'other'}`), scope: s })),
    missingServices: [SCOPES.lineItem, SCOPES.score, SCOPES.resultReadonly, SCOPES.nrps]
      .filter((s) => !scopes.includes(s))
      .map((s) => ({ label: t(`registration:services.${SCOPE_KEYS[s]}`), scope: s })),
    platform: {
      product: pc.product_family_code,
      version: pc.version ?? '',
      issuer: config.issuer,
      host: new URL(configUrl).host,
    },
  };
}
export type ConfirmModel = ReturnType<typeof confirmModel>;
