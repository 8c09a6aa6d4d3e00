import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs; secrets and ID numbers never reach them. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-epg-internal-token"]',
        'headers.authorization',
        '*.idNumber',
        '*.*.idNumber',
        'variables.*.idNumber',
        'variables.*.members[*].idNumber',
      ],
      censor: '[redacted]',
    },
  });
}
