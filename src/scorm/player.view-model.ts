/**
 * View models for views/pages/scorm-player.hbs and scorm-upload.hbs. The player's client data
 * (SCOs with launch URLs and LMS-side values, saved CMI, per-SCO status) goes to the page as a
 * JSON script element; public/js/scorm-player.js does the rest.
 */
import { IFRAME_SANDBOX, SCORM_AGAIN_PATH, scormContentUrl } from './content.routes';
import { rollUp, type RolledUpResult } from './grade-mapping';
import type { ScormTocNode } from './manifest.types';
import type { ScormPackage } from './package.repository';

export interface PackageSummary {
  id: string; version: number; title: string; scormVersion: string; schemaVersion: string;
  scoCount: number; deploymentId: string | null; createdAt: string; lessonId: string;
}

export function packageSummary(p: ScormPackage): PackageSummary {
  return {
    id: p.id, version: p.version, title: p.title, scormVersion: p.scormVersion, schemaVersion: p.manifest.schemaVersion,
    scoCount: p.manifest.scos.length, deploymentId: p.deploymentId ?? null,
    createdAt: (p.createdAt instanceof Date ? p.createdAt : new Date(p.createdAt)).toISOString(), lessonId: `scorm:${p.id}`,
  };
}

export interface ScormPlayerInput {
  pkg: ScormPackage;
  attemptId: string;
  /** The session token (page meta fs-session; Bearer on commits; `s` in beacons). */
  token: string;
  /** Saved CMI per SCO id (createScoStateRepository(db).forAttempt(attemptId)). */
  states: ReadonlyMap<string, Record<string, unknown>>;
  /** An opaque, stable learner id (never the LMS sub or an email); a name only if the LMS sent one. */
  learner: { id: string; name?: string | null };
  /** false for previews and no-credit attempts. */
  credit?: boolean;
  mode?: 'normal' | 'browse' | 'review';
  /** Separate origin for package files (see content.routes.ts). */
  contentOrigin?: string;
}

interface TocView { id: string; title: string; scoId?: string; status?: string; children: TocView[] }

export function buildScormPlayerModel(input: ScormPlayerInput) {
  const { pkg } = input;
  const result: RolledUpResult = rollUp(pkg.scormVersion, pkg.manifest.scos, input.states);
  const statusOf = new Map(result.scos.map((r) => [r.scoId, r.completion]));
  const toView = (n: ScormTocNode): TocView => ({
    id: n.id, title: n.title, ...(n.scoId ? { scoId: n.scoId, status: statusOf.get(n.scoId) ?? 'not_attempted' } : {}),
    children: n.children.map(toView),
  });
  // Resume where the learner stopped: the first SCO not yet completed, else the first one.
  const start = pkg.manifest.scos.find((s) => statusOf.get(s.id) !== 'completed') ?? pkg.manifest.scos[0]!;
  const data = {
    version: pkg.scormVersion,
    commitBase: `/api/scorm/attempts/${input.attemptId}/scos/`,
    credit: input.credit ?? true,
    mode: input.mode ?? 'normal',
    learner: { id: input.learner.id, ...(input.learner.name ? { name: input.learner.name } : {}) },
    startScoId: start.id,
    scos: pkg.manifest.scos.map((s) => ({
      id: s.id, title: s.title, scormType: s.scormType, url: scormContentUrl(pkg, s.launch, input.contentOrigin),
      masteryScore: s.masteryScore, completionThreshold: s.completionThreshold, scaledPassingScore: s.scaledPassingScore,
      launchData: s.launchData, timeLimitAction: s.timeLimitAction, maxTimeAllowed: s.maxTimeAllowed,
    })),
    states: Object.fromEntries(input.states),
    statuses: Object.fromEntries(statusOf),
  };
  return {
    title: pkg.title,
    token: input.token,
    scormAgainUrl: SCORM_AGAIN_PATH,
    sandbox: IFRAME_SANDBOX,
    multi: pkg.manifest.scos.length > 1,
    toc: pkg.manifest.toc.map(toView),
    firstUrl: data.scos.find((s) => s.id === start.id)!.url,
    data,
  };
}
export type ScormPlayerModel = ReturnType<typeof buildScormPlayerModel>;
