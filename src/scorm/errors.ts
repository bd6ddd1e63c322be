/**
 * SCORM errors: one AppError subclass with a stable code (`scorm_<reason>`) and its i18n key
 * (`scorm:errors.<reason>`, texts in locales/<lng>/scorm.json). The message is for operators
 * and logs (never personal data); the i18n key is what users read.
 */
import { AppError } from '../errors';

export const SCORM_ERROR_STATUS = {
  // unpacking (422: the upload was read but its content is refused)
  zip_invalid: 422,
  zip_unsafe_path: 422,
  zip_symlink: 422,
  zip_too_many_entries: 422,
  zip_too_large: 413,
  zip_ratio: 422,
  // manifest
  manifest_missing: 422,
  manifest_invalid: 422,
  manifest_no_organization: 422,
  manifest_resource_missing: 422,
  manifest_file_missing: 422,
  manifest_no_sco: 422,
  // runtime
  package_not_found: 404,
  sco_not_found: 404,
  attempt_not_scorm: 409,
  attempt_closed: 409,
  cmi_invalid: 400,
  upload_type: 415,
} as const;

export type ScormErrorReason = keyof typeof SCORM_ERROR_STATUS;

export class ScormError extends AppError {
  /** i18next key of the user-facing text; params are the AppError params. */
  readonly i18nKey: string;
  constructor(readonly reason: ScormErrorReason, message: string, params: Record<string, string | number> = {}) {
    super(`scorm_${reason}`, SCORM_ERROR_STATUS[reason], message, params);
    this.name = 'ScormError';
    this.i18nKey = `scorm:errors.${reason}`;
  }
}
