import mysql, { type Connection, type ConnectionOptions } from 'mysql2';

/** A server too busy to take a KILL within this is left to its own backstop (max_statement_time). */
const KILL_TIMEOUT_MS = 2_000;

/**
 * Stops a statement running on the server: `KILL QUERY <thread id>`, sent over a connection of its
 * own. Not one from the pool, which may be exhausted by exactly the slow statements being killed.
 * Concurrent kills (a storm of timeouts) share that one connection; it closes once none is pending.
 */
export class QueryKiller {
  private connection?: Promise<Connection>;
  private pending = 0;

  constructor(private readonly options: ConnectionOptions) {}

  /** Resolves once the server has taken the KILL; rejects if it could not be sent. */
  async kill(threadId: number): Promise<void> {
    this.pending += 1;
    try {
      const connection = await (this.connection ??= this.connect());
      await new Promise<void>((resolve, reject) => connection.query({ sql: 'KILL QUERY ?', values: [threadId], timeout: KILL_TIMEOUT_MS }, (error) => (error ? reject(error) : resolve())));
    } catch (error) {
      this.drop();
      throw error;
    } finally {
      this.pending -= 1;
      if (this.pending === 0) this.drop();
    }
  }

  private connect(): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const connection = mysql.createConnection(this.options);
      // A server that goes away later is reported to the kill in flight, not as an unhandled event.
      connection.on('error', () => undefined);
      connection.connect((error) => (error ? reject(error) : resolve(connection)));
    });
  }

  private drop(): void {
    const connection = this.connection;
    this.connection = undefined;
    void connection?.then((c) => c.destroy(), () => undefined);
  }
}
