import type { JemputBolaPort } from '@adapters/jemput-bola';
import type { PortalOnlinePort } from '@adapters/portal-online';
import type { SirenaPort } from '@adapters/sirena';
import type { Sources } from '../loaders';
import { jemputBolaSource } from './jemput-bola';
import { portalOnlineSource } from './portal-online';
import { sirenaSource } from './sirena';

export interface SourcePorts {
  portalOnline: PortalOnlinePort;
  sirena: SirenaPort;
  jemputBola?: JemputBolaPort;
}

/** The request sources of this process, by catalogue id (a new application: one more line). */
export function requestSources(ports: SourcePorts): Sources {
  const list = [portalOnlineSource(ports.portalOnline), sirenaSource(ports.sirena), ...(ports.jemputBola ? [jemputBolaSource(ports.jemputBola)] : [])];
  return new Map(list.map((s) => [s.app, s]));
}
