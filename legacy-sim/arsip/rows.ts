import { dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions } from '../world/types';
import { seededContent, sha256Hex, type SeedKind } from './content';

/**
 * The archive's rows, drawn from the world: scans of some family cards (PDF, the head's NIK as
 * owner), some residents' KTP (JPEG) and some birth deeds (PNG). Deterministic: its own PRNG
 * stream, consumed family by family in the world's order.
 *
 * Kept on purpose, because the adapter must cope: rows from before the 2020 migration carry the
 * checksum in UPPER-case hex, the type in lower case ('kk') and the content types the old upload
 * form sent ('application/x-pdf', 'image/jpg'); every path uses backslashes and an upper-case
 * extension (the application ran on Windows).
 */
export interface ArsipRow {
  id_arsip: string;
  jenis_dokumen: string;
  nik_pemilik: string;
  nama_asli: string;
  ukuran: number;
  tipe_konten: string;
  checksum_sha256: string;
  path_simpan: string;
  tgl_unggah: string;
  petugas: string | null;
  no_referensi: string | null;
}

const ARCHIVE_START = isoToDay('2016-01-04');
const MIGRATION = isoToDay('2020-01-01');
const CONTENT_TYPE: Record<SeedKind, string> = { PDF: 'application/pdf', JPEG: 'image/jpeg', PNG: 'image/png' };
const OLD_CONTENT_TYPE: Record<SeedKind, string> = { PDF: 'application/x-pdf', JPEG: 'image/jpg', PNG: 'image/png' };
export const EXTENSION: Record<SeedKind, string> = { PDF: 'PDF', JPEG: 'JPG', PNG: 'PNG' };

/** Archive ids as the application makes them: ARS-<yyyymmdd>-<8 hex>. */
export function archiveId(isoDay: string, hex: string): string {
  return `ARS-${isoDay.replace(/-/g, '')}-${hex.toUpperCase()}`;
}

/** 'YYYY\MM\<id>.<EXT>', as the application stores it. */
export function storedPath(isoDay: string, id: string, extension: string): string {
  return `${isoDay.slice(0, 4)}\\${isoDay.slice(5, 7)}\\${id}.${extension}`;
}

export function kindOfRow(row: Pick<ArsipRow, 'tipe_konten'>): SeedKind {
  return row.tipe_konten.includes('pdf') ? 'PDF' : row.tipe_konten.includes('png') ? 'PNG' : 'JPEG';
}

export class ArsipHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;

  constructor(world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x61727370) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
  }

  rowsFor(family: WorldFamily): ArsipRow[] {
    const rng = this.rng;
    const rows: ArsipRow[] = [];
    const head = family.members[0];
    if (head && rng.chance(0.1)) rows.push(this.row('KK', head.nik, 'PDF', `scan kk ${family.kkNumber}.pdf`));
    for (const person of family.members) {
      if (rng.chance(0.02)) rows.push(this.row('KTP', person.nik, 'JPEG', `KTP_${person.name.split(' ')[0]}.jpg`));
      if (person.birthDeedNumber && rng.chance(0.03)) rows.push(this.row('AKTA_LAHIR', person.nik, 'PNG', `akta lahir.png`));
    }
    return rows;
  }

  private row(jenis: string, nik: string, kind: SeedKind, name: string): ArsipRow {
    const rng = this.rng;
    const day = rng.int(ARCHIVE_START, this.referenceDay - 1);
    const iso = dayToIso(day);
    const id = archiveId(iso, rng.int(0, 0xffffffff).toString(16).padStart(8, '0'));
    const content = seededContent(id, kind);
    const old = day < MIGRATION;
    const time = `${String(rng.int(8, 15)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00`;
    return {
      id_arsip: id,
      jenis_dokumen: old ? jenis.toLowerCase() : jenis,
      nik_pemilik: nik,
      nama_asli: name,
      ukuran: content.length,
      tipe_konten: old ? OLD_CONTENT_TYPE[kind] : CONTENT_TYPE[kind],
      checksum_sha256: old ? sha256Hex(content).toUpperCase() : sha256Hex(content),
      path_simpan: storedPath(iso, id, EXTENSION[kind]),
      tgl_unggah: `${iso} ${time}`,
      petugas: 'LOKET',
      no_referensi: null,
    };
  }
}
