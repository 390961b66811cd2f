import { z } from 'zod';

/**
 * Each process (gateway, each subgraph, the seeder, the bench) has exactly one config module that
 * calls `loadConfig` with its schema; it is the only reader of process.env. A bad value stops the
 * process at start with every problem listed, never later with an obscure error.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return parsed.data;
}

/** An optional string: empty counts as unset (so `FOO= npm start` behaves like no FOO). */
export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v === 'true' || v === '1'));

/**
 * A setting built from the raw configuration (outbox, event flow, routing files…), or undefined
 * with the reason it cannot be built recorded in `problems`: a process reports every problem of its
 * configuration at once instead of the first.
 */
export function settingFrom<T>(problems: string[], build: () => T): T | undefined {
  try {
    return build();
  } catch (error) {
    problems.push((error as Error).message);
    return undefined;
  }
}
