/** Structured JSON logging; callers never pass personal data (ID numbers, illness, income). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

// Any run of 17+ digits (an 18-character ID number, even glued to letters, or a bank card number).
const ID_NUMBER = /\d{17,}[\dXx]?/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** Redacts anything shaped like an 18-character ID number or a mobile number, whatever field it hides in. */
export function redact(text: string): string {
  return text.replace(ID_NUMBER, '[redacted-id]').replace(MOBILE, '[redacted-phone]');
}

const LEVELS = { error: 0, warn: 1, info: 2 } as const;

/** LOG_LEVEL: silent, error, warn or info (default). */
function enabled(level: keyof typeof LEVELS): boolean {
  const configured = process.env['LOG_LEVEL'] ?? 'info';
  if (configured === 'silent') return false;
  return LEVELS[level] <= (LEVELS[configured as keyof typeof LEVELS] ?? LEVELS.info);
}

export function jsonLogger(app: string): Logger {
  const write = (level: keyof typeof LEVELS, message: string, fields?: Record<string, unknown>) => {
    if (!enabled(level)) return;
    process.stdout.write(redact(JSON.stringify({ level, app, time: new Date().toISOString(), message, ...fields })) + '\n');
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
