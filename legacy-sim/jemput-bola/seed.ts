import type { AppFolders } from '@core/files/app-folders';
import { ageOn, dayToIso, isoToDay } from '../world/dates';
import { generateFamilies } from '../world/generator';
import { Random } from '../world/random';
import type { WorldOptions } from '../world/types';
import { REASONS, STATUS, dashedDate, type RegisterEvent } from './format';
import { appendEvents } from './register';

/**
 * Past visits for the world's residents who cannot come to an office: about one resident in
 * seven aged 70 or more, and now and then a bedridden or disabled adult, planned in the 120 days
 * before the world's reference date. Visits whose day has passed mostly have an outcome (served,
 * not at home, rescheduled then served, called off); the last fortnight's are still planned (and
 * so overdue against today's clock). A few schedule lines were refused (the kelurahan's day was
 * full). Deterministic: its own PRNG stream, family by family in the world's order.
 */
const TEAM = ['TIM JB 1', 'TIM JB 2', 'TIM JB 3', 'SITI.JB', 'ANDI.JB', '198806102015032001'];
type Event = Omit<RegisterEvent, 'NO_URUT'>;

export async function seedVisits(folders: AppFolders, world: WorldOptions): Promise<number> {
  const rng = new Random((world.seed ^ 0x6a656d70) >>> 0);
  const reference = isoToDay(world.referenceDate);
  const regency = world.regencyCode.replace('.', '');
  const drafts: Array<{ day: number; events: Event[] }> = [];
  let serial = 0;
  const stamp = (day: number) => `${dashedDate(dayToIso(day))} ${String(rng.int(7, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
  for (const family of generateFamilies(world)) {
    for (const person of family.members) {
      const age = ageOn(isoToDay(person.birthDate), reference);
      const sasaran = age >= 70 && rng.chance(0.15) ? 'L' : age >= 18 && rng.chance(0.004) ? rng.pick(['S', 'D']) : undefined;
      if (!sasaran) continue;
      const planned = reference - rng.int(1, 120);
      const received = planned - rng.int(2, 9);
      const services = sasaran === 'L' ? rng.pick(['REK', 'KTP', 'KTP+IKD', 'REK+KK', 'KTP+KK']) : rng.pick(['REK', 'KTP', 'KK', 'REK+IKD']);
      serial += 1;
      const base: Event = {
        NO_KUNJUNGAN: `JB-${regency}-${dayToIso(received).slice(2, 4)}-${String(serial).padStart(6, '0')}`,
        ID_KUNJUNGAN: `KEL${family.kelurahanCode.slice(-4)}-${dayToIso(received).replace(/-/g, '').slice(2)}-${String(serial).padStart(4, '0')}`,
        NIK: person.nik,
        NAMA: person.name.toUpperCase(),
        KD_KEL: family.kelurahanCode.replace(/\./g, ''),
        ALAMAT: `${family.street} RT ${String(family.rt).padStart(3, '0')} RW ${String(family.rw).padStart(3, '0')}`.toUpperCase(),
        KD_LAYANAN: services,
        KD_SASARAN: sasaran,
        TGL_RENCANA: dashedDate(dayToIso(planned)),
        STATUS: STATUS.JADWAL,
        KD_ALASAN: '',
        TGL_STATUS: stamp(received),
        PETUGAS: 'BATCH',
        KETERANGAN: '',
      };
      if (rng.chance(0.04)) {
        drafts.push({ day: received, events: [{ ...base, STATUS: STATUS.TOLAK, KD_ALASAN: 'A06', KETERANGAN: REASONS.A06 }] });
        continue;
      }
      const events: Event[] = [base];
      const door = (status: string, day: number, extra: Partial<Event> = {}) => events.push({ ...events.at(-1)!, STATUS: status, TGL_STATUS: stamp(day), PETUGAS: rng.pick(TEAM), KETERANGAN: '', ...extra });
      if (planned < reference - 14) {
        const outcome = rng.weighted<string>([['served', 70], ['away', 12], ['again', 10], ['off', 5], ['forgotten', 3]]);
        if (outcome === 'served') door(STATUS.LAYANI, planned);
        else if (outcome === 'away') door(STATUS.TIDAK_DI_RUMAH, planned, { KETERANGAN: 'RUMAH KOSONG' });
        else if (outcome === 'off') door(STATUS.BATAL, planned - 1, { KETERANGAN: rng.pick(['MENINGGAL DUNIA', 'PINDAH KE LUAR KOTA', 'DIBATALKAN KELUARGA']) });
        else if (outcome === 'again') {
          const next = Math.min(reference - 1, planned + rng.int(3, 10));
          door(STATUS.ULANG, planned, { TGL_RENCANA: dashedDate(dayToIso(next)), KETERANGAN: 'WARGA SEDANG BEROBAT' });
          door(STATUS.LAYANI, next);
        }
      }
      drafts.push({ day: received, events });
    }
  }
  // The register is written in the order things happened, as the app wrote it.
  const all = drafts.flatMap((d) => d.events).map((e, i) => ({ e, i }));
  const key = (stampText: string) => `${stampText.slice(6, 10)}${stampText.slice(3, 5)}${stampText.slice(0, 2)}${stampText.slice(11)}`;
  all.sort((a, b) => (key(a.e.TGL_STATUS) < key(b.e.TGL_STATUS) ? -1 : key(a.e.TGL_STATUS) > key(b.e.TGL_STATUS) ? 1 : a.i - b.i));
  const written = await appendEvents(folders.data, all.map((x) => x.e), []);
  return written.length;
}
