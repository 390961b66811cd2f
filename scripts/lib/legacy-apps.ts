import { httpUrl } from '@core/http/graphql-server';
import { loadAktaCeraiSimConfig } from '../../legacy-sim/akta-cerai/config';
import { loadAktaKawinSimConfig } from '../../legacy-sim/akta-kawin/config';
import { loadIkdSimConfig } from '../../legacy-sim/ikd/config';
import { loadKiaSimConfig } from '../../legacy-sim/kia/config';
import { loadKtpCetakSimConfig } from '../../legacy-sim/ktp-cetak/config';
import { loadNotifikasiSimConfig } from '../../legacy-sim/notifikasi/config';
import { loadOjolSimConfig } from '../../legacy-sim/ojol/config';
import { loadAdmKioskSimConfig } from '../../legacy-sim/adm-kiosk/config';
import { loadAntrianSimConfig } from '../../legacy-sim/antrian/config';
import { loadPengaduanSimConfig } from '../../legacy-sim/pengaduan/config';
import { loadPindahDatangSimConfig } from '../../legacy-sim/pindah-datang/config';
import { loadPindahKeluarSimConfig } from '../../legacy-sim/pindah-keluar/config';
import { loadTteSimConfig } from '../../legacy-sim/tte/config';
import { startProcess, type RunningProcess } from './processes';

/**
 * The legacy applications that run as servers of their own (REST, SOAP, batch jobs), as
 * `npm start` and the bench start them: each its own process, on the port its emulator config
 * says, with the environment a subgraph needs to reach it. (SQL applications need no process:
 * their database is their running system.)
 */
export interface LegacyAppProcess {
  name: string;
  entry: string;
  /** What the subgraph that uses the app is given to reach it (URL, API key). */
  subgraphEnv: Record<string, string>;
  /** The app process's own settings, if any. */
  env?: Record<string, string>;
}

/** The card applications the population subgraph reaches over REST. */
export function populationLegacyApps(): LegacyAppProcess[] {
  const ktpCetak = loadKtpCetakSimConfig();
  const kia = loadKiaSimConfig();
  const ikd = loadIkdSimConfig();
  return [
    { name: 'ktp-cetak emulator', entry: 'legacy-sim/ktp-cetak/serve.ts', subgraphEnv: { KTP_CETAK_URL: httpUrl(ktpCetak.host, ktpCetak.port), KTP_CETAK_API_KEY: ktpCetak.apiKey } },
    { name: 'kia emulator', entry: 'legacy-sim/kia/serve.ts', subgraphEnv: { KIA_URL: httpUrl(kia.host, kia.port), KIA_API_KEY: kia.apiKey } },
    { name: 'ikd emulator', entry: 'legacy-sim/ikd/serve.ts', subgraphEnv: { IKD_URL: httpUrl(ikd.host, ikd.port), IKD_API_KEY: ikd.apiKey } },
  ];
}

/**
 * The registries the civil-registry subgraph reaches over SOAP, and capil-perubahan's batch job
 * (`schedule`: how often it runs; the real one runs nightly, `npm start` every few seconds so
 * that a filed change completes while one watches).
 */
export function civilRegistryLegacyApps(schedule = 'every 5s'): LegacyAppProcess[] {
  const kawin = loadAktaKawinSimConfig();
  const cerai = loadAktaCeraiSimConfig();
  return [
    { name: 'akta-kawin emulator', entry: 'legacy-sim/akta-kawin/serve.ts', subgraphEnv: { AKTA_KAWIN_URL: `${httpUrl(kawin.host, kawin.port)}/ws`, AKTA_KAWIN_USERNAME: kawin.credentials.username, AKTA_KAWIN_PASSWORD: kawin.credentials.password } },
    { name: 'akta-cerai emulator', entry: 'legacy-sim/akta-cerai/serve.ts', subgraphEnv: { AKTA_CERAI_URL: `${httpUrl(cerai.host, cerai.port)}/ws`, AKTA_CERAI_USERNAME: cerai.credentials.username, AKTA_CERAI_PASSWORD: cerai.credentials.password } },
    { name: 'capil-perubahan batch job', entry: 'legacy-sim/capil-perubahan/run.ts', subgraphEnv: {}, env: { GERBANG_CAPIL_PERUBAHAN_SCHEDULE: schedule } },
  ];
}

