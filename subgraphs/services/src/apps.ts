import { connectAdmKiosk, type AdmKioskConnection, type AdmKioskSettings } from '@adapters/adm-kiosk';
import { connectAktaLahir, type AktaLahirConnection } from '@adapters/akta-lahir';
import { connectArsip, type ArsipConnection, type ArsipSettings } from '@adapters/arsip';
import { connectAntrian, type AntrianConnection, type AntrianSettings } from '@adapters/antrian';
import { connectKtpCetak, type KtpCetakConnection, type KtpCetakSettings } from '@adapters/ktp-cetak';
import { connectKtpRekam, type KtpRekamConnection } from '@adapters/ktp-rekam';
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
 * homes, for the row rules), the eight channel applications, and the registers finished requests
 * are written into (ktp-rekam read, ktp-cetak written; akta-lahir written; their readiness is population's and civil-registry's to report). One place for index.ts and the
 * tests' starters, so a new application is one more line here and not three copies.
 */
export interface ServicesAppSettings {
  storage: LegacyStorage;
  /**
   * Where one application's database is, when not on the shared storage's server (a deployment
   * whose applications' databases live on servers of their own; the tests' outages). Keyed by
   * catalogue id.
   */
  storageOf?: Partial<Record<string, LegacyStorage>>;
  site: { regencyCode: string; timeZone: string };
  timeouts: { siak: number; jemputBola: number };
  portalOnline: PortalOnlineSettings;
  sirena: SirenaSettings;
  kecamatan: KecamatanSettings;
  legalisir: LegalisirSettings;
  antrian: AntrianSettings;
  admKiosk: AdmKioskSettings;
  pengaduan: PengaduanSettings;
  /** The registers finished requests are written into (population's applications): ktp-rekam read for the print rule, ktp-cetak written. */
  ktpRekam: { timeoutMs: number; poolMax?: number };
  /** Without it, no finished request is written into ktp-cetak (the tests' stacks without card apps). */
  ktpCetak?: KtpCetakSettings;
  /** The birth registry (civil-registry's application, same storage): a newborn filed through Sirena gets the deed there. */
  aktaLahir: { timeoutMs: number; poolMax?: number; officer: string };
  /** The archive (documents' application): attachments are looked up there before a request naming them is recorded. */
  arsip: ArsipSettings;
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
  ktpRekam: KtpRekamConnection;
  ktpCetak?: KtpCetakConnection;
  aktaLahir: AktaLahirConnection;
  arsip: ArsipConnection;
  /** Keyed by catalogue id (docs/operations.md): /readyz lists each application by it. */
  readiness: Record<string, LegacyAppReadiness>;
  close(): Promise<void>;
}

export function connectServicesApps(settings: ServicesAppSettings): ServicesApps {
  const { site } = settings;
  const storage = settings.storage;
  const of = (app: string) => settings.storageOf?.[app] ?? storage;
  const siak = connectSiak(of('siak'), { timeoutMs: settings.timeouts.siak, timeZone: site.timeZone });
  const portalOnline = connectPortalOnline(of('portal-online'), { ...settings.portalOnline, ...site });
  const sirena = connectSirena(of('sirena'), { ...settings.sirena, timeZone: site.timeZone });
  const jemputBola = connectJemputBola(of('jemput-bola'), { timeoutMs: settings.timeouts.jemputBola });
  const kecamatan = connectKecamatan(of('kecamatan'), { ...settings.kecamatan, ...site });
  const legalisir = connectLegalisir(of('legalisir'), { ...settings.legalisir, ...site });
  const antrian = connectAntrian(settings.antrian);
  const admKiosk = connectAdmKiosk(settings.admKiosk);
  const pengaduan = connectPengaduan(settings.pengaduan);
  const ktpRekam = connectKtpRekam(of('ktp-rekam'), settings.ktpRekam);
  const ktpCetak = settings.ktpCetak ? connectKtpCetak(settings.ktpCetak) : undefined;
  const aktaLahir = connectAktaLahir(storage, { ...settings.aktaLahir, ...site });
  const arsip = connectArsip(of('arsip'), { ...settings.arsip, timeZone: site.timeZone });
  return {
    siak, portalOnline, sirena, jemputBola, kecamatan, legalisir, antrian, admKiosk, pengaduan, ktpRekam, ktpCetak, aktaLahir, arsip,
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
      for (const rest of [antrian, admKiosk, pengaduan, ...(ktpCetak ? [ktpCetak] : [])]) rest.client.close();
      // A database that does not answer must not hold the shutdown.
      await Promise.race([
        Promise.all([siak.client.close(), portalOnline.client.close(), sirena.client.close(), kecamatan.client.close(), legalisir.client.close(), ktpRekam.client.close(), aktaLahir.client.close(), arsip.client.close()]),
        new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
    },
  };
}
