/**
 * Server-side view rendering: one private Handlebars instance (never the global one, so tests
 * and apps cannot leak helpers into each other), partials from views/partials/** named by their
 * relative path ("player/quiz"), every page wrapped in views/layouts/main.hbs.
 * Templates stay logic-free: view models hand them ready-made strings and booleans; the helpers
 * below only translate, compare and serialise.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { UI_LOCALES, type I18n, type UiLocale } from '../i18n';

export interface RenderContext {
  locale: UiLocale;
  /** Page title (already localized); the product name is appended by the layout. */
  title: string;
  cspNonce?: string;
  /** Builds the language-switcher URL for a locale; omit to hide the switcher. */
  switcherUrl?: (lng: string) => string;
  /**
   * Session token for <meta name="fs-session"> (read by the client script). When absent, a
   * string `token` on the model is used, so player pages need nothing extra.
   */
  sessionToken?: string;
}

export interface ViewRenderer {
  render(page: string, model: object, ctx: RenderContext): string;
}

type Template = Handlebars.TemplateDelegate;

/** Own names of each UI locale, shown in the switcher so a lost student finds their language. */
const LOCALE_NAMES: Record<UiLocale, string> = { vi: 'Tiếng Việt', en: 'English', fr: 'Français', id: 'Bahasa Indonesia' };

export interface ViewRendererOptions {
  viewsDir: string;
  i18n: I18n;
  cache: boolean;
  /**
   * Fingerprinted URL of a file in public/ (src/web/static-assets.ts), for {{asset "css/app.css"}}.
   * Without it (unit tests, standalone renderers) the helper yields the plain /static/ URL.
   */
  assetUrl?: (rel: string) => string;
}

export function createViewRenderer(opts: ViewRendererOptions): ViewRenderer {
  const hbs = Handlebars.create();
  registerHelpers(hbs, opts.i18n);
  const assetUrl = opts.assetUrl ?? ((rel: string) => `/static/${rel}`);
  // {{asset "js/player.js"}}: /static/js/player.js?v=<content hash>, cacheable for a year.
  // Escaped as usual, except "=" (Handlebars writes &#x3D;), so the HTML carries the plain URL.
  hbs.registerHelper('asset', (rel: unknown) => new hbs.SafeString(hbs.escapeExpression(assetUrl(String(rel))).replace(/&#x3D;/g, '=')));
  const compiled = new Map<string, Template>();
  let partialsLoaded = false;

  function template(name: string): Template {
    const hit = opts.cache ? compiled.get(name) : undefined;
    if (hit) return hit;
    const file = path.join(opts.viewsDir, `${name}.hbs`);
    // A page name comes from our own code, but refuse anything that escapes the views folder.
    if (!path.resolve(file).startsWith(path.resolve(opts.viewsDir) + path.sep)) throw new Error(`bad view name ${name}`);
    const fn = hbs.compile(fs.readFileSync(file, 'utf8'), { strict: false, preventIndent: true });
    if (opts.cache) compiled.set(name, fn);
    return fn;
  }

  function loadPartials(): void {
    if (opts.cache && partialsLoaded) return;
    const root = path.join(opts.viewsDir, 'partials');
    for (const file of walk(root)) {
      const name = path.relative(root, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
      hbs.registerPartial(name, fs.readFileSync(file, 'utf8'));
    }
    partialsLoaded = true;
  }

  return {
    render(page, model, ctx) {
      loadPartials();
      // Per-render data: helpers read the locale from here, so one instance serves all locales.
      const data = { locale: ctx.locale, nonce: ctx.cspNonce };
      const body = template(page)(model, { data });
      const token = ctx.sessionToken ?? (typeof (model as { token?: unknown }).token === 'string' ? (model as { token: string }).token : undefined);
      const layout = {
        lang: ctx.locale,
        title: ctx.title,
        nonce: ctx.cspNonce,
        sessionToken: token,
        body,
        languages: ctx.switcherUrl
          ? UI_LOCALES.map((lng) => ({ code: lng, name: LOCALE_NAMES[lng], url: ctx.switcherUrl!(lng), current: lng === ctx.locale }))
          : undefined,
      };
      return template('layouts/main')(layout, { data });
    },
  };
}

function registerHelpers(hbs: typeof Handlebars, i18n: I18n): void {
  // {{t "player:progress" current=2 total=5}}: the key in the render's locale, params from the hash.
  hbs.registerHelper('t', function (key: unknown, options: Handlebars.HelperOptions) {
    const locale = (options.data as { locale?: string }).locale ?? 'en';
    return i18n.getFixedT(locale)(String(key), { ...(options.hash as object) });
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // {{concat domId "-text"}}: builds element ids for aria references (last argument is Handlebars' options).
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  // For <script type="application/json">: "<" and friends are escaped so text can never close
  // the script element or open a comment; U+2028/9 for old JS parsers.
  hbs.registerHelper('json', (value: unknown) => new hbs.SafeString(safeJson(value)));
  // {{tjson "player:client"}}: a subtree of strings as JSON, for the client script's messages.
  hbs.registerHelper('tjson', function (key: unknown, options: Handlebars.HelperOptions) {
    const locale = (options.data as { locale?: string }).locale ?? 'en';
    return new hbs.SafeString(safeJson(i18n.getFixedT(locale)(String(key), { returnObjects: true })));
  });
}

export function safeJson(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return walk(full);
    return e.name.endsWith('.hbs') ? [full] : [];
  });
}
