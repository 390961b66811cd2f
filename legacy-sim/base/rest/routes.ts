import type { IncomingHttpHeaders } from 'node:http';
import type { RestAnswer } from './envelope';

/** A REST legacy app's routes, declared by the app and served by the base (./server.ts). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RestRequest {
  method: HttpMethod;
  path: string;
  /** `:name` segments of the route's path. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (POST/PUT), or undefined. */
  body: unknown;
  headers: IncomingHttpHeaders;
}

export interface RestRoute {
  method: HttpMethod;
  /** e.g. '/api/cetak/:no_cetak'; matched segment by segment. */
  path: string;
  handle(request: RestRequest): Promise<RestAnswer> | RestAnswer;
  /** Extra time this route always takes (a slow report), on top of the server's latency. */
  slowMs?: number;
}

/** 'GET /api/cetak/:no_cetak': the name calls are counted under. */
export function routeName(route: Pick<RestRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

export interface MatchedRoute {
  route: RestRoute;
  params: Record<string, string>;
}

export function matchRoute(routes: readonly RestRoute[], method: string, path: string): MatchedRoute | undefined {
  const segments = path.split('/').filter(Boolean);
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const segment = segments[i] as string;
      if (part.startsWith(':')) {
        params[part.slice(1)] = decodeURIComponent(segment);
        return true;
      }
      return part === segment;
    });
    if (matches) return { route, params };
  }
  return undefined;
}

/**
 * For an app whose state moves on with its clock (reports that fall due, PINs that expire): wraps
 * a route so that the app first catches up with its clock (`catchUp`) and then answers.
 */
export function catchingUp(catchUp: () => Promise<unknown>): (route: RestRoute) => RestRoute {
  return (route) => ({
    ...route,
    handle: async (request) => {
      await catchUp();
      return route.handle(request);
    },
  });
}
