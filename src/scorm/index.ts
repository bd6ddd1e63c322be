/**
 * The SCORM engine's public face: import (safe unzip + manifest), storage, file serving, the
 * player page model, the commit endpoint and the grade mapping. Other folders import only this.
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
