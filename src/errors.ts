/**
 * The one error tree. Every expected failure is an AppError with a stable code (also the i18n
 * key under errors.<code>), an HTTP status and optional i18n params. Only the web error
 * middleware turns errors into responses; anything that is not an AppError becomes a 500.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message?: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export const badRequest = (detail?: string, params?: Record<string, string | number>) =>
  new AppError('bad_request', 400, detail, params);
export const notFound = (detail?: string) => new AppError('not_found', 404, detail);
export const forbidden = (detail?: string) => new AppError('forbidden', 403, detail);
export const conflict = (code: string, detail?: string) => new AppError(code, 409, detail);
