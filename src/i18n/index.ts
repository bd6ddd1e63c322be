/**
 * i18next set-up and locale negotiation. UI strings live in locales/<lng>/<namespace>.json;
 * every namespace file found is loaded at start (no network back-end, no lazy loading).
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18n, type TFunction } from 'i18next';

export const UI_LOCALES = ['vi', 'en', 'fr', 'id'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];
export const DEFAULT_LOCALE: UiLocale = 'vi';
export type { I18n, TFunction };

export function isUiLocale(value: unknown): value is UiLocale {
  return typeof value === 'string' && (UI_LOCALES as readonly string[]).includes(value);
}

/** Loads every locales/<lng>/<ns>.json into a fresh i18next instance (never the global one). */
export async function createI18n(localesDir: string): Promise<I18n> {
  const resources: Record<string, Record<string, unknown>> = {};
  const namespaces = new Set<string>();
  for (const lng of UI_LOCALES) {
    const dir = path.join(localesDir, lng);
    resources[lng] = {};
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const ns = file.slice(0, -5);
      namespaces.add(ns);
      resources[lng][ns] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    }
  }
  const instance = i18next.createInstance();
  await instance.init({
    resources: resources as never,
    supportedLngs: [...UI_LOCALES],
    fallbackLng: { fr: ['en'], id: ['en'], vi: ['en'], default: ['en'] },
    ns: [...namespaces],
    defaultNS: 'common',
    fallbackNS: 'common',
    interpolation: { escapeValue: false }, // Handlebars escapes output
    returnNull: false,
    showSupportNotice: false,
  } as never);
  return instance;
}

/**
 * Picks the UI locale: an explicit choice (query/switcher) first, then the LTI launch's
 * launch_presentation.locale, then Accept-Language, then the default. "vi-VN" → "vi".
 */
export function negotiateLocale(...candidates: Array<string | undefined | null>): UiLocale {
  for (const candidate of candidates) {
    if (!candidate) continue;
    for (const part of candidate.split(',')) {
      const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
      const base = tag.split(/[-_]/)[0];
      if (isUiLocale(base)) return base;
    }
  }
  return DEFAULT_LOCALE;
}
