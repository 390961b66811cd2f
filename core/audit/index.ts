/**
 * The audit trail of personal-data access: record (record.ts), storage (open.ts, *-store.ts,
 * schema.ts), the batched writer (writer.ts), the reader (reader.ts) and the verifier (verify.ts).
 */
export * from './record';
export * from './config';
export { AUDIT_APP_ID, locateAuditDatabase, openAuditStore } from './open';
export type { AuditStore, AuditStoreStats } from './store';
export * from './writer';
export * from './reader';
export * from './verify';
export { recordAccess } from './record-access';
