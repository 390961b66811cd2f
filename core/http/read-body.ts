import type { IncomingMessage } from 'node:http';

/** A request body past the limit: the caller answers 413. */
export class BodyTooLarge extends Error {}

/** The client hung up before its body was complete: nobody to answer. */
export class CallerLeft extends Error {}

/**
 * Reads a request body up to `limit` bytes, as the exact bytes that arrived (a partner's callback
 * is checked by a signature over them; GraphQL decodes them as UTF-8). Past the limit it stops
 * keeping the bytes but reads on to the end, so that the client is still there to receive its 413
 * (a reset connection tells it nothing); a body ten times over the limit is cut off.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 10) req.destroy();
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new CallerLeft());
    });
  });
}
