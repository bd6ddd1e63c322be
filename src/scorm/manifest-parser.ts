/**
 * imsmanifest.xml → ScormManifest. Rules cited from the specs:
 * - SCORM 1.2 CAM 2.3 / SCORM 2004 CAM 3.4: organizations@default names the organization;
 *   without it (or when it names nothing) the first one is used.
 * - SCORM 2004 CAM 3.4.1.x (launch location): xml:base of manifest, resources and resource are
 *   prefixed to resource@href; item@parameters is appended after stripping its leading "?"/"&"
 *   (joined with "&" when href already has a query; a "#…" fragment is kept only if href has none).
 * - 1.2 adlcp:masteryscore → cmi.student_data.mastery_score; 2004 adlcp:completionThreshold →
 *   cmi.completion_threshold; imsss primaryObjective@satisfiedByMeasure + minNormalizedMeasure
 *   (default 1.0) → cmi.scaled_passing_score (SCORM 2004 RTE 4.2.18, SN 3.5 / 4.2.1.1).
 */
import path from 'node:path';
import { ScormError } from './errors';
import type { ScormManifest, ScormSco, ScormTocNode, ScormVersion } from './manifest.types';
import { attr, childrenNamed, descendants, firstChild, parseXml, XML_NAMESPACE, XmlSyntaxError, type XmlElement } from './xml-reader';

const isAdlcp = (uri: string) => /adlcp/i.test(uri);
const isImsss = (uri: string) => /imsss/i.test(uri);

export interface ParseManifestOptions {
  /** Whether a package-relative file exists; omit to skip file checks. */
  fileExists?: (relPath: string) => boolean;
}

function text(el: XmlElement | undefined): string {
  return (el?.text ?? '').trim();
}

function xmlBase(el: XmlElement | undefined): string {
  if (!el) return '';
  return el.attrs.find((a) => a.local === 'base' && a.ns === XML_NAMESPACE)?.value.trim() ?? '';
}

function detectVersion(root: XmlElement): { scormVersion: ScormVersion; schemaVersion: string } {
  const metadata = firstChild(root, 'metadata');
  const written = text(firstChild(metadata, 'schemaversion'));
  if (written) {
    if (/^1\.[0-2]\b/.test(written)) return { scormVersion: '1.2', schemaVersion: written };
    if (/CAM\s*1\.3|2004/i.test(written)) return { scormVersion: '2004', schemaVersion: written };
  }
  // No (or an odd) schemaversion: the adlcp namespace tells the version (adlcp_rootv1p2 vs adlcp_v1p3).
  const uris = root.attrs.filter((a) => a.ns === 'xmlns' || a.name === 'xmlns').map((a) => a.value).join(' ');
  if (/adlcp_rootv1p2|imscp_rootv1p1p2/i.test(uris)) return { scormVersion: '1.2', schemaVersion: written || '1.2' };
  if (/adlcp_v1p3|imsss/i.test(uris)) return { scormVersion: '2004', schemaVersion: written || '2004' };
  throw new ScormError('manifest_invalid', `unknown SCORM version "${written}"`, { version: written || '?' });
}

/** Joins xml:base prefixes and href; refuses absolute URLs and paths that leave the package. */
function launchPath(bases: string[], href: string, parameters: string | undefined): { launch: string; file: string } {
  const joined = [...bases.filter(Boolean), href].reduce((acc, part) => {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(part)) throw new ScormError('manifest_invalid', 'a launch URL points outside the package', { href });
    if (part.startsWith('/')) throw new ScormError('manifest_invalid', 'a launch URL is absolute', { href });
    return acc && !acc.endsWith('/') ? `${acc}/${part}` : `${acc}${part}`;
  }, '');
  const cut = joined.search(/[?#]/);
  const filePart = cut < 0 ? joined : joined.slice(0, cut);
  let file: string;
  try {
    file = decodeURIComponent(filePart);
  } catch {
    throw new ScormError('manifest_invalid', 'a launch URL is badly encoded', { href });
  }
  const norm = path.posix.normalize(file);
  if (norm.startsWith('../') || norm === '..' || path.posix.isAbsolute(norm)) {
    throw new ScormError('manifest_invalid', 'a launch URL leaves the package', { href });
  }
  let launch = `${norm.split('/').map(encodeURIComponent).join('/')}${cut < 0 ? '' : joined.slice(cut)}`;
  const p = (parameters ?? '').trim().replace(/^[?&]+/, '');
  if (p) {
    if (p.startsWith('#')) { if (!launch.includes('#')) launch += p; } else launch += (launch.includes('?') ? '&' : '?') + p;
  }
  return { launch, file: norm };
}

function num(s: string | undefined, min: number, max: number): number | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s.trim());
  return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
}

function scaledPassingScore(item: XmlElement): number | undefined {
  const seq = item.children.find((c) => c.local === 'sequencing' && isImsss(c.ns));
  const objectives = seq && firstChild(seq, 'objectives');
  const primary = objectives && firstChild(objectives, 'primaryObjective');
  if (!primary || attr(primary, 'satisfiedByMeasure') !== 'true') return undefined;
  const measure = firstChild(primary, 'minNormalizedMeasure');
  return measure ? num(text(measure), -1, 1) : 1;
}

