import path from 'node:path';
import { checkPackages, loadCatalog, CatalogError } from '../../../src/catalog';
import { checkB3 } from './load-b3';

const FIXTURES = path.resolve(__dirname, '../../fixtures/lessons');
const fixture = (name: string) => path.join(FIXTURES, name);
const PKG = 'a-1-fixture/v1';
/** Baseline for the v2 rules: story with art, chat, order, sort, quiz (draw 1 of 2), reflection, help. */
const KINDS = 'a-2-kinds/v1';

describe('content validator', () => {
  it('accepts lesson B-3 (the only package in modules/ these tests own)', async () => {
    expect(await checkB3()).toEqual([]);
  });

  it('accepts the baseline fixtures that every broken case is derived from', async () => {
    expect(await checkPackages(fixture('valid'))).toEqual([{ lesson: PKG, problems: [] }]);
    expect(await checkPackages(fixture('valid-kinds'))).toEqual([{ lesson: KINDS, problems: [] }]);
  });

  // One fixture per rule; each differs from "valid" by that rule only. The expected line must
  // name the package, the file and the key or JSON path at fault.
  const cases: Array<[string, RegExp]> = [
    ['invalid-json', /^a-1-fixture\/v1\/lesson\.json: invalid JSON: /],
    ['schema-error', /^a-1-fixture\/v1\/lesson\.json: minutes: .*expected number/],
    ['unknown-step-kind', /^a-1-fixture\/v1\/lesson\.json: steps\[1\]\.kind: unknown step kind "video"/],
    ['missing-translation', /^a-1-fixture\/v1\/locales\/vi\.json: key "quiz\.q-multi\.b\.text" is missing \(used by lesson\.json steps\[2\]\.items\[1\]\.options\[1\]\.text\)$/],
    ['locale-keys-differ', /^a-1-fixture\/v1\/locales\/en\.json: key "quiz\.q-single\.c\.text" is not used by lesson\.json and has no counterpart in vi\.json$/],
    ['missing-locale-file', /^a-1-fixture\/v1\/locales\/vi\.json: file is missing$/],
    ['single-without-correct', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.items\[0\]\.options: item "q-single" \(single\) needs exactly one correct option, has 0$/],
    ['single-two-correct', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.items\[0\]\.options: .*exactly one correct option, has 2$/],
    ['multiple-without-correct', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.items\[1\]\.options: item "q-multi" \(multiple\) has no correct option$/],
    ['truefalse-bad-ids', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.items\[2\]\.options: truefalse item "q-tf" must have exactly the options "true" and "false"$/],
    ['option-without-feedback', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.items\[1\]\.options\[2\]\.feedback: required field is missing/],
    ['feedback-text-blank', /^a-1-fixture\/v1\/locales\/en\.json: key "quiz\.q-single\.b\.feedback" has no text/],
    ['segment-without-feedback', /^a-1-fixture\/v1\/lesson\.json: steps\[1\]\.artefact\.segments\[2\]\.feedback: required field is missing/],
    ['spot-without-flag', /^a-1-fixture\/v1\/lesson\.json: steps\[1\]\.artefact\.segments: spot step "spot" has no flagged segment/],
    ['must-pass-unknown', /^a-1-fixture\/v1\/lesson\.json: mustPass\[0\]: "q-otp" is not the id of a quiz item or a spot, chat, order or sort step in this lesson$/],
    ['duplicate-ids', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.items\[1\]\.id: duplicate id "q-single" \(already used at steps\[2\]\.items\[0\]\.id\)$/],
    ['undeclared-objective', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.items\[2\]\.objective: objective "o-missing" is not declared/],
    ['draw-too-large', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.draw: draw 4 is larger than the bank \(3 items\)$/],
    ['zero-points', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.items\[1\]\.points: points must be > 0/],
    ['no-scored-steps', /^a-1-fixture\/v1\/lesson\.json: steps: the maximum score is 0/],
    ['version-mismatch', /^a-1-fixture\/v1\/lesson\.json: version: 2 does not match its folder "v1"$/],
    ['code-mismatch', /^a-1-fixture\/v1\/lesson\.json: code: code "A-2" does not match the id prefix of "a-1-fixture"$/],
    ['unknown-field', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.items\[0\]: unknown field\(s\) "feedbak"$/],
    ['option-without-text', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.items\[0\]\.options\[1\]\.text: option "b" of item "q-single" has no text key$/],
    ['duplicate-option-ids', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.items\[1\]\.options\[2\]\.id: duplicate option id "a" in item "q-multi"$/],
    ['duplicate-segment-ids', /^a-1-fixture\/v1\/lesson\.json: steps\[1\]\.artefact\.segments\[2\]\.id: duplicate segment id "prize" in step "spot"$/],
    ['objective-not-assessed', /^a-1-fixture\/v1\/lesson\.json: objectives\[2\]: objective "o-extra" is not assessed by any quiz item or spot, chat, order or sort step$/],
    ['must-pass-exceeds-draw', /^a-1-fixture\/v1\/lesson\.json: steps\[2\]\.draw: draw 2 cannot hold the step's 3 must-pass items$/],
    ['folder-mismatch', /^a-1-other-name\/v1\/lesson\.json: id: "a-1-fixture" does not match its folder "a-1-other-name"$/],
    // v2 format (fixtures derived from "valid-kinds", package a-2-kinds).
    ['draw-missing', /^a-2-kinds\/v1\/lesson\.json: steps\[4\]\.draw: required field is missing/],
    ['bank-too-small', /^a-2-kinds\/v1\/lesson\.json: steps\[4\]\.items: the bank has 2 items; draw 2 needs at least 3 \(1\.5 × draw\) so retries vary$/],
    ['must-pass-reflection', /^a-2-kinds\/v1\/lesson\.json: mustPass\[0\]: "reflect" is not the id of a quiz item or a spot, chat, order or sort step in this lesson$/],
    ['chat-start-missing', /^a-2-kinds\/v1\/lesson\.json: steps\[1\]\.start: start node "n0" is not a node of chat step "chat"$/],
    ['chat-next-missing', /^a-2-kinds\/v1\/lesson\.json: steps\[1\]\.nodes\[1\]\.choices\[0\]\.next: node "end-nowhere" does not exist in chat step "chat"$/],
    ['chat-unreachable', /^a-2-kinds\/v1\/lesson\.json: steps\[1\]\.nodes\[3\]: node "end-lost" cannot be reached from start "n1"$/],
    ['chat-cycle', /^a-2-kinds\/v1\/lesson\.json: steps\[1\]\.nodes\[1\]\.choices: choice "send" of node "n2" leads back to "n1": chat steps may not loop$/],
    ['chat-ending-no-outcome', /^a-2-kinds\/v1\/lesson\.json: steps\[1\]\.nodes\[2\]\.outcome: ending node "end-safe" needs an outcome/],
    ['chat-one-choice', /^a-2-kinds\/v1\/lesson\.json: steps\[1\]\.nodes\[1\]\.choices: decision node "n2" needs 2–4 choices, has 1$/],
    ['chat-no-points', /^a-2-kinds\/v1\/lesson\.json: steps\[1\]\.nodes: no path of chat step "chat" earns points/],
    ['chat-duplicate-node', /^a-2-kinds\/v1\/lesson\.json: steps\[1\]\.nodes\[2\]\.id: duplicate node id "n2" in chat step "chat"$/],
    ['order-too-few-items', /^a-2-kinds\/v1\/lesson\.json: steps\[2\]\.items: order step "order" needs 3–7 items, has 2$/],
    ['sort-one-group', /^a-2-kinds\/v1\/lesson\.json: steps\[3\]\.groups: sort step "sort" needs 2–4 groups, has 1$/],
    ['sort-too-few-cards', /^a-2-kinds\/v1\/lesson\.json: steps\[3\]\.cards: sort step "sort" needs 4–12 cards, has 3$/],
    ['sort-unknown-group', /^a-2-kinds\/v1\/lesson\.json: steps\[3\]\.cards\[3\]\.group: group "public" is not a group of sort step "sort"$/],
    ['sort-group-unused', /^a-2-kinds\/v1\/lesson\.json: steps\[3\]\.groups\[1\]: group "ok" has no card/],
    ['art-missing', /^a-2-kinds\/v1\/lesson\.json: steps\[0\]\.slides\[0\]\.art: "assets\/house\.svg" does not exist$/],
    ['art-bad-path', /^a-2-kinds\/v1\/lesson\.json: steps\[0\]\.slides\[0\]\.art: art is a path "assets\/<file>\.svg" inside the version folder$/],
    ['art-not-svg', /^a-2-kinds\/v1\/lesson\.json: steps\[0\]\.slides\[0\]\.art: "assets\/house\.svg" is not an SVG file/],
    ['art-script', /^a-2-kinds\/v1\/lesson\.json: steps\[0\]\.slides\[0\]\.art: "assets\/house\.svg" contains a <script> element$/],
    ['art-event-handler', /^a-2-kinds\/v1\/lesson\.json: steps\[0\]\.slides\[0\]\.art: "assets\/house\.svg" has an event-handler attribute \(onload\)$/],
    ['art-external-href', /^a-2-kinds\/v1\/lesson\.json: steps\[0\]\.slides\[0\]\.art: "assets\/house\.svg" links to "https:\/\/example\.com\/roof\.svg#roof"/],
    ['art-external-url', /^a-2-kinds\/v1\/lesson\.json: steps\[0\]\.slides\[0\]\.art: "assets\/house\.svg" refers to an external resource \("\/\/tracker\.example\/px\.png"\)$/],
    ['teacher-missing', /^a-2-kinds\/v1\/lesson\.json: teacher: required field is missing/],
    ['teacher-one-discussion', /^a-2-kinds\/v1\/lesson\.json: teacher\.discussion: the teacher page needs at least 2 discussion prompts$/],
    ['family-untranslated', /^a-2-kinds\/v1\/locales\/vi\.json: key "family\.note" is missing \(used by lesson\.json family\)$/],
    ['last-step-not-help', /^a-2-kinds\/v1\/lesson\.json: steps\[6\]: the last step must be a help step, not "reflection"$/],
    ['help-bad-audience', /^a-2-kinds\/v1\/lesson\.json: steps\[6\]\.audience: /],
  ];

  it.each(cases)('refuses the "%s" fixture with a message naming lesson, file and key', async (name, expected) => {
    const results = await checkPackages(fixture(name));
    expect(results).toHaveLength(1);
    expect(results[0]?.problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('has a test case for every fixture folder', async () => {
    const { readdir } = await import('node:fs/promises');
    const folders = (await readdir(FIXTURES)).filter((f) => f !== 'valid' && f !== 'valid-kinds').sort();
    expect(folders).toEqual(cases.map(([name]) => name).sort());
  });

  it('makes loadCatalog refuse a broken package with a CatalogError listing the problems', async () => {
    const error = await loadCatalog(fixture('spot-without-flag')).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).problems).toEqual([expect.stringContaining('spot step "spot" has no flagged segment')]);
    expect((error as CatalogError).message).toContain('a-1-fixture/v1/lesson.json');
  });
});
