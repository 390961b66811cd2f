import { z } from 'zod';
import { ConfigError, loadConfig } from '@core/config/load';
import { loadNotifikasiSimConfig } from '@sim/notifikasi/config';
import { DEVELOPMENT_NOTIFIKASI_KEY, notifikasiConfigSchema, notifikasiSettingsFrom } from './config';

describe('notifikasi settings', () => {
  const schema = z.object(notifikasiConfigSchema);

  it('defaults to the development gateway, with the app\'s own timeout', () => {
    expect(notifikasiSettingsFrom(loadConfig(schema, {}))).toMatchObject({ baseUrl: 'http://127.0.0.1:4342', apiKey: DEVELOPMENT_NOTIFIKASI_KEY, resilience: { timeoutMs: 2_000, retries: 2 } });
    const set = notifikasiSettingsFrom(loadConfig(schema, { NOTIFIKASI_URL: 'https://sms.example.go.id/gw', NOTIFIKASI_API_KEY: ' rahasia ', NOTIFIKASI_TIMEOUT_MS: '1500', NOTIFIKASI_RETRIES: '0' }));
    expect(set).toMatchObject({ baseUrl: 'https://sms.example.go.id/gw', apiKey: 'rahasia', resilience: { timeoutMs: 1_500, retries: 0 } });
  });

  it('stops the process at start on a bad value', () => {
    expect(() => loadConfig(schema, { NOTIFIKASI_URL: 'sms-gateway' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { NOTIFIKASI_RETRIES: '9' })).toThrow(ConfigError);
  });

  it('reads the emulator\'s knobs from its own environment', () => {
    const config = loadNotifikasiSimConfig({ NOTIFIKASI_SIM_RATE: '3', NOTIFIKASI_SIM_FAILURE_RATE: '0.2', NOTIFIKASI_SIM_NOW: '2026-12-07T02:00:00Z' });
    expect(config).toMatchObject({ port: 4342, apiKey: 'dev-notifikasi-key', rate: 3, failureRate: 0.2, seed: 1, sendDelayMs: 2_000, reportDelayMs: 5_000 });
    expect(Math.abs(config.now().getTime() - Date.parse('2026-12-07T02:00:00Z'))).toBeLessThan(1_000);
    expect(loadNotifikasiSimConfig({}).rate).toBeUndefined();
    expect(() => loadNotifikasiSimConfig({ NOTIFIKASI_SIM_FAILURE_RATE: '2' })).toThrow(ConfigError);
    expect(() => loadNotifikasiSimConfig({ NOTIFIKASI_SIM_API_KEY: 'short' })).toThrow(ConfigError);
  });
});
