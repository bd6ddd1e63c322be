/**
 * A small, dependency-free XML reader for imsmanifest.xml: elements, attributes, text, CDATA,
 * comments, processing instructions, a skipped DOCTYPE (never expanded: no external entities,
 * no entity bombs), the five predefined entities and character references, and namespaces
 * resolved to URIs (packages use whatever prefix they like for adlcp/imsss). It refuses
 * malformed markup with a message naming the line instead of guessing.
 */

export interface XmlAttr { name: string; local: string; ns: string; value: string }
export interface XmlElement {
  name: string;
  local: string;
  ns: string;
  attrs: XmlAttr[];
  children: XmlElement[];
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(`${message} (line ${line})`);
    this.name = 'XmlSyntaxError';
  }
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string, fail: (msg: string) => never = (m) => { throw new Error(m); }): string {
  return s.replace(/&([^;&\s]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) fail(`unterminated entity "${whole}"`);
    if (body in ENTITIES) return ENTITIES[body]!;
    const code = body.startsWith('#x') ? parseInt(body.slice(2), 16) : body.startsWith('#') ? parseInt(body.slice(1), 10) : NaN;
    if (!Number.isFinite(code) || code < 1 || code > 0x10ffff) fail(`unknown entity "&${body};"`);
    return String.fromCodePoint(code);
  });
}

interface Open { el: XmlElement; nsMap: Map<string, string> }

export function parseXml(input: string): XmlElement {
  const src = input.replace(/^\uFEFF/, '');
  let pos = 0;
  const lineAt = (p: number) => src.slice(0, p).split('\n').length;
  const fail = (msg: string, at = pos): never => { throw new XmlSyntaxError(msg, lineAt(at)); };
  const stack: Open[] = [];
  let root: XmlElement | undefined;

  function skipPast(token: string, what: string): void {
    const end = src.indexOf(token, pos);
    if (end < 0) fail(`unterminated ${what}`);
    pos = end + token.length;
  }

  function resolve(qname: string, nsMap: Map<string, string>, isAttr: boolean): { local: string; ns: string } {
    const i = qname.indexOf(':');
    if (i < 0) return { local: qname, ns: isAttr ? '' : nsMap.get('') ?? '' };
    const prefix = qname.slice(0, i);
    if (prefix === 'xml') return { local: qname.slice(i + 1), ns: XML_NS };
    if (prefix === 'xmlns') return { local: qname.slice(i + 1), ns: 'xmlns' };
    const ns = nsMap.get(prefix);
    // An undeclared prefix is common in hand-made manifests: keep the prefix as the namespace.
    return { local: qname.slice(i + 1), ns: ns ?? `prefix:${prefix}` };
  }

  function readTag(): void {
    const start = pos;
    pos++; // '<'
    const m = NAME.exec(src.slice(pos, pos + 200));
    if (!m) fail('bad element name');
    const qname = m![0];
    pos += qname.length;
    const raw: Array<{ name: string; value: string }> = [];
    for (;;) {
      const ws = /^\s*/.exec(src.slice(pos, pos + 1000))![0];
      pos += ws.length;
      if (pos >= src.length) fail(`unterminated tag <${qname}>`, start);
      if (src.startsWith('/>', pos) || src[pos] === '>') break;
      if (!ws) fail(`expected whitespace in <${qname}>`);
      const an = NAME.exec(src.slice(pos, pos + 200));
      if (!an) fail(`bad attribute in <${qname}>`);
      pos += an![0].length;
      const eq = /^\s*=\s*(["'])/.exec(src.slice(pos, pos + 100));
      if (!eq) fail(`attribute ${an![0]} of <${qname}> has no quoted value`);
      pos += eq![0].length;
      const close = src.indexOf(eq![1]!, pos);
      if (close < 0) fail(`unterminated attribute ${an![0]}`);
      const value = src.slice(pos, close);
      if (value.includes('<')) fail(`"<" in attribute ${an![0]}`);
      raw.push({ name: an![0], value: decodeEntities(value, (msg) => fail(msg)).replace(/[\t\n\r]/g, ' ') });
      pos = close + 1;
    }
    const selfClosing = src[pos] === '/';
    pos += selfClosing ? 2 : 1;
    const parentNs = stack[stack.length - 1]?.nsMap ?? new Map<string, string>();
    let nsMap = parentNs;
    for (const a of raw) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
        if (nsMap === parentNs) nsMap = new Map(parentNs);
        nsMap.set(a.name === 'xmlns' ? '' : a.name.slice(6), a.value);
      }
    }
    const seen = new Set<string>();
    const attrs: XmlAttr[] = raw.map((a) => {
      if (seen.has(a.name)) fail(`duplicate attribute ${a.name} in <${qname}>`);
      seen.add(a.name);
      return { name: a.name, ...resolve(a.name, nsMap, true), value: a.value };
    });
    const el: XmlElement = { name: qname, ...resolve(qname, nsMap, false), attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.el.children.push(el);
    else if (root) fail('more than one root element', start);
    else root = el;
    if (!selfClosing) stack.push({ el, nsMap });
  }

  while (pos < src.length) {
    const lt = src.indexOf('<', pos);
    const textEnd = lt < 0 ? src.length : lt;
    if (textEnd > pos) {
      const text = src.slice(pos, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.el.text += decodeEntities(text, (msg) => fail(msg));
      else if (text.trim()) fail('text outside the root element');
      pos = textEnd;
      continue;
    }
    if (src.startsWith('<!--', pos)) skipPast('-->', 'comment');
    else if (src.startsWith('<![CDATA[', pos)) {
      const end = src.indexOf(']]>', pos);
      if (end < 0) fail('unterminated CDATA');
      const top = stack[stack.length - 1];
      if (!top) fail('CDATA outside the root element');
      top!.el.text += src.slice(pos + 9, end);
      pos = end + 3;
    } else if (src.startsWith('<?', pos)) skipPast('?>', 'processing instruction');
    else if (src.startsWith('<!DOCTYPE', pos)) {
      // Skipped, internal subset included; entities declared there are never expanded.
      const bracket = src.indexOf('[', pos);
      const gt = src.indexOf('>', pos);
      if (bracket >= 0 && gt > bracket) { pos = bracket; skipPast(']', 'DOCTYPE'); skipPast('>', 'DOCTYPE'); } else skipPast('>', 'DOCTYPE');
    } else if (src.startsWith('</', pos)) {
      const end = src.indexOf('>', pos);
      if (end < 0) fail('unterminated end tag');
      const name = src.slice(pos + 2, end).trim();
      const top = stack.pop();
      if (!top) fail(`unexpected </${name}>`);
      if (top!.el.name !== name) fail(`</${name}> closes <${top!.el.name}>`);
      pos = end + 1;
    } else readTag();
  }
  if (stack.length) fail(`<${stack[stack.length - 1]!.el.name}> is never closed`);
  if (!root) fail('no root element');
  return root!;
}

/** Attribute by local name, optionally restricted to a namespace test. */
export function attr(el: XmlElement, local: string, ns?: (uri: string) => boolean): string | undefined {
  const a = el.attrs.find((x) => x.local.toLowerCase() === local.toLowerCase() && x.ns !== 'xmlns' && (!ns || ns(x.ns)));
  return a?.value;
}

export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local);
}

export function firstChild(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local);
}

/** Depth-first search for descendants by local name. */
export function descendants(el: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.local === local) out.push(c);
    out.push(...descendants(c, local));
  }
  return out;
}

export const XML_NAMESPACE = XML_NS;
