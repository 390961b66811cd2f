import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveFileChanged, checkFile, checkedStream } from './reader';

describe('arsip file reader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arsip-reader-'));
  const file = join(dir, 'a.pdf');
  const content = Buffer.from('%PDF-1.4 hello');
  const expected = { sha256: createHash('sha256').update(content).digest('hex'), sizeBytes: content.length };
  const signal = new AbortController().signal;

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('tells intact, corrupt and missing files apart', async () => {
    writeFileSync(file, content);
    expect(await checkFile(file, expected, signal)).toBe('INTACT');
    writeFileSync(file, Buffer.from('%PDF-1.4 hellO'));
    expect(await checkFile(file, expected, signal)).toBe('CORRUPT');
    expect(await checkFile(join(dir, 'none.pdf'), expected, signal)).toBe('MISSING');
  });

  it('fails the handed-out stream at its end when the file no longer matches', async () => {
    writeFileSync(file, content);
    const good: Buffer[] = [];
    for await (const part of checkedStream(file, expected)) good.push(part as Buffer);
    expect(Buffer.concat(good)).toEqual(content);
    writeFileSync(file, Buffer.from('%PDF-1.4 changed'));
    const read = async () => {
      for await (const part of checkedStream(file, expected)) void part;
    };
    await expect(read()).rejects.toBeInstanceOf(ArchiveFileChanged);
  });
});
