import type { AdmKioskPort } from '@adapters/adm-kiosk';
import type { AntrianPort } from '@adapters/antrian';
import type { JemputBolaPort } from '@adapters/jemput-bola';
import type { KecamatanPort } from '@adapters/kecamatan';
import type { LegalisirPort } from '@adapters/legalisir';
import type { PortalOnlinePort } from '@adapters/portal-online';
import type { SirenaPort } from '@adapters/sirena';
import type { Sources } from '../loaders';
import { admKioskSource } from './adm-kiosk';
import { antrianSource } from './antrian';
import { jemputBolaSource } from './jemput-bola';
import { kecamatanSource } from './kecamatan';
import { legalisirSource } from './legalisir';
import { portalOnlineSource } from './portal-online';
import { sirenaSource } from './sirena';
import type { RequestSource } from './source';

export interface SourcePorts {
  portalOnline: PortalOnlinePort;
  sirena: SirenaPort;
  jemputBola?: JemputBolaPort;
  antrian?: AntrianPort;
  kecamatan?: KecamatanPort;
  legalisir?: LegalisirPort;
  admKiosk?: AdmKioskPort;
}

/**
 * The request sources of this process, by catalogue id (a new application: one more line). A
 * tenant's routing to an application without its source is refused at start (server.ts).
 */
export function requestSources(ports: SourcePorts): Sources {
  const list: RequestSource[] = [
    portalOnlineSource(ports.portalOnline),
    sirenaSource(ports.sirena),
    ...(ports.jemputBola ? [jemputBolaSource(ports.jemputBola)] : []),
    ...(ports.antrian ? [antrianSource(ports.antrian)] : []),
    ...(ports.kecamatan ? [kecamatanSource(ports.kecamatan)] : []),
    ...(ports.legalisir ? [legalisirSource(ports.legalisir)] : []),
    ...(ports.admKiosk ? [admKioskSource(ports.admKiosk)] : []),
  ];
  return new Map(list.map((s) => [s.app, s]));
}
