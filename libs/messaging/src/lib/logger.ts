/** Structured JSON logging; callers never pass personal data (ID numbers, illness, income). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const ID_NUMBER = /\b\d{17}[\dXx]\b/g;

/** Redacts anything shaped like an 18-character ID number, whatever field it hides in. */
export function redact(text: string): string {
  return text.replace(ID_NUMBER, '[redacted-id]');
}

export function jsonLogger(app: string): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (process.env['LOG_LEVEL'] === 'silent') return;
    process.stdout.write(redact(JSON.stringify({ level, app, time: new Date().toISOString(), message, ...fields })) + '\n');
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
