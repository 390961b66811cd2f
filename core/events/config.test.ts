import { z } from 'zod';
import { eventsConfigSchema, eventsSettingsFrom } from './config';

describe('event flow configuration', () => {
  const schema = z.object(eventsConfigSchema);

  test('defaults: embedded, gerbang.events, the consumer defaults', () => {
    const settings = eventsSettingsFrom(schema.parse({ GERBANG_DATA_DIR: '/tmp/gerbang-x' }));
    expect(settings).toMatchObject({
      amqpUrl: undefined,
      exchange: 'gerbang.events',
      storage: { mysqlUrl: undefined, dataDir: '/tmp/gerbang-x' },
      consumer: { pollIntervalMs: 500, leaseMs: 30_000, batchSize: 100, backoff: { initialMs: 200, maxMs: 30_000 } },
    });
  });

  test('AMQP_URL and the timings are read and checked', () => {
    const settings = eventsSettingsFrom(schema.parse({ AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672', GERBANG_EVENTS_POLL_MS: '100', GERBANG_EVENTS_LEASE_MS: '5000' }));
    expect(settings).toMatchObject({ amqpUrl: 'amqp://guest:guest@127.0.0.1:5672', consumer: { pollIntervalMs: 100, leaseMs: 5_000 } });
    expect(schema.safeParse({ AMQP_URL: 'http://rabbit' }).success).toBe(false);
    expect(schema.safeParse({ GERBANG_EVENTS_POLL_MS: '0' }).success).toBe(false);
    expect(schema.parse({ AMQP_URL: '' }).AMQP_URL).toBeUndefined();
    expect(() => eventsSettingsFrom(schema.parse({ GERBANG_EVENTS_BACKOFF_INITIAL_MS: '5000', GERBANG_EVENTS_BACKOFF_MAX_MS: '1000' }))).toThrow(/BACKOFF_MAX_MS/);
  });
});
