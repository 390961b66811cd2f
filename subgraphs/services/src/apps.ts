import { connectAdmKiosk, type AdmKioskConnection, type AdmKioskSettings } from '@adapters/adm-kiosk';
import { connectAntrian, type AntrianConnection, type AntrianSettings } from '@adapters/antrian';
import { connectJemputBola, type JemputBolaConnection } from '@adapters/jemput-bola';
import { connectKecamatan, type KecamatanConnection, type KecamatanSettings } from '@adapters/kecamatan';
import { connectLegalisir, type LegalisirConnection, type LegalisirSettings } from '@adapters/legalisir';
import { connectPengaduan, type PengaduanConnection, type PengaduanSettings } from '@adapters/pengaduan';
import { connectPortalOnline, type PortalOnlineConnection, type PortalOnlineSettings } from '@adapters/portal-online';
import { connectSiak, type SiakConnection } from '@adapters/siak';
import { connectSirena, type SirenaConnection, type SirenaSettings } from '@adapters/sirena';
import type { LegacyStorage } from '@core/config/shared';
import type { LegacyAppReadiness } from '@core/http/operational-routes';

/**
 * The applications the services subgraph reaches, connected once per process: SIAK (families and
 * homes, for the row rules) and the eight channel applications. One place for index.ts and the
 * tests' starters, so a new application is one more line here and not three copies.
 */
export interface ServicesAppSettings {
  storage: LegacyStorage;
  site: { regencyCode: string; timeZone: string };
  timeouts: { siak: number; jemputBola: number };
  portalOnline: PortalOnlineSettings;
  sirena: SirenaSettings;
  kecamatan: KecamatanSettings;
  legalisir: LegalisirSettings;
  antrian: AntrianSettings;
  admKiosk: AdmKioskSettings;
  pengaduan: PengaduanSettings;
}

export interface ServicesApps {
  siak: SiakConnection;
  portalOnline: PortalOnlineConnection;
  sirena: SirenaConnection;
  jemputBola: JemputBolaConnection;
  kecamatan: KecamatanConnection;
  legalisir: LegalisirConnection;
  antrian: AntrianConnection;
  admKiosk: AdmKioskConnection;
  pengaduan: PengaduanConnection;
  /** Keyed by catalogue id (docs/operations.md): /readyz lists each application by it. */
  readiness: Record<string, LegacyAppReadiness>;
  close(): Promise<void>;
}

export function connectServicesApps(settings: ServicesAppSettings): ServicesApps {
  const { storage, site } = settings;
  const siak = connectSiak(storage, { timeoutMs: settings.timeouts.siak, timeZone: site.timeZone });
  const portalOnline = connectPortalOnline(storage, { ...settings.portalOnline, ...site });
  const sirena = connectSirena(storage, { ...settings.sirena, timeZone: site.timeZone });
  const jemputBola = connectJemputBola(storage, { timeoutMs: settings.timeouts.jemputBola });
  const kecamatan = connectKecamatan(storage, { ...settings.kecamatan, ...site });
  const legalisir = connectLegalisir(storage, { ...settings.legalisir, ...site });
  const antrian = connectAntrian(settings.antrian);
  const admKiosk = connectAdmKiosk(settings.admKiosk);
  const pengaduan = connectPengaduan(settings.pengaduan);
  return {
    siak, portalOnline, sirena, jemputBola, kecamatan, legalisir, antrian, admKiosk, pengaduan,
    readiness: {
      'portal-online': { ping: (d) => portalOnline.port.ping(d) },
      antrian: { ping: (d) => antrian.port.ping(d), health: () => antrian.client.health() },
      sirena: { ping: (d) => sirena.port.ping(d) },
      kecamatan: { ping: (d) => kecamatan.port.ping(d) },
      'adm-kiosk': { ping: (d) => admKiosk.port.ping(d), health: () => admKiosk.client.health() },
      legalisir: { ping: (d) => legalisir.port.ping(d) },
      pengaduan: { ping: (d) => pengaduan.port.ping(d), health: () => pengaduan.client.health() },
      'jemput-bola': { ping: (d) => jemputBola.port.ping(d) },
    },
    async close() {
      for (const rest of [antrian, admKiosk, pengaduan]) rest.client.close();
      // A database that does not answer must not hold the shutdown.
      await Promise.race([
        Promise.all([siak.client.close(), portalOnline.client.close(), sirena.client.close(), kecamatan.client.close(), legalisir.client.close()]),
        new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
    },
  };
}
