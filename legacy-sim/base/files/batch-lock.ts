import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One batch run at a time per app, whoever starts it: the scheduled job, an officer's "run now"
 * from another process, a second runner started by mistake. The lock is a file in the app's data
 * folder created exclusively; a lock left by a process that died is taken over.
 */
export class BatchLock {
  private readonly path: string;
  private readonly token = randomUUID();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'BATCH.LCK');
  }

  /** True when this holder now has the lock; false when another live run holds it. */
  async acquire(): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await writeFile(this.path, `${process.pid};${this.token}`, { flag: 'wx' });
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (!(await this.holderIsDead())) return false;
        await rm(this.path, { force: true });
      }
    }
    return false;
  }

  async release(): Promise<void> {
    const content = await readFile(this.path, 'utf8').catch(() => '');
    if (content.endsWith(this.token)) await rm(this.path, { force: true });
  }

  private async holderIsDead(): Promise<boolean> {
    const content = await readFile(this.path, 'utf8').catch(() => '');
    const pid = Number(content.split(';')[0]);
    if (!Number.isInteger(pid) || pid <= 0) return true;
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
}
