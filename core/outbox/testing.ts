import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Knex } from 'knex';
import type { LegacyStorage } from '@core/config/shared';
import type { Deadline } from '@core/deadline';
import { badUserInput, legacyUnavailable } from '@core/errors';
import { dropAppDatabase, ensureAppDatabase, locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import type { DeliveryHandler } from './dispatcher';

/**
 * For the outbox's tests: a tiny but real registry application, a separate system with its own
 * storage (its own SQLite file or MariaDB database, on the backend of the run) and its own port,
 * that can be stopped and started again. It records people by the client's reference, which it
 * keeps unique, and refuses a malformed NIK (422), like the civil-registry apps do.
 *
 * `registryHandler` is the adapter side: it looks the reference up before writing (check before
 * writing again), so a re-delivery never doubles a record.
 */
export interface RegistryRecord {
  number: string;
  ref: string;
  nik: string;
}

export class TinyRegistry {
  /** POSTs received (writes asked for), and GETs; tests compare them with deliveries. */
  posts = 0;
  gets = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  private constructor(
    readonly app: string,
    private readonly db: Knex,
    private readonly location: ReturnType<typeof locateAppDatabase>,
  ) {}

  static async create(app: string, storage: LegacyStorage): Promise<TinyRegistry> {
    const location = locateAppDatabase(app, storage);
    await dropAppDatabase(location);
    await ensureAppDatabase(location);
    const db = openAppDatabase(location);
    await db.schema.createTable('REGISTER', (t) => {
      t.increments('ID');
      t.string('REF', 200).notNullable().unique();
      t.string('NIK', 16).notNullable();
    });
    const registry = new TinyRegistry(app, db, location);
    await registry.start();
    return registry;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens (again, on the same port after a stop). */
  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Goes down: refuses connections until started again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async records(ref?: string): Promise<RegistryRecord[]> {
    const query = this.db('REGISTER').select('ID', 'REF', 'NIK').orderBy('ID');
    const rows = (await (ref === undefined ? query : query.where('REF', ref))) as Array<{ ID: number; REF: string; NIK: string }>;
    return rows.map((r) => ({ number: `${this.app.toUpperCase()}-${String(r.ID).padStart(5, '0')}`, ref: r.REF, nik: r.NIK }));
  }

  async close(): Promise<void> {
    await this.stop();
    await this.db.destroy();
    await dropAppDatabase(this.location);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const url = new URL(req.url ?? '/', 'http://registry');
      if (req.method === 'GET' && url.pathname === '/records') {
        this.gets += 1;
        return send(200, await this.records(url.searchParams.get('ref') ?? ''));
      }
      if (req.method === 'POST' && url.pathname === '/records') {
        this.posts += 1;
        let body = '';
        for await (const chunk of req) body += String(chunk);
        const { ref, nik } = JSON.parse(body) as { ref: string; nik: string };
        if (!/^\d{16}$/.test(nik)) return send(422, { error: 'NIK tidak valid' });
        const existing = await this.records(ref);
        if (existing.length > 0) return send(409, { error: 'REF sudah ada' });
        await this.db('REGISTER').insert({ REF: ref, NIK: nik });
        return send(201, (await this.records(ref))[0]);
      }
      send(404, { error: 'not found' });
    } catch (error) {
      send(500, { error: String(error) });
    }
  }
}

/** The adapter side for a TinyRegistry: check by reference, then write; JSON result {number}. */
export function registryHandler(app: string, url: () => string): DeliveryHandler {
  return async (message, deadline) => {
    const { ref, nik } = message.payload as { ref: string; nik: string };
    const lookUp = async () => (await call<RegistryRecord[]>(app, `${url()}/records?ref=${encodeURIComponent(ref)}`, { method: 'GET' }, deadline)).body;
    const known = (await lookUp())[0];
    if (known) return { number: known.number };
    const answer = await call<RegistryRecord>(app, `${url()}/records`, { method: 'POST', body: JSON.stringify({ ref, nik }) }, deadline);
    if (answer.status === 201) return { number: answer.body.number };
    if (answer.status === 422) throw badUserInput('nik', 'INVALID_NIK', `The ${app} application refused the NIK.`);
    if (answer.status === 409) {
      // Written meanwhile under the same reference (a concurrent delivery): answer what is there.
      const landed = (await lookUp())[0];
      if (landed) return { number: landed.number };
    }
    throw legacyUnavailable(app, new Error(`HTTP ${answer.status}`));
  };
}

async function call<T>(app: string, url: string, init: RequestInit, deadline: Deadline): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { 'content-type': 'application/json' }, signal: deadline.signal });
  } catch (error) {
    throw legacyUnavailable(app, error);
  }
  if (response.status >= 500) throw legacyUnavailable(app, new Error(`HTTP ${response.status}`));
  return { status: response.status, body: (await response.json()) as T };
}
