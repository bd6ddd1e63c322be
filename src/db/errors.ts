import { AppError } from '../errors';

/** Another live process holds the embedded database directory. */
export class DbLockedError extends AppError {
  constructor(readonly dir: string, readonly pid: number) {
    super('db_locked', 503,
      `The embedded database in ${dir} is in use by another First Shield process${pid ? ` (pid ${pid})` : ''}. ` +
      'Stop that process first (the server and the CLI cannot share an embedded database), or use DATABASE_URL with a PostgreSQL server.');
    this.name = 'DbLockedError';
  }
}
