/**
 * pino logger factory. Logs are JSON with a request id; personal data (names, emails, LMS user
 * ids, tokens) is never logged: callers log internal ids only, and these paths are redacted as
 * a second line of defence.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.id_token', '*.token', '*.access_token', '*.name', '*.email', '*.sub'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
