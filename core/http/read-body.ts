import type { IncomingMessage } from 'node:http';

/** A request body past the limit: the caller answers 413. */
export class BodyTooLong extends Error {}

/**
 * Reads a small request body whole (a partner's callback: a few hundred bytes), refusing more than
 * `maxBytes` without holding it. Callbacks are checked as the exact bytes that arrived (signatures
 * over the raw body), so this hands back the bytes, never a parsed value.
 */
export async function readSmallBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLong();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLong();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
