import type { Row } from './sql';
import type { MessageState, OutboxMessage } from './types';

/** Row ↔ object conversions for the outbox tables. */

export function toJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

export function fromJson(value: unknown): unknown {
  if (value == null) return null;
  try {
    return JSON.parse(String(value)) as unknown;
  } catch {
    // A hand-edited, malformed column: shown as it is rather than hiding the message.
    return String(value);
  }
}

const text = (value: unknown): string | null => (value == null ? null : String(value));

export function messageFromRow(row: Row): OutboxMessage {
  return {
    id: String(row.id),
    tenant: String(row.tenant),
    idempotencyKey: String(row.idem_key),
    seq: Number(row.seq),
    target: String(row.target_app),
    operation: String(row.operation),
    payload: fromJson(row.payload),
    state: String(row.state) as MessageState,
    attempts: Number(row.attempts),
    nextAttemptAt: new Date(Number(row.next_attempt_at)),
    lastErrorCode: text(row.last_error_code),
    lastErrorMessage: text(row.last_error_message),
    result: fromJson(row.result),
    createdAt: new Date(Number(row.created_at)),
    deliveredAt: row.delivered_at == null ? null : new Date(Number(row.delivered_at)),
  };
}

/** Error messages are kept short enough for the column (VARCHAR(500)). */
export function clip(message: string, length = 500): string {
  return message.length <= length ? message : `${message.slice(0, length - 1)}…`;
}
