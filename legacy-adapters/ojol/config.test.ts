import { z } from 'zod';
import { loadConfig } from '@core/config/load';
import { DEVELOPMENT_OJOL_CALLBACK_SECRET, ojolConfigSchema, ojolSettingsFrom } from './config';

const schema = z.object(ojolConfigSchema);

describe('ojol adapter settings', () => {
  it('has development defaults, and the partner\'s own timeout', () => {
    const settings = ojolSettingsFrom(loadConfig(schema, {}), { development: true });
    expect(settings).toMatchObject({ baseUrl: 'http://127.0.0.1:4341', apiKey: 'dev-ojol-key', callbackSecret: DEVELOPMENT_OJOL_CALLBACK_SECRET, callbackToleranceSeconds: 300 });
    expect(settings.resilience.timeoutMs).toBe(4_000);
    expect(ojolSettingsFrom(loadConfig(schema, { OJOL_TIMEOUT_MS: '1500', OJOL_RETRIES: '0' })).resilience).toMatchObject({ timeoutMs: 1_500, retries: 0 });
  });

  it('outside development mode needs a real key and callback secret: with the committed one anyone could forge a delivery', () => {
    const problems: string[] = [];
    ojolSettingsFrom(loadConfig(schema, {}), { development: false, problems });
    expect(problems).toEqual(['OJOL_API_KEY: required outside development mode', 'OJOL_CALLBACK_SECRET: required outside development mode']);
    expect(() => ojolSettingsFrom(loadConfig(schema, {}), { development: false })).toThrow(/OJOL_CALLBACK_SECRET/);
    const real = ojolSettingsFrom(loadConfig(schema, { OJOL_API_KEY: 'k-live-123', OJOL_CALLBACK_SECRET: 'a-long-shared-secret-0001' }), { development: false });
    expect(real).toMatchObject({ apiKey: 'k-live-123', callbackSecret: 'a-long-shared-secret-0001' });
  });

  it('refuses bad values at start', () => {
    expect(() => loadConfig(schema, { OJOL_URL: 'not a url' })).toThrow(/OJOL_URL/);
    expect(() => loadConfig(schema, { OJOL_CALLBACK_SECRET: 'short' })).toThrow(/OJOL_CALLBACK_SECRET/);
    expect(() => loadConfig(schema, { OJOL_CALLBACK_TOLERANCE_S: '5' })).toThrow(/OJOL_CALLBACK_TOLERANCE_S/);
  });
});
