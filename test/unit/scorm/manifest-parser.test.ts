import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseManifest, ScormError } from '../../../src/scorm';

const FIX = path.resolve(__dirname, '../../fixtures/scorm');
const m2004 = (body: string, extra = '') => `<?xml version="1.0"?>
<manifest identifier="m1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss" ${extra}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>${body}</manifest>`;

function code(fn: () => unknown): string {
  try { fn(); } catch (e) { return e instanceof ScormError ? e.code : `not a ScormError: ${String(e)}`; }
  return 'no error';
}

describe('manifest parser', () => {
  it('reads the SCORM 1.2 test package: version, title with entity, mastery score, parameters', () => {
    const m = parseManifest(fs.readFileSync(path.join(FIX, 'tiny-scorm12/imsmanifest.xml'), 'utf8'));
    expect(m).toMatchObject({ identifier: 'org.firstshield.test.tiny12', scormVersion: '1.2', schemaVersion: '1.2', title: 'Tiny & safe: a SCORM 1.2 check', organizationId: 'org1' });
    expect(m.scos).toEqual([{ id: 'item1', resourceId: 'res1', title: 'Passwords quiz', scormType: 'sco', launch: 'index.html?mode=test', file: 'index.html', masteryScore: 70 }]);
    expect(m.toc).toEqual([{ id: 'item1', title: 'Passwords quiz', scoId: 'item1', children: [] }]);
  });

  it('uses the default organization, else the first; nests items; reads 2004 thresholds', () => {
    const xml = m2004(`<organizations default="b">
      <organization identifier="a"><title>A</title><item identifier="ia" identifierref="r1"><title>x</title></item></organization>
      <organization identifier="b"><title>B</title>
        <item identifier="topic"><title>Topic</title>
          <item identifier="s1" identifierref="r1" parameters="&amp;p=1"><title>One</title>
            <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/>
            <imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives></imsss:sequencing>
          </item>
          <item identifier="s2" identifierref="r2"><title>Two</title><adlcp:completionThreshold>0.5</adlcp:completionThreshold>
            <imsss:sequencing><imsss:objectives><imsss:primaryObjective satisfiedByMeasure="true"/></imsss:objectives></imsss:sequencing></item>
        </item>
      </organization></organizations>
      <resources xml:base="content/"><resource identifier="r1" adlcp:scormType="sco" href="one.html?x=1" xml:base="a/"/>
        <resource identifier="r2" adlcp:scormType="asset" href="two%20b.html"/></resources>`, 'xml:base="pkg/"');
    const m = parseManifest(xml);
    expect(m.organizationId).toBe('b');
    expect(m.scormVersion).toBe('2004');
    expect(m.toc[0]).toMatchObject({ id: 'topic', title: 'Topic', children: [{ id: 's1', scoId: 's1' }, { id: 's2', scoId: 's2' }] });
    expect(m.toc[0]!.scoId).toBeUndefined();
    expect(m.scos[0]).toMatchObject({ launch: 'pkg/content/a/one.html?x=1&p=1', file: 'pkg/content/a/one.html', completionThreshold: 0.8, scaledPassingScore: 0.6, scormType: 'sco' });
    expect(m.scos[1]).toMatchObject({ launch: 'pkg/content/two%20b.html', file: 'pkg/content/two b.html', completionThreshold: 0.5, scaledPassingScore: 1, scormType: 'asset' });
    const fallback = parseManifest(xml.replace('default="b"', 'default="zzz"'));
    expect(fallback.organizationId).toBe('a');
  });

  it('detects versions: CAM 1.3, 2nd/3rd Edition, and by namespace without schemaversion; lowercase scormtype', () => {
    for (const v of ['CAM 1.3', '2004 2nd Edition', '2004 3rd Edition']) {
      expect(parseManifest(m2004('<organizations><organization identifier="o"><item identifier="i" identifierref="r"/></organization></organizations><resources><resource identifier="r" href="a.html" adlcp:scormtype="sco"/></resources>').replace('2004 4th Edition', v)).scormVersion).toBe('2004');
    }
    const no12 = `<manifest identifier="x" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adl="http://www.adlnet.org/xsd/adlcp_rootv1p2">
      <organizations><organization identifier="o"><item identifier="i" identifierref="r"><adl:masteryscore>55</adl:masteryscore></item></organization></organizations>
      <resources><resource identifier="r" href="a.html" adl:scormtype="sco"/></resources></manifest>`;
    const m = parseManifest(no12);
    expect(m).toMatchObject({ scormVersion: '1.2', scos: [{ scormType: 'sco', masteryScore: 55, title: 'i' }] });
  });

  it('parses both golf packages', () => {
    // The zips are unpacked in the integration test; here only the XML of a copy is needed.
    const xml = execFileSync('python3', ['-c', `import zipfile,sys;sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('imsmanifest.xml').decode())`, path.join(FIX, 'golf-2004-multi-sco-minimum-calls.zip')], { encoding: 'utf8' });
    const m = parseManifest(xml);
    expect(m.scos).toHaveLength(18);
    expect(m.toc.map((t) => t.title)).toEqual(['Playing the Game', 'Etiquette', 'Handicapping', 'Having Fun']);
    expect(m.scos.find((s) => s.id === 'playing_quiz_item')!.launch).toBe('shared/assessmenttemplate.html?questions=Playing');
  });

  it('refuses broken manifests with clear codes', () => {
    expect(code(() => parseManifest('<manifest><organizations>'))).toBe('scorm_manifest_invalid');
    expect(code(() => parseManifest('<html/>'))).toBe('scorm_manifest_invalid');
    expect(code(() => parseManifest(m2004('<organizations/><resources/>')))).toBe('scorm_manifest_no_organization');
    expect(code(() => parseManifest(m2004('<organizations><organization identifier="o"><item identifier="i"/></organization></organizations>')))).toBe('scorm_manifest_no_sco');
    const missingRes = m2004('<organizations><organization identifier="o"><item identifier="i" identifierref="nope"/></organization></organizations><resources/>');
    expect(code(() => parseManifest(missingRes))).toBe('scorm_manifest_resource_missing');
    const ok = m2004('<organizations><organization identifier="o"><item identifier="i" identifierref="r"/></organization></organizations><resources><resource identifier="r" href="a.html"/></resources>');
    expect(code(() => parseManifest(ok, { fileExists: () => false }))).toBe('scorm_manifest_file_missing');
    expect(code(() => parseManifest(ok.replace('a.html', '../../etc/passwd')))).toBe('scorm_manifest_invalid');
    expect(code(() => parseManifest(ok.replace('a.html', 'https://evil.example/x.html')))).toBe('scorm_manifest_invalid');
    expect(code(() => parseManifest(ok.replace('2004 4th Edition', '9.9').replace(/xmlns:adlcp="[^"]*"|xmlns:imsss="[^"]*"/g, '')))).toBe('scorm_manifest_invalid');
    expect(code(() => parseManifest('<!DOCTYPE x [<!ENTITY a "b">]><manifest>&a;</manifest>'))).toBe('scorm_manifest_invalid');
  });
});