/** The moving applications the mobility subgraph reaches over REST (orang-asing is SQL). */
export function mobilityLegacyApps(): LegacyAppProcess[] {
  const keluar = loadPindahKeluarSimConfig();
  const datang = loadPindahDatangSimConfig();
  return [
    { name: 'pindah-keluar emulator', entry: 'legacy-sim/pindah-keluar/serve.ts', subgraphEnv: { PINDAH_KELUAR_URL: httpUrl(keluar.host, keluar.port), PINDAH_KELUAR_API_KEY: keluar.apiKey } },
    { name: 'pindah-datang emulator', entry: 'legacy-sim/pindah-datang/serve.ts', subgraphEnv: { PINDAH_DATANG_URL: httpUrl(datang.host, datang.port), PINDAH_DATANG_API_KEY: datang.apiKey } },
  ];
}

/** The signature application the documents subgraph reaches over REST (arsip is SQL plus its folder). */
export function documentsLegacyApps(): LegacyAppProcess[] {
  const tte = loadTteSimConfig();
  return [{ name: 'tte emulator', entry: 'legacy-sim/tte/serve.ts', subgraphEnv: { TTE_URL: httpUrl(tte.host, tte.port), TTE_API_KEY: tte.apiKey } }];
}

/**
 * The channel applications the services subgraph reaches that run as servers or batch jobs: the
 * appointment queue, the mall kiosks and the complaints desk (REST), and the outreach service's
 * batch job (`schedule`: how often it runs).
 * (portal-online, sirena, kecamatan and legalisir are SQL: their database is their running system.)
 */
export function servicesLegacyApps(schedule = 'every 5s'): LegacyAppProcess[] {
  const pengaduan = loadPengaduanSimConfig();
  const antrian = loadAntrianSimConfig();
  const admKiosk = loadAdmKioskSimConfig();
  return [
    { name: 'antrian emulator', entry: 'legacy-sim/antrian/serve.ts', subgraphEnv: { ANTRIAN_URL: httpUrl(antrian.host, antrian.port), ANTRIAN_API_KEY: antrian.apiKey } },
    { name: 'adm-kiosk emulator', entry: 'legacy-sim/adm-kiosk/serve.ts', subgraphEnv: { ADM_KIOSK_URL: httpUrl(admKiosk.host, admKiosk.port), ADM_KIOSK_API_KEY: admKiosk.apiKey } },
    { name: 'pengaduan emulator', entry: 'legacy-sim/pengaduan/serve.ts', subgraphEnv: { PENGADUAN_URL: httpUrl(pengaduan.host, pengaduan.port), PENGADUAN_API_KEY: pengaduan.apiKey } },
    { name: 'jemput-bola batch job', entry: 'legacy-sim/jemput-bola/run.ts', subgraphEnv: {}, env: { GERBANG_JEMPUT_BOLA_SCHEDULE: schedule } },
  ];
}

/**
 * The delivery subgraph's partners over REST: the courier partner, which calls Gerbang back at
 * `callbackUrl` (the gateway's public POST /webhooks/ojol) signed with the shared secret, its
 * couriers moving each open order one step every `simulateMs` (so that an order goes through while
 * one watches); and the SMS/WhatsApp gateway.
 */
export function deliveryLegacyApps(callbackUrl: string, simulateMs = 20_000): LegacyAppProcess[] {
  const ojol = loadOjolSimConfig();
  const notifikasi = loadNotifikasiSimConfig();
  return [
    {
      name: 'ojol emulator',
      entry: 'legacy-sim/ojol/serve.ts',
      subgraphEnv: { OJOL_URL: httpUrl(ojol.host, ojol.port), OJOL_API_KEY: ojol.apiKey, OJOL_CALLBACK_SECRET: ojol.callback.secret },
      env: { OJOL_SIM_CALLBACK_URL: ojol.callback.url ?? callbackUrl, OJOL_SIM_SIMULATE_MS: String(ojol.simulateEveryMs || simulateMs) },
    },
    { name: 'notifikasi emulator', entry: 'legacy-sim/notifikasi/serve.ts', subgraphEnv: { NOTIFIKASI_URL: httpUrl(notifikasi.host, notifikasi.port), NOTIFIKASI_API_KEY: notifikasi.apiKey } },
  ];
}

/** Starts the apps (the caller stops them with the rest) and returns the subgraph's environment for them. */
export function startLegacyApps(apps: LegacyAppProcess[], running: RunningProcess[], env: Record<string, string> = {}): Record<string, string> {
  const subgraphEnv: Record<string, string> = {};
  for (const app of apps) {
    running.push(startProcess(app.name, app.entry, { ...env, ...app.env }));
    Object.assign(subgraphEnv, app.subgraphEnv);
  }
  return subgraphEnv;
}