function completionThreshold(item: XmlElement): number | undefined {
  const el = item.children.find((c) => c.local === 'completionThreshold' && isAdlcp(c.ns));
  if (!el) return undefined;
  // 4th Edition: attributes (completedByMeasure, minProgressMeasure); 2nd/3rd: element text.
  if (attr(el, 'minProgressMeasure') !== undefined || attr(el, 'completedByMeasure') !== undefined) {
    return attr(el, 'completedByMeasure') === 'true' ? num(attr(el, 'minProgressMeasure') ?? '1', 0, 1) : undefined;
  }
  return num(text(el), 0, 1);
}

function adlcpText(item: XmlElement, ...names: string[]): string | undefined {
  const el = item.children.find((c) => names.includes(c.local.toLowerCase()) && isAdlcp(c.ns));
  const t = text(el);
  return t || undefined;
}

export function parseManifest(xml: string, opts: ParseManifestOptions = {}): ScormManifest {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new ScormError('manifest_invalid', `imsmanifest.xml is not well-formed: ${e.message}`, { reason: e.message });
    throw e;
  }
  if (root.local !== 'manifest') throw new ScormError('manifest_invalid', `root element is <${root.name}>, not <manifest>`, { reason: 'root' });
  const { scormVersion, schemaVersion } = detectVersion(root);
  const identifier = attr(root, 'identifier') ?? 'package';

  const orgsEl = firstChild(root, 'organizations');
  const orgs = orgsEl ? childrenNamed(orgsEl, 'organization') : [];
  const wanted = orgsEl && attr(orgsEl, 'default');
  const org = orgs.find((o) => attr(o, 'identifier') === wanted) ?? orgs[0];
  if (!org) throw new ScormError('manifest_no_organization', 'the manifest has no organization');

  const resourcesEl = firstChild(root, 'resources');
  const resources = new Map<string, XmlElement>();
  for (const r of resourcesEl ? childrenNamed(resourcesEl, 'resource') : []) {
    const id = attr(r, 'identifier');
    if (id) resources.set(id, r);
  }

  const scos: ScormSco[] = [];
  const seenIds = new Set<string>();
  function walk(item: XmlElement): ScormTocNode {
    const id = attr(item, 'identifier') ?? `item-${scos.length + seenIds.size + 1}`;
    if (seenIds.has(id)) throw new ScormError('manifest_invalid', `duplicate item identifier ${id}`, { reason: id });
    seenIds.add(id);
    const title = text(firstChild(item, 'title')) || id;
    const node: ScormTocNode = { id, title, children: [] };
    const ref = attr(item, 'identifierref');
    if (ref) {
      const res = resources.get(ref);
      if (!res) throw new ScormError('manifest_resource_missing', `item ${id} refers to a missing resource ${ref}`, { item: id, resource: ref });
      const href = attr(res, 'href');
      if (!href) throw new ScormError('manifest_resource_missing', `resource ${ref} has no href`, { item: id, resource: ref });
      const { launch, file } = launchPath([xmlBase(root), xmlBase(resourcesEl), xmlBase(res)], href.trim(), attr(item, 'parameters'));
      if (opts.fileExists && !opts.fileExists(file)) throw new ScormError('manifest_file_missing', `the launch file ${file} of item ${id} is not in the package`, { item: id, file });
      const type = (attr(res, 'scormType', isAdlcp) ?? attr(res, 'scormtype') ?? 'asset').toLowerCase();
      const sco: ScormSco = { id, resourceId: ref, title, scormType: type === 'sco' ? 'sco' : 'asset', launch, file };
      if (scormVersion === '1.2') {
        const ms = num(adlcpText(item, 'masteryscore'), 0, 100);
        if (ms !== undefined) sco.masteryScore = ms;
        const mt = adlcpText(item, 'maxtimeallowed');
        if (mt) sco.maxTimeAllowed = mt;
      } else {
        const ct = completionThreshold(item);
        if (ct !== undefined) sco.completionThreshold = ct;
        const sp = scaledPassingScore(item);
        if (sp !== undefined) sco.scaledPassingScore = sp;
      }
      const ld = adlcpText(item, 'datafromlms');
      if (ld) sco.launchData = ld;
      const tla = adlcpText(item, 'timelimitaction');
      if (tla) sco.timeLimitAction = tla;
      scos.push(sco);
      node.scoId = id;
    }
    node.children = childrenNamed(item, 'item').map(walk);
    return node;
  }
  const toc = childrenNamed(org, 'item').map(walk);
  if (scos.length === 0) throw new ScormError('manifest_no_sco', 'the default organization has no launchable item');
  return {
    identifier, scormVersion, schemaVersion,
    title: text(firstChild(org, 'title')) || identifier,
    organizationId: attr(org, 'identifier') ?? '', toc, scos,
  };
}

/** All <file href> entries the manifest lists (for diagnostics; not required to exist). */
export function listedFiles(xml: string): string[] {
  return descendants(parseXml(xml), 'file').map((f) => attr(f, 'href') ?? '').filter(Boolean);
}
