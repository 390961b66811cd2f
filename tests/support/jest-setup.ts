// Every suite: no phoning home, quiet logs, test mode.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';
process.env.NODE_ENV = 'test';
process.env.GERBANG_LOG_LEVEL ??= 'silent';
