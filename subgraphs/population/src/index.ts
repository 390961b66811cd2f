/** The population subgraph process: connect SIAK, listen, stop cleanly on SIGINT/SIGTERM. */
import { connectIkd } from '@adapters/ikd';
import { connectKia } from '@adapters/kia';
import { connectKtpCetak } from '@adapters/ktp-cetak';
import { connectKtpRekam } from '@adapters/ktp-rekam';
import { connectSiak } from '@adapters/siak';
import { AuditWriter, normaliseEntry, openAuditStore, type AuditEntry, type AuditRecord } from '@core/audit';
import { developmentModeBanner } from '@core/context/hop-keys';
import { createLogger } from '@core/log';
import { loadPopulationConfig } from './config';
import { createPopulationServer } from './server';
import { closeWithin, serveSubgraph, startSubgraphProcess } from '@core/subgraph/process';

/** Records nothing: the bench's baseline for what the audit trail costs (config allows it in development mode only). */
class BenchmarkBaselineAuditWriter extends AuditWriter {
  override append(entry: AuditEntry): Promise<AuditRecord> {
    return Promise.resolve({ id: 0, seq: 0, ...normaliseEntry(entry), prevHash: '', hash: '' });
  }
}

async function main(): Promise<void> {
  const config = loadPopulationConfig();
  const logger = createLogger('population', config.logLevel);
  if (config.verifier.development) process.stderr.write(developmentModeBanner('population subgraph'));
  for (const warning of config.verifier.warnings) logger.warn('hop key', { warning });
  const siak = connectSiak(config.storage, config.siak);
  // One connection (pool or HTTP agent, breaker) per application for the whole process.
  const ktpRekam = connectKtpRekam(config.storage, config.ktpRekam);
  const ktpCetak = connectKtpCetak(config.ktpCetak);
  const kia = connectKia(config.kia);
  const ikd = connectIkd(config.ikd);
  const identityCards = {
    ktpRekam: ktpRekam.port,
    ktpCetak: ktpCetak.port,
    kia: kia.port,
    ikd: ikd.port,
    health: { 'ktp-cetak': () => ktpCetak.client.health(), kia: () => kia.client.health(), ikd: () => ikd.client.health() },
  };
  const audit = config.auditDisabledForBenchmark
    ? new BenchmarkBaselineAuditWriter(await openAuditStore(config.audit.storage), config.audit.writer)
    : new AuditWriter(await openAuditStore(config.audit.storage), config.audit.writer);
  if (config.auditDisabledForBenchmark) logger.warn('audit trail OFF for a benchmark baseline (development mode only)');
  const server = await createPopulationServer({ siak: siak.port, identityCards, audit, tenants: config.tenants, logger }, { verifier: config.verifier, maxDeadlineMs: config.maxDeadlineMs, readinessCacheMs: config.readinessCacheMs });
  await serveSubgraph('population', server, config, logger, async () => {
    await audit.close();
    // An abandoned SQLite worker may still be inside a slow statement: do not wait for it to end.
    ktpCetak.client.close();
    kia.client.close();
    ikd.client.close();
    await closeWithin(2_000, [siak.client.close(), ktpRekam.client.close()]);
  });
}

startSubgraphProcess('population', main);
