import { AppError } from '../errors';

/**
 * A refused launch or login. Codes are the i18n keys of the error page (errors.<code>):
 * launch_invalid, launch_expired, launch_replayed, unknown_platform, unknown_deployment,
 * unsupported_message, lesson_missing, lesson_unknown, no_role, session_invalid.
 */
export class LtiError extends AppError {
  constructor(code: string, detail: string, status = 400) {
    super(code, status, detail);
    this.name = 'LtiError';
  }
}

/** An LMS service (token, AGS, NRPS) answered with an error or could not be reached. */
export class ServiceError extends Error {
  constructor(message: string, readonly status: number | undefined, readonly retryAfterSeconds?: number) {
    super(message);
    this.name = 'ServiceError';
  }
  /** 429, 5xx and network failures are worth retrying; other 4xx are not (AGS §3.4). */
  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
}
