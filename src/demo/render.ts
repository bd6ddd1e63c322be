/**
 * A small Handlebars renderer for the demo's own templates (views/demo), with one layout.
 * Templates are compiled once, on first use. Output is escaped by Handlebars.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

export interface DemoRenderer {
  /** Renders `views/demo/<name>.hbs` inside the layout (unless `layout: false`). */
  page(name: string, model: Record<string, unknown>, opts?: { layout?: boolean }): string;
}

export function createRenderer(viewsDir: string): DemoRenderer {
  const hbs = Handlebars.create();
  const cache = new Map<string, Handlebars.TemplateDelegate>();
  let partialsLoaded = false;
  const template = (name: string) => {
    if (!partialsLoaded) {
      // Files named `_<name>.hbs` are partials, used as {{> name}}.
      for (const f of fs.readdirSync(viewsDir)) {
        if (f.startsWith('_') && f.endsWith('.hbs')) hbs.registerPartial(f.slice(1, -4), fs.readFileSync(path.join(viewsDir, f), 'utf8'));
      }
      partialsLoaded = true;
    }
    let t = cache.get(name);
    if (!t) {
      t = hbs.compile(fs.readFileSync(path.join(viewsDir, `${name}.hbs`), 'utf8'), { strict: false });
      cache.set(name, t);
    }
    return t;
  };
  return {
    page(name, model, opts = {}) {
      const body = template(name)(model);
      if (opts.layout === false) return body;
      return template('layout')({ ...model, body });
    },
  };
}
