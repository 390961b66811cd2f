/**
 * Structured JSON logs, one line per event, with the request id wherever there is one. Small on
 * purpose: processes write to stdout and the platform (systemd, Kubernetes) ships the lines.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
  /** Whether lines of this level are written: lets hot paths skip building fields for nothing. */
  enabled(level: Exclude<LogLevel, 'silent'>): boolean;
}

function errorFields(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export function createLogger(service: string, level: LogLevel, base: Record<string, unknown> = {}, write: (line: string) => void = (line) => void process.stdout.write(line + '\n')): Logger {
  const threshold = ORDER[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[lvl] < threshold) return;
    const out: Record<string, unknown> = { time: new Date().toISOString(), level: lvl, service, msg, ...base };
    for (const [k, v] of Object.entries(fields)) out[k] = errorFields(v);
    write(JSON.stringify(out));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(service, level, { ...base, ...fields }, write),
    enabled: (lvl) => ORDER[lvl] >= threshold,
  };
}
