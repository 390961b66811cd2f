import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { appendDurably, writeFileAtomic } from './atomic-file';
import { decodeLines, encodeLines } from './csv-1252';

/**
 * The batch job's memory of answered lines for the file it is working on, in data/journal/. If the
 * job is stopped or killed part-way, the next run (after a restart too) answers those lines from
 * here instead of processing them again. Each answer is on disk before the next line starts.
 */
export class RunJournal {
  private constructor(
    private readonly path: string,
    private readonly answers: Map<string, string[]>,
  ) {}

  static async open(dataDir: string, fileName: string): Promise<RunJournal> {
    const dir = join(dataDir, 'journal');
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${fileName}.jrn`);
    const answers = new Map<string, string[]>();
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    });
    // A torn last line (killed mid-append) is simply not an answer: that line runs again. It is
    // cut off before anything is appended, so the next answer starts on a line of its own.
    const decoded = decodeLines(bytes);
    if (!decoded.complete) await writeFileAtomic(path, encodeLines(decoded.lines));
    for (const [index, requestId, ...answer] of decoded.lines) answers.set(`${index};${requestId}`, answer);
    return new RunJournal(path, answers);
  }

  answerFor(index: number, requestId: string): string[] | undefined {
    return this.answers.get(`${index};${requestId}`);
  }

  async record(index: number, requestId: string, answer: string[]): Promise<void> {
    await appendDurably(this.path, encodeLines([[String(index), requestId, ...answer]]));
    this.answers.set(`${index};${requestId}`, answer);
  }

  async discard(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
