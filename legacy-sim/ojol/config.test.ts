import { loadOjolSimConfig } from './config';

describe('ojol emulator settings', () => {
  it('has development defaults: port 4341, no callback URL, couriers still, quirks as its operators left them', () => {
    const config = loadOjolSimConfig({});
    expect(config).toMatchObject({ port: 4341, host: '127.0.0.1', apiKey: 'dev-ojol-key', quoteMinutes: 10, simulateEveryMs: 0, callback: { url: undefined, secret: 'dev-ojol-callback-secret', quirks: undefined } });
  });

  it('reads the callback target and the quirk knobs, and refuses nonsense', () => {
    const config = loadOjolSimConfig({ OJOL_SIM_CALLBACK_URL: 'http://127.0.0.1:4006/webhooks/ojol', OJOL_SIM_CALLBACK_DUPLICATE: '0.3', OJOL_SIM_CALLBACK_DELAY_MS: '2000', OJOL_SIM_SEED: '9', OJOL_SIM_SIMULATE_MS: '15000' });
    expect(config.callback).toMatchObject({ url: 'http://127.0.0.1:4006/webhooks/ojol', quirks: { duplicateChance: 0.3, delayMs: 2_000, seed: 9 } });
    expect(config.simulateEveryMs).toBe(15_000);
    expect(() => loadOjolSimConfig({ OJOL_SIM_CALLBACK_DELAY: '2' })).toThrow(/OJOL_SIM_CALLBACK_DELAY/);
    expect(() => loadOjolSimConfig({ OJOL_SIM_CALLBACK_URL: 'nowhere' })).toThrow(/OJOL_SIM_CALLBACK_URL/);
    expect(() => loadOjolSimConfig({ OJOL_SIM_CALLBACK_SECRET: 'short' })).toThrow(/OJOL_SIM_CALLBACK_SECRET/);
  });
});
