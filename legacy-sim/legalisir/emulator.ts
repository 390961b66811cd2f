import type { Knex } from 'knex';
import type { Progress } from '../base/progress';
import type { SqlEmulator } from '../base/sql-emulator';
import { generateFamilies } from '../world/generator';
import type { WorldOptions } from '../world/types';
import { LegalisirHistory } from './rows';
import { DOKUMEN, LEGALISIR_TABLES, PERMOHONAN_TABLE, REF_DOKUMEN_TABLE, createLegalisirIndexes, createLegalisirSchema } from './schema';

/** The legalisation application: its own database, seeded from the world. Adapters read and write its tables. */
const INSERT_CHUNK = 200;

async function seed(db: Knex, world: WorldOptions, progress: (label: string, total: number) => Progress): Promise<number> {
  const history = new LegalisirHistory(world);
  const bar = progress('legalisir: residents', world.scale);
  let residents = 0;
  for (const family of generateFamilies(world)) {
    history.add(family);
    residents += family.members.length;
    if (residents % 10_000 < family.members.length) bar.advance(residents);
  }
  await db(REF_DOKUMEN_TABLE).insert(DOKUMEN.map(([kd, nm, since]) => ({ KD_DOK: kd, NM_DOK: nm, TTE_SEJAK: since })));
  const rows = history.rows();
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db(PERMOHONAN_TABLE).insert(rows.slice(i, i + INSERT_CHUNK));
  bar.finish();
  return DOKUMEN.length + rows.length;
}

export const legalisirEmulator: SqlEmulator = {
  id: 'legalisir',
  tables: LEGALISIR_TABLES,
  createSchema: createLegalisirSchema,
  createIndexes: createLegalisirIndexes,
  seed,
};
