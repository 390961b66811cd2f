import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';
import { decodeLines, encodeLines } from './csv-1252';
import type { FileApp, RunContext, UnreadableLine } from './file-emulator';
import { RunJournal } from './run-journal';

export interface FileOutcome {
  lines: number;
  /** Lines handed to the app in this run (lines already journaled by an interrupted run are not). */
  handled: number;
  /** False when the run was stopped part-way: the file stays in the inbox and resumes next run. */
  finished: boolean;
}

/**
 * One request file, start to end: decode, check the header, hand each line not yet journaled to
 * the app, write the result file (one line per request, in request order), archive the request.
 * Safe to interrupt anywhere: the journal remembers answered lines, the result is written
 * atomically, and the request leaves the inbox only after its result is in the outbox.
 */
export async function processRequestFile(app: FileApp, context: RunContext, control: { stopping(): boolean; beforeLine(): Promise<void> }): Promise<FileOutcome> {
  const { folders, fileName } = context;
  const { lines } = decodeLines(await readFile(join(folders.inbox, fileName)));
  const [header = [], ...requests] = lines;
  const headerOk = header.length === app.requestFields.length && header.every((f, i) => f.trim().toUpperCase() === app.requestFields[i]);
  const idIndex = app.requestFields.indexOf(app.requestIdField);
  const journal = await RunJournal.open(folders.data, fileName);
  let handled = 0;
  const results: string[][] = [];
  for (const [index, fields] of requests.entries()) {
    const requestId = (fields[idIndex] ?? '').trim();
    let answer = journal.answerFor(index, requestId);
    if (!answer) {
      if (control.stopping()) return { lines: requests.length, handled, finished: false };
      await control.beforeLine();
      const problem: UnreadableLine | undefined = !headerOk ? 'BAD_HEADER' : fields.length !== app.requestFields.length ? 'BAD_FIELD_COUNT' : undefined;
      answer = problem ? app.unreadable(problem) : await app.handle(asRecord(app.requestFields, fields), context);
      handled += 1;
      await journal.record(index, requestId, answer);
    }
    results.push([requestId, ...answer]);
  }
  await app.beforeAnswering?.(context);
  await writeFileAtomic(join(folders.outbox, app.resultFileName(fileName)), encodeLines([[...app.resultFields], ...results]));
  await rename(join(folders.inbox, fileName), join(folders.archive, fileName));
  await journal.discard();
  return { lines: requests.length, handled, finished: true };
}

function asRecord(names: readonly string[], fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name, i) => [name, (fields[i] ?? '').trim()]));
}
