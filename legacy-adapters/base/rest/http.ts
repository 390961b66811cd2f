import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { LegacyFault, networkFault } from '../resilience';

/**
 * One HTTP exchange with a legacy application, over a keep-alive agent of its own, ended when the
 * signal aborts (the policy's per-attempt signal: app timeout, deadline, or a caller who left).
 * Socket errors become LegacyFaults; the status and body are read as they are, for ./envelope.ts.
 */
export interface HttpExchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** An answer larger than this is not what any of these apps sends: treated as a broken app. */
const MAX_ANSWER_BYTES = 32 << 20;

export function keepAliveAgent(url: URL, maxSockets: number): HttpAgent {
  const options = { keepAlive: true, maxSockets, keepAliveMsecs: 1_000 };
  return url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
}

/**
 * One request and its answer. A pooled keep-alive socket may have been closed by the application
 * just as it was picked (its idle timeout and ours race): the request then fails with ECONNRESET
 * before the application read any of it. That case alone is sent again, writes included, as Node's
 * documentation advises (`request.reusedSocket`); nothing else is. The pool may hold several
 * sockets the application closed (it stopped): each failure destroys the one it used, so a few
 * more tries reach a fresh socket, and after them it is the application that is unavailable.
 */
const STALE_SOCKET_TRIES = 4;

export async function exchange(agent: HttpAgent, call: HttpExchange, signal: AbortSignal): Promise<HttpAnswer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await exchangeOnce(agent, call, signal);
    } catch (error) {
      if (!(error instanceof StaleSocket)) throw error;
      if (attempt >= STALE_SOCKET_TRIES) throw new LegacyFault('unavailable', 'request failed: the application closed every pooled connection', { cause: error });
    }
  }
}

/** A reused keep-alive socket the application had already closed: nothing was processed. */
class StaleSocket extends Error {}

function exchangeOnce(agent: HttpAgent, call: HttpExchange, signal: AbortSignal): Promise<HttpAnswer> {
  const send = call.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<HttpAnswer>((resolve, reject) => {
    const headers: Record<string, string | number> = { accept: 'application/json', ...call.headers };
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(call.body);
    }
    let answered = false;
    const request = send(call.url, { method: call.method, agent, headers, signal }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          response.destroy();
          reject(new LegacyFault('unavailable', `answer larger than ${MAX_ANSWER_BYTES} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (error) => reject(networkFault(error) ?? new LegacyFault('unavailable', 'answer cut off', { cause: error })));
      response.on('aborted', () => reject(new LegacyFault('unavailable', 'answer cut off')));
    });
    request.on('error', (error) => {
      // An abort is the policy's doing; it has answered the caller already with the reason.
      if (signal.aborted) return reject(signal.reason as Error);
      if (request.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET' && !answered) return reject(new StaleSocket('stale keep-alive socket'));
      reject(networkFault(error) ?? new LegacyFault('unavailable', `request failed: ${error.message}`, { cause: error }));
    });
    request.end(call.body);
  });
}
