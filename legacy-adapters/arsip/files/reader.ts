import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Reading an archived file back: its checksum checked first (streaming, never whole in memory),
 * then handed out as a stream that checks it again on the way and fails at its end if the file
 * changed meanwhile (a reader never gets changed bytes as if they were good).
 */
export class ArchiveFileChanged extends Error {}

export type FileCheck = 'INTACT' | 'CORRUPT' | 'MISSING';

export async function checkFile(file: string, expected: { sha256: string; sizeBytes: number }, signal: AbortSignal): Promise<FileCheck> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(createReadStream(file), async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        size += chunk.length;
        hash.update(chunk);
      }
    }, { signal });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return 'MISSING';
    throw error;
  }
  return size === expected.sizeBytes && hash.digest('hex') === expected.sha256 ? 'INTACT' : 'CORRUPT';
}

export function checkedStream(file: string, expected: { sha256: string }): Readable {
  const hash = createHash('sha256');
  const check = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      done(hash.digest('hex') === expected.sha256 ? null : new ArchiveFileChanged('the archived file changed while it was read'));
    },
  });
  const source = createReadStream(file);
  source.on('error', (error) => check.destroy(error));
  // A reader that stops early (destroys the stream) closes the file too.
  check.on('close', () => source.destroy());
  return source.pipe(check);
}
