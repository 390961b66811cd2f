import { archiveId } from '../arsip/rows';
import { ageOn, dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';

/**
 * The portal's history, drawn deterministically from the world (own PRNG stream, family by
 * family): about one online application per 30 residents in the 120 days before the reference
 * date, and a tail of older, finished ones back to 2021 (before the 2023 status-page upgrade,
 * so they have no log rows for those steps). A realistic mix: drafts never sent, applications
 * waiting for verification, some stuck past the service standard (overdue), rejected ones with
 * the officer's reason, finished ones; about one in eight asks for ojol delivery.
 */
export interface PermohonanRow {
  id_permohonan: number;
  no_registrasi: string;
  nik_pemohon: string;
  id_layanan: number;
  status: number;
  antar_ojol: number;
  no_hp: string | null;
  catatan: string | null;
  tgl_dibuat: string;
  tgl_pengajuan: string | null;
  tgl_update: string;
  ref_klien: string | null;
}

export interface LampiranRow {
  id_permohonan: number;
  jenis_dokumen: string;
  id_arsip: string;
  nama_file: string | null;
  tgl_unggah: string;
}

export interface LogRow {
  id_log: number;
  id_permohonan: number;
  status_lama: number | null;
  status_baru: number;
  keterangan: string | null;
  petugas: string | null;
  tgl_log: string;
}

export interface LayananRow {
  id_layanan: number;
  kode: string;
  nama_layanan: string;
  sla_hari: number;
  aktif: number;
}

/** The portal's own service list, as its administrators typed it (id 12 is a letter Gerbang has no kind for). */
export const LAYANAN: readonly LayananRow[] = [
  { id_layanan: 1, kode: 'KTP_PEMULA', nama_layanan: 'KTP-el Pemula', sla_hari: 1, aktif: 1 },
  { id_layanan: 2, kode: 'KTP_HILANG', nama_layanan: 'KTP-el Hilang/Rusak', sla_hari: 1, aktif: 1 },
  { id_layanan: 3, kode: 'KTP_UBAH', nama_layanan: 'Perubahan Data KTP-el', sla_hari: 1, aktif: 1 },
  { id_layanan: 4, kode: 'KK_BARU', nama_layanan: 'Kartu Keluarga Baru', sla_hari: 3, aktif: 1 },
  { id_layanan: 5, kode: 'KK_UBAH', nama_layanan: 'Perubahan Kartu Keluarga', sla_hari: 3, aktif: 1 },
  { id_layanan: 6, kode: 'KIA', nama_layanan: 'Kartu Identitas Anak', sla_hari: 1, aktif: 1 },
  { id_layanan: 7, kode: 'AKTA_LAHIR', nama_layanan: 'Akta Kelahiran', sla_hari: 1, aktif: 1 },
  { id_layanan: 8, kode: 'AKTA_MATI', nama_layanan: 'Akta Kematian', sla_hari: 1, aktif: 1 },
  { id_layanan: 9, kode: 'PINDAH_KELUAR', nama_layanan: 'Surat Pindah (SKPWNI)', sla_hari: 1, aktif: 1 },
  { id_layanan: 10, kode: 'PINDAH_DATANG', nama_layanan: 'Kedatangan Penduduk', sla_hari: 1, aktif: 1 },
  { id_layanan: 11, kode: 'LEGALISIR', nama_layanan: 'Legalisir Dokumen', sla_hari: 1, aktif: 0 },
  { id_layanan: 12, kode: 'SKAW', nama_layanan: 'Surat Keterangan Ahli Waris', sla_hari: 3, aktif: 1 },
];

/** The portal's status codes. */
export const STATUS = { DRAFT: 0, DIAJUKAN: 1, VERIFIKASI: 2, DITOLAK: 3, DIPROSES: 4, SELESAI: 5 } as const;

/** Requirement documents each service asks to upload. */
const REQUIREMENTS: Record<number, readonly string[]> = {
  1: ['KK'], 2: ['KK', 'SURAT_KEHILANGAN'], 3: ['KK', 'KTP'], 4: ['KK', 'AKTA_NIKAH'], 5: ['KK', 'KTP'], 6: ['KK', 'AKTA_LAHIR', 'FOTO'],
  7: ['KK', 'SURAT_KELAHIRAN', 'BUKU_NIKAH'], 8: ['KK', 'SURAT_KEMATIAN'], 9: ['KK', 'FORMULIR_F103'], 10: ['SKPWNI'], 11: ['DOKUMEN'], 12: ['KK', 'SURAT_KEMATIAN'],
};

const REJECTIONS = ['Scan KK tidak terbaca', 'Dokumen persyaratan tidak lengkap', 'Data pada formulir tidak sesuai dengan KK', 'Foto buram, mohon unggah ulang'];
const OFFICERS = ['198203122009011002', '198507242010012015', '199001152015031004', '198811302014022001', '199304082019031007'];
export const LOG_UPGRADE_DAY = isoToDay('2023-01-01');
const RECENT_DAYS = 120;
const RATE_PER_RESIDENT = 1 / 30;
const MINIMUM = 40;

const at = (day: number, minutes: number) => `${dayToIso(day)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
const dayOf = (stamp: string) => isoToDay(stamp.slice(0, 10));

/** '<regency4>-ONL-<YYYYMMDD>-': the portal's registration numbers of a day, before the serial. */
export function registrationPrefix(regency4: string, isoDay: string): string {
  return `${regency4}-ONL-${isoDay.replace(/-/g, '')}-`;
}

interface Step {
  status: number;
  stamp: string;
  note: string | null;
  by: string | null;
}

export class PortalHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;
  private readonly regency4: string;
  private readonly serials = new Map<number, number>();
  private readonly families: WorldFamily[] = [];
  readonly applications: PermohonanRow[] = [];
  readonly attachments: LampiranRow[] = [];
  private readonly steps: Array<{ id: number; from: number | null; step: Step }> = [];

  constructor(world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x706f7274) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
    this.regency4 = world.regencyCode.replace('.', '');
  }

  addFamily(family: WorldFamily): void {
    if (this.families.length < 100) this.families.push(family);
    let chance = RATE_PER_RESIDENT * family.members.length;
    while (this.rng.chance(Math.min(0.9, chance))) {
      this.applicationOf(family, this.rng.chance(0.15));
      chance /= 4;
    }
  }

  /** Applications still owed for the minimum, then the log in the order it was written. */
  finish(): LogRow[] {
    while (this.applications.length < MINIMUM && this.families.length > 0) this.applicationOf(this.rng.pick(this.families), false);
    const ordered = [...this.steps].sort((a, b) => a.step.stamp.localeCompare(b.step.stamp) || a.id - b.id);
    return ordered.map(({ id, from, step }, i) => ({ id_log: i + 1, id_permohonan: id, status_lama: from, status_baru: step.status, keterangan: step.note, petugas: step.by, tgl_log: step.stamp }));
  }

  private serviceFor(family: WorldFamily): { layanan: number; applicant: WorldPerson } {
    const rng = this.rng;
    const head = family.members[0]!;
    const ages = family.members.map((m) => ageOn(isoToDay(m.birthDate), this.referenceDay));
    const seventeen = family.members.find((_, i) => ages[i] === 17);
    if (seventeen && rng.chance(0.6)) return { layanan: 1, applicant: seventeen };
    const baby = ages.some((a) => a === 0);
    if (baby && rng.chance(0.5)) return { layanan: 7, applicant: head };
    const children = ages.some((a) => a < 17);
    const adult = family.members.find((_, i) => ages[i]! >= 17) ?? head;
    const roll = rng.int(1, 100);
    if (roll <= 25) return { layanan: 2, applicant: adult };
    if (roll <= 35) return { layanan: 3, applicant: adult };
    if (roll <= 58) return { layanan: 5, applicant: head };
    if (roll <= 63) return { layanan: 4, applicant: adult };
    if (roll <= 76) return { layanan: children ? 6 : 2, applicant: head };
    if (roll <= 80) return { layanan: 8, applicant: head };
    if (roll <= 88) return { layanan: 9, applicant: head };
    if (roll <= 92) return { layanan: 10, applicant: head };
    if (roll <= 94) return { layanan: 12, applicant: adult };
    return { layanan: 7, applicant: head };
  }

  private applicationOf(family: WorldFamily, old: boolean): void {
    const rng = this.rng;
    const id = this.applications.length + 1;
    const { layanan, applicant } = this.serviceFor(family);
    const sla = LAYANAN.find((l) => l.id_layanan === layanan)!.sla_hari;
    const createdDay = old ? rng.int(isoToDay('2021-01-04'), this.referenceDay - RECENT_DAYS - 1) : rng.int(this.referenceDay - RECENT_DAYS, this.referenceDay - 1);
    const created = at(createdDay, rng.int(6 * 60, 22 * 60));
    const serial = (this.serials.get(createdDay) ?? 0) + 1;
    this.serials.set(createdDay, serial);
    const steps = this.stepsFrom(created, old, sla);
    const last = steps[steps.length - 1];
    this.applications.push({
      id_permohonan: id,
      no_registrasi: `${registrationPrefix(this.regency4, dayToIso(createdDay))}${String(serial).padStart(4, '0')}`,
      nik_pemohon: applicant.nik,
      id_layanan: layanan,
      status: last?.status ?? STATUS.DRAFT,
      antar_ojol: layanan !== 9 && layanan !== 10 && rng.chance(0.12) ? 1 : 0,
      no_hp: family.phone,
      catatan: rng.chance(0.2) ? 'Mohon diproses, terima kasih' : null,
      tgl_dibuat: created,
      tgl_pengajuan: steps[0]?.stamp ?? null,
      tgl_update: last?.stamp ?? created,
      ref_klien: null,
    });
    if (steps.length > 0) {
      for (const jenis of REQUIREMENTS[layanan] ?? []) {
        this.attachments.push({
          id_permohonan: id, jenis_dokumen: jenis, id_arsip: archiveId(dayToIso(createdDay), rng.int(0, 0xffffffff).toString(16).padStart(8, '0')),
          nama_file: `${jenis.toLowerCase()}.${rng.chance(0.7) ? 'pdf' : 'jpg'}`, tgl_unggah: created,
        });
      }
    }
    let from: number | null = STATUS.DRAFT;
    for (const step of steps) {
      // The status page keeps history only since its 2023 upgrade.
      if (dayOf(step.stamp) >= LOG_UPGRADE_DAY) this.steps.push({ id, from, step });
      from = step.status;
    }
  }

  /**
   * The application's steps from its submission: verification within a day or two, then rejected
   * (one in ten) or processed, then finished. Recent ones stop somewhere along the way (where they
   * stand at the reference date); one in eight of the older recent ones is stuck, past its standard.
   */
  private stepsFrom(created: string, old: boolean, sla: number): Step[] {
    const rng = this.rng;
    if (!old && rng.chance(0.06)) return [];
    const reference = this.referenceDay;
    const steps: Step[] = [];
    let day = dayOf(created);
    let minutes = Number(created.slice(11, 13)) * 60 + Number(created.slice(14, 16));
    const advance = (maxDays: number): string => {
      day += rng.int(0, maxDays);
      minutes = day === dayOf(steps[steps.length - 1]?.stamp ?? created) ? Math.min(minutes + rng.int(20, 180), 23 * 60) : rng.int(8 * 60, 16 * 60);
      return at(day, minutes);
    };
    const push = (status: number, stamp: string, note: string | null, by: string | null) => {
      if (dayOf(stamp) >= reference) return false;
      steps.push({ status, stamp, note, by });
      return true;
    };
    if (!push(STATUS.DIAJUKAN, created, 'Permohonan diajukan', null)) return steps;
    const stuck = !old && reference - dayOf(created) > sla + 3 && rng.chance(0.12);
    if (stuck && rng.chance(0.5)) return steps;
    const officer = rng.pick(OFFICERS);
    if (!push(STATUS.VERIFIKASI, advance(2), 'Berkas sedang diverifikasi', officer)) return steps;
    if (stuck && rng.chance(0.5)) return steps;
    if (rng.chance(0.1)) {
      push(STATUS.DITOLAK, advance(1), rng.pick(REJECTIONS), officer);
      return steps;
    }
    if (!push(STATUS.DIPROSES, advance(1), 'Berkas lengkap, sedang diproses', officer)) return steps;
    if (stuck) return steps;
    push(STATUS.SELESAI, advance(sla + 1), 'Dokumen selesai', officer);
    return steps;
  }
}
