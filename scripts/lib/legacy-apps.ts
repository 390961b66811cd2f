import { httpUrl } from '@core/http/graphql-server';
import { loadIkdSimConfig } from '../../legacy-sim/ikd/config';
import { loadKiaSimConfig } from '../../legacy-sim/kia/config';
import { loadKtpCetakSimConfig } from '../../legacy-sim/ktp-cetak/config';
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

/** Starts the apps (the caller stops them with the rest) and returns the subgraph's environment for them. */
export function startLegacyApps(apps: LegacyAppProcess[], running: RunningProcess[], env: Record<string, string> = {}): Record<string, string> {
  const subgraphEnv: Record<string, string> = {};
  for (const app of apps) {
    running.push(startProcess(app.name, app.entry, env));
    Object.assign(subgraphEnv, app.subgraphEnv);
  }
  return subgraphEnv;
}
