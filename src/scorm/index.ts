/**
 * The SCORM engine's public face: import (safe unzip + manifest), storage, file serving, the
 * player page model, the commit endpoint, the upload page, the CLI and the grade mapping.
 * Other folders import only this file.
 */
export { ScormError, SCORM_ERROR_STATUS, type ScormErrorReason } from './errors';
export type { ScormManifest, ScormSco, ScormTocNode, ScormVersion } from './manifest.types';
export { parseManifest, type ParseManifestOptions } from './manifest-parser';
export { unpackZip, safeEntryName, DEFAULT_UNPACK_LIMITS, type UnpackLimits, type UnpackResult } from './zip-unpack';
export { importScormPackage, packageDir, scormRoot, type ImportInput, type ScormDeps } from './package-import';
export { createScormPackageRepository, type ScormPackage, type ScormPackageRepository } from './package.repository';
export { createScoStateRepository, type ScoStateRepository } from './sco-state.repository';
export {
  agsScore, rollUp, scaledScore, scoResult, scoResult12, scoResult2004,
  type Completion, type RolledUpResult, type ScoResult, type Success,
} from './grade-mapping';
export { CMI_MAX_BYTES } from './cmi.schemas';
export {
  scormCommitRoutes, packageOfAttempt, SCORM_LESSON_PREFIX, type CommitRouteDeps, type ScormAttemptRef,
} from './commit.routes';
export {
  scormContentRoutes, scormContentUrl, scormAgainDistFile, contentCsp, contentType, IFRAME_SANDBOX, SCORM_AGAIN_PATH, SCORM_AGAIN_VERSION,
  type ContentRouteDeps,
} from './content.routes';
export { buildScormPlayerModel, packageSummary, type PackageSummary, type ScormPlayerInput, type ScormPlayerModel } from './player.view-model';
export { scormUploadRoutes, saveBody, type UploadRouteDeps } from './upload.routes';
export { runScormCli, ScormCliUsageError, SCORM_CLI_USAGE, type ScormCliDeps } from './cli';
