import fs from 'node:fs';
import path from 'node:path';
import { agsScore, rollUp, scaledScore, scoResult12, scoResult2004, SCORM_ERROR_STATUS, type ScormSco } from '../../../src/scorm';

const sco = (id: string, extra: Partial<ScormSco> = {}): ScormSco => ({ id, resourceId: id, title: id, scormType: 'sco', launch: `${id}.html`, file: `${id}.html`, ...extra });

describe('score', () => {
  it('takes scaled, else (raw − min)/(max − min), else raw as 0–100', () => {
    expect(scaledScore({ scaled: '0.75', raw: '10' })).toBe(0.75);
    expect(scaledScore({ scaled: -0.5 })).toBe(0);
    expect(scaledScore({ raw: '15', min: '10', max: '20' })).toBe(0.5);
    expect(scaledScore({ raw: '42', min: '', max: '' })).toBe(0.42);
    expect(scaledScore({ raw: '150' })).toBe(1);
    expect(scaledScore({ raw: '' })).toBeNull();
    expect(scaledScore(undefined)).toBeNull();
  });
});

describe('status', () => {
  it('SCORM 1.2: lesson_status, and the mastery score when the SCO does not pass or fail itself', () => {
    expect(scoResult12('a', { core: { lesson_status: 'passed' } })).toMatchObject({ completion: 'completed', success: 'passed' });
    expect(scoResult12('a', { core: { lesson_status: 'failed' } })).toMatchObject({ completion: 'completed', success: 'failed' });
    expect(scoResult12('a', { core: { lesson_status: 'incomplete' } })).toMatchObject({ completion: 'incomplete', success: 'unknown' });
    expect(scoResult12('a', { core: { lesson_status: 'not attempted' } }).completion).toBe('not_attempted');
    expect(scoResult12('a', { core: { lesson_status: 'incomplete', score: { raw: '65' } } }, { masteryScore: 70 })).toMatchObject({ completion: 'completed', success: 'failed', scaled: 0.65 });
    expect(scoResult12('a', { core: { lesson_status: 'failed', score: { raw: '90' } } }, { masteryScore: 70 }).success).toBe('failed');
  });
  it('SCORM 2004: completion/success, with threshold and scaled passing score deciding when measures exist', () => {
    expect(scoResult2004('a', { completion_status: 'completed', success_status: 'passed' })).toMatchObject({ completion: 'completed', success: 'passed' });
    expect(scoResult2004('a', { completion_status: 'completed', progress_measure: '0.5' }, { completionThreshold: 0.8 }).completion).toBe('incomplete');
    expect(scoResult2004('a', { completion_status: 'unknown', progress_measure: '0.9', completion_threshold: '0.8' }).completion).toBe('completed');
    expect(scoResult2004('a', { success_status: 'unknown', score: { scaled: '0.5' } }, { scaledPassingScore: 0.6 }).success).toBe('failed');
    expect(scoResult2004('a', { success_status: 'failed', score: { scaled: '0.7' }, scaled_passing_score: '0.6' }).success).toBe('passed');
  });
});

describe('roll-up and AGS', () => {
  const scos = [sco('a'), sco('b'), sco('c', { scormType: 'asset' })];
  it('is Started with nothing, InProgress part-way, Completed when every SCO is; averages scored SCOs', () => {
    expect(rollUp('2004', scos, new Map())).toMatchObject({ activityProgress: 'Started', gradingProgress: 'Pending', scaled: null, completion: 'not_attempted' });
    const part = rollUp('2004', scos, new Map([['a', { completion_status: 'completed', score: { scaled: '0.8' } }]]));
    expect(part).toMatchObject({ activityProgress: 'InProgress', gradingProgress: 'Pending', percent: 80 });
    const all = rollUp('2004', scos, new Map<string, unknown>([['a', { completion_status: 'completed', score: { scaled: '0.8' } }], ['b', { completion_status: 'completed', score: { scaled: '0.4' }, success_status: 'passed' }]]));
    expect(all).toMatchObject({ activityProgress: 'Completed', gradingProgress: 'FullyGraded', percent: 60, success: 'passed' });
    expect(agsScore(all, 'sub-1', new Date('2030-01-01T00:00:00Z'))).toEqual({ userId: 'sub-1', scoreGiven: 60, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: '2030-01-01T00:00:00.000Z' });
    expect(agsScore(part, 'sub-1', new Date(0))).not.toHaveProperty('scoreGiven', undefined);
  });
  it('gives 100 to a completed package without any score, 0 if it failed; no scoreGiven before any score', () => {
    const done = rollUp('1.2', [sco('a')], new Map([['a', { core: { lesson_status: 'completed' } }]]));
    expect(done).toMatchObject({ percent: 100, gradingProgress: 'FullyGraded' });
    const failed = rollUp('1.2', [sco('a')], new Map([['a', { core: { lesson_status: 'failed' } }]]));
    expect(failed.percent).toBe(0);
    const started = rollUp('1.2', [sco('a')], new Map([['a', { core: { lesson_status: 'incomplete' } }]]));
    expect(agsScore(started, 's', new Date(0))).not.toHaveProperty('scoreGiven');
  });
});

describe('scorm locales', () => {
  const dir = path.resolve(__dirname, '../../../locales');
  const keys = (o: unknown, p = ''): string[] => (o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => keys(v, `${p}${k}.`)) : [p.slice(0, -1)]);
  it('has the same keys in every language and a text for every error', () => {
    const en = JSON.parse(fs.readFileSync(path.join(dir, 'en/scorm.json'), 'utf8'));
    for (const lng of ['vi', 'fr', 'id']) expect(keys(JSON.parse(fs.readFileSync(path.join(dir, lng, 'scorm.json'), 'utf8'))).sort()).toEqual(keys(en).sort());
    for (const reason of Object.keys(SCORM_ERROR_STATUS)) expect(en.errors[reason]?.title).toEqual(expect.any(String));
  });
});
