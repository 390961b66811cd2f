import { dropAppDatabase, ensureAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../../tests/support/legacy-databases';
import { locateNotificationsDatabase, openNotificationStore } from './store';

/**
 * A notifications database made before the applicant was kept and courier statuses were told
 * (request_status 16 wide, no applicant_nik) is brought up to date when the store opens, keeping
 * its rows; opening it again, or from two replicas at once, changes nothing more.
 */
describe(`the notifications database, upgraded in place (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;

  beforeAll(async () => {
    legacy = await seededStorage('notifications-upgrade', []);
  });

  afterAll(async () => {
    if (legacy) {
      await dropAppDatabase(locateNotificationsDatabase(legacy.storage));
      await legacy.cleanup();
    }
  });

  it('adds the applicant and widens the status, keeping what was there', async () => {
    const location = locateNotificationsDatabase(legacy.storage);
    await ensureAppDatabase(location);
    const db = openAppDatabase(location);
    try {
      // The table as the first version created it.
      await db.schema.createTable('NOTIFICATION', (t) => {
        t.string('reference', 32).primary();
        t.string('tenant', 40).notNullable();
        t.string('event_id', 200).notNullable();
        t.string('request_id', 200).notNullable();
        t.string('request_status', 16).notNullable();
        t.string('channel', 10).notNullable();
        t.string('message_id', 40).nullable();
        t.string('delivery_status', 16).notNullable();
        t.string('failure', 32).nullable();
        t.integer('read_flag').notNullable().defaultTo(0);
        t.bigInteger('created_at').notNullable();
        t.bigInteger('updated_at').notNullable();
      });
      await db('NOTIFICATION').insert({ reference: 'ntf-old', tenant: 'tangsel', event_id: 'e-1', request_id: 'sr_old', request_status: 'READY', channel: 'WHATSAPP', delivery_status: 'DELIVERED', created_at: 1, updated_at: 1 });
    } finally {
      await db.destroy();
    }

    const [store, replica] = await Promise.all([openNotificationStore(legacy.storage), openNotificationStore(legacy.storage)]);
    try {
      await store.prepare({ reference: 'ntf-new', tenant: 'tangsel', eventId: 'ojol:7', requestId: 'sr_old', requestStatus: 'SEARCHING_COURIER', applicantNik: '3674030403870001', channel: 'WHATSAPP' });
      const notices = (await replica.notificationsOfRequests('tangsel', ['sr_old'])).get('sr_old')!;
      expect(notices.map((n) => [n.reference, n.requestStatus, n.applicantNik, n.state])).toEqual([
        ['ntf-old', 'READY', null, 'DELIVERED'],
        ['ntf-new', 'SEARCHING_COURIER', '3674030403870001', 'PREPARED'],
      ]);
    } finally {
      await store.close();
      await replica.close();
    }
    const again = await openNotificationStore(legacy.storage);
    await again.close();
  });
});
