/**
 * POST /api/scorm/attempts/:attemptId/scos/:scoId/commit — the player's commits. JSON
 * (Authorization: Bearer <session token>) for normal commits; text/plain for the final
 * navigator.sendBeacon commit, which cannot set headers, so its body carries the token as `s`
 * (parsed before authorize() runs, where the session guard finds it as req.body.s). Storing is
 * an upsert of the SCO's CMI, so the same commit twice leaves the same state. The answer is
 * the rolled-up result of the whole attempt.
 */
import express, { type Request } from 'express';
import { eq } from 'drizzle-orm';
import { attempts, type Db } from '../db';
import { AppError } from '../errors';
import { AttemptIdParam, CMI_MAX_BYTES, CommitBody, ScoIdParam, hasReservedKey, withinDepth } from './cmi.schemas';
import { ScormError } from './errors';
import { rollUp, type RolledUpResult } from './grade-mapping';
import { createScormPackageRepository, type ScormPackage } from './package.repository';
import { createScoStateRepository } from './sco-state.repository';

export const SCORM_LESSON_PREFIX = 'scorm:';

export interface ScormAttemptRef {
  id: string; userId: string; assignmentId: string; deploymentId: string;
  lessonId: string; lessonVersion: number; status: string;
}

export interface CommitRouteDeps {
  db: Db;
  /** Verifies the caller may write this attempt (throws an AppError otherwise). */
  authorize(req: Request, attemptId: string): Promise<{ userId: string }>;
  /**
   * Called after every commit that changed stored state, with the new roll-up (the lead maps it
   * to attempt.percent/status and the grade outbox). Not called for repeated identical commits.
   */
  onResult?(attempt: ScormAttemptRef, pkg: ScormPackage, result: RolledUpResult): Promise<void>;
  /** Accept commits for submitted attempts (default false: 409). */
  allowAfterSubmit?: boolean;
}

function zodFail(issues: Array<{ path: PropertyKey[]; message: string }>): never {
  throw new ScormError('cmi_invalid', issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ').slice(0, 500));
}

/** The package version an attempt plays, from its lesson id ("scorm:<package id>") and version. */
export async function packageOfAttempt(db: Db, attempt: Pick<ScormAttemptRef, 'lessonId' | 'lessonVersion'>): Promise<ScormPackage> {
  if (!attempt.lessonId.startsWith(SCORM_LESSON_PREFIX)) throw new ScormError('attempt_not_scorm', 'this attempt is not a SCORM attempt');
  const pkg = await createScormPackageRepository(db).get(attempt.lessonId.slice(SCORM_LESSON_PREFIX.length), attempt.lessonVersion);
  if (!pkg) throw new ScormError('package_not_found', 'the package version of this attempt is not installed');
  return pkg;
}

export function scormCommitRoutes(deps: CommitRouteDeps) {
  const router = express.Router();
  const limit = CMI_MAX_BYTES + 8 * 1024;
  const json = express.json({ limit });
  // Beacons send text/plain; parse it as JSON here (and nothing else reads text bodies).
  const beacon = express.text({ type: 'text/plain', limit });
  const parseBeacon: express.RequestHandler = (req, _res, next) => {
    if (typeof req.body === 'string') {
      try { req.body = JSON.parse(req.body); } catch { return next(new ScormError('cmi_invalid', 'the beacon body is not JSON')); }
    }
    next();
  };

  router.post('/api/scorm/attempts/:attemptId/scos/:scoId/commit', json, beacon, parseBeacon, async (req, res) => {
    const attemptId = AttemptIdParam.safeParse(req.params.attemptId);
    const scoId = ScoIdParam.safeParse(req.params.scoId);
    if (!attemptId.success || !scoId.success) throw new AppError('not_found', 404, 'no such attempt or SCO');
    const { userId } = await deps.authorize(req, attemptId.data);
    // depth first: the recursive schema would overflow the stack on a deeply nested body
    if (!withinDepth((req.body as { cmi?: unknown } | undefined)?.cmi, 0)) throw new ScormError('cmi_invalid', 'CMI nested too deep');
    if (hasReservedKey(req.body)) throw new ScormError('cmi_invalid', 'reserved key in the CMI');
    const body = CommitBody.safeParse(req.body);
    if (!body.success) zodFail(body.error.issues);
    const [attempt] = await deps.db.select({
      id: attempts.id, userId: attempts.userId, assignmentId: attempts.assignmentId, deploymentId: attempts.deploymentId,
      lessonId: attempts.lessonId, lessonVersion: attempts.lessonVersion, status: attempts.status,
    }).from(attempts).where(eq(attempts.id, attemptId.data));
    if (!attempt || attempt.userId !== userId) throw new AppError('attempt_not_found', 404, 'no such attempt');
    const pkg = await packageOfAttempt(deps.db, attempt);
    const sco = pkg.manifest.scos.find((s) => s.id === scoId.data);
    if (!sco) throw new ScormError('sco_not_found', 'no such SCO in this package');
    if (attempt.status !== 'in_progress' && !deps.allowAfterSubmit) throw new ScormError('attempt_closed', 'this attempt is already submitted');
    const states = createScoStateRepository(deps.db);
    let cmi = body.data!.cmi;
    // SCORM 2004 sequencing (UP.4; completionSetByContent="false" by default): a SCO whose attempt
    // ended without reporting completion counts as completed for the LMS. Minimum-calls SCOs
    // (Initialize + Terminate only) rely on this; without it such a package could never finish.
    const cs = cmi.completion_status;
    if (pkg.scormVersion === '2004' && body.data!.terminate && (cs === undefined || cs === 'unknown')) {
      cmi = { ...cmi, completion_status: 'completed' };
    }
    const changed = await states.save(attempt.id, sco.id, cmi);
    const result = rollUp(pkg.scormVersion, pkg.manifest.scos, await states.forAttempt(attempt.id));
    if (changed && deps.onResult) await deps.onResult(attempt, pkg, result);
    res.json({ scoId: sco.id, changed, result });
  });

  return router;
}
