import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ArchiveContentType } from '../port';
import { SNIFF_BYTES, sniffContentType } from './content-type';

/**
 * Receiving a file into a temporary file beside its final place, without holding it in memory:
 * each chunk is counted (the size limit stops the copy at once), hashed, and the first bytes tell
 * the type. The temporary file is removed on any failure; the caller renames it when all is well.
 */
export class TooLarge extends Error {}
export class UnsupportedContent extends Error {}

export interface Received {
  sizeBytes: number;
  sha256: string;
  contentType: ArchiveContentType;
}

class Inspector extends Transform {
  size = 0;
  readonly hash = createHash('sha256');
  type: ArchiveContentType | undefined;
  private head = Buffer.alloc(0);

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new TooLarge(`larger than ${this.maxBytes} bytes`));
    this.hash.update(chunk);
    if (!this.type && this.head.length < SNIFF_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, SNIFF_BYTES - this.head.length)]);
      if (this.head.length >= SNIFF_BYTES && !this.sniff()) return done(new UnsupportedContent('not a PDF, JPEG or PNG'));
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (!this.type && !this.sniff()) return done(new UnsupportedContent('not a PDF, JPEG or PNG'));
    done();
  }

  private sniff(): boolean {
    this.type = sniffContentType(this.head);
    return this.type !== undefined;
  }
}

export async function receiveFile(source: AsyncIterable<Uint8Array>, tempFile: string, maxBytes: number, signal: AbortSignal): Promise<Received> {
  const inspector = new Inspector(maxBytes);
  try {
    // 'wx': never write over another upload's temporary file.
    await pipeline(Readable.from(source, { objectMode: false }), inspector, createWriteStream(tempFile, { flags: 'wx' }), { signal });
    // On disk before the row says it is there.
    const handle = await open(tempFile, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await unlink(tempFile).catch(() => undefined);
    throw error;
  }
  return { sizeBytes: inspector.size, sha256: inspector.hash.digest('hex'), contentType: inspector.type! };
}
