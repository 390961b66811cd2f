import { addYears, dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions } from '../world/types';

/**
 * The foreign residents living among the world's families, drawn deterministically (own PRNG
 * stream, family by family): about 4 per 1,000 residents (a few dozen per 10,000), at least a
 * dozen in any world so a small one has some; living at a family's kelurahan and street. About
 * 15% of permits end within 30 days of the reference date, 5% have already ended (the
 * application does not expire them: the office follows up by hand).
 *
 * Kept on purpose: rows from before the 2019 upgrade carry the nationality as the country's
 * Indonesian name ('JEPANG') and the permit type as ITAS/ITAP.
 */
export interface OrangAsingRow {
  NO_SKTT: string;
  NO_PASPOR: string;
  KWRNGRN: string;
  NAMA_LGKP: string;
  JENIS_KLMIN: number;
  TGL_LHR: string;
  JENIS_IZIN: string;
  NO_IZIN: string;
  TGL_AKHIR_IZIN: string;
  SPONSOR: string | null;
  ALAMAT: string;
  NO_RT: number;
  NO_RW: number;
  NO_PROP: number;
  NO_KAB: number;
  NO_KEC: number;
  NO_KEL: number;
  PETUGAS: string | null;
  TGL_ENTRI: string;
  REF_GERBANG: string | null;
}

interface Country {
  code: string;
  /** The name the old version wrote. */
  nama: string;
  passport: () => string;
  given: readonly string[];
  family: readonly string[];
}

const digits = (rng: Random, n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');
const letter = (rng: Random) => String.fromCharCode(65 + rng.int(0, 25));

function countries(rng: Random): Country[] {
  return [
    { code: 'JPN', nama: 'JEPANG', passport: () => `T${letter(rng)}${digits(rng, 7)}`, given: ['HIROSHI', 'YUKI', 'KENJI', 'AKIKO', 'TAKESHI', 'MAI'], family: ['TANAKA', 'SATO', 'SUZUKI', 'WATANABE'] },
    { code: 'KOR', nama: 'KOREA SELATAN', passport: () => `M${digits(rng, 8)}`, given: ['MIN-JUN', 'SEO-YEON', 'JI-HOON', 'HYE-JIN'], family: ['KIM', 'LEE', 'PARK', 'CHOI'] },
    { code: 'CHN', nama: 'TIONGKOK', passport: () => `E${digits(rng, 8)}`, given: ['WEI', 'LI NA', 'JUN', 'XIAO MEI'], family: ['WANG', 'ZHANG', 'LIU', 'CHEN'] },
    { code: 'IND', nama: 'INDIA', passport: () => `${letter(rng)}${digits(rng, 7)}`, given: ['RAHUL', 'PRIYA', 'AMIT', 'SUNITA'], family: ['SHARMA', 'PATEL', 'SINGH', 'KUMAR'] },
    { code: 'AUS', nama: 'AUSTRALIA', passport: () => `P${digits(rng, 7)}`, given: ['JACK', 'OLIVIA', 'LIAM', 'CHLOE'], family: ['SMITH', 'JONES', 'BROWN', 'WILSON'] },
    { code: 'NLD', nama: 'BELANDA', passport: () => `N${letter(rng)}${digits(rng, 7)}`, given: ['DAAN', 'SANNE', 'JOOST', 'FLEUR'], family: ['DE JONG', 'JANSEN', 'VAN DIJK', 'BAKKER'] },
    { code: 'MYS', nama: 'MALAYSIA', passport: () => `A${digits(rng, 8)}`, given: ['AHMAD FARID', 'NUR AISYAH', 'MOHD HAFIZ'], family: ['BIN ISMAIL', 'BINTI RAHMAN', 'BIN OTHMAN'] },
    { code: 'USA', nama: 'AMERIKA SERIKAT', passport: () => digits(rng, 9), given: ['MICHAEL', 'JENNIFER', 'DAVID', 'SARAH'], family: ['JOHNSON', 'MILLER', 'DAVIS', 'GARCIA'] },
  ];
}

const SPONSORS = ['PT MAJU BERSAMA ELEKTRONIK', 'PT SERPONG TEKNIK INDONESIA', 'UNIVERSITAS SWASTA TANGSEL', 'PT GLOBAL LOGISTIK NUSANTARA', null];
const UPGRADE_2019 = isoToDay('2019-01-01');
const RATE_PER_RESIDENT = 0.004;
const MINIMUM = 12;

/** 'NNNN-SKTT-DDMMYYYY-', the application's numbers before the serial of the day. */
export function skttPrefix(regency4: string, isoDay: string): string {
  return `${regency4}-SKTT-${isoDay.slice(8, 10)}${isoDay.slice(5, 7)}${isoDay.slice(0, 4)}-`;
}

export class OrangAsingHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;
  private readonly regency4: string;
  private readonly countries: Country[];
  private readonly serials = new Map<number, number>();
  private readonly passports = new Set<string>();
  /** Where a foreigner can live: addresses of families met so far (for the minimum). */
  private readonly addresses: WorldFamily[] = [];
  private made = 0;

  constructor(world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x6f617367) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
    this.regency4 = world.regencyCode.replace('.', '');
    this.countries = countries(this.rng);
  }

  rowsFor(family: WorldFamily): OrangAsingRow[] {
    if (this.addresses.length < 50) this.addresses.push(family);
    const rows: OrangAsingRow[] = [];
    if (this.rng.chance(Math.min(1, RATE_PER_RESIDENT * family.members.length))) rows.push(this.foreignerAt(family));
    return rows;
  }

  /** Rows still owed for the minimum, once every family was seen. */
  remaining(): OrangAsingRow[] {
    const rows: OrangAsingRow[] = [];
    while (this.made < MINIMUM && this.addresses.length > 0) rows.push(this.foreignerAt(this.rng.pick(this.addresses)));
    return rows;
  }

  private foreignerAt(family: WorldFamily): OrangAsingRow {
    const rng = this.rng;
    this.made += 1;
    const country = rng.pick(this.countries);
    let passport = country.passport();
    while (this.passports.has(passport)) passport = country.passport();
    this.passports.add(passport);
    const registered = rng.int(Math.max(isoToDay('2014-01-02'), this.referenceDay - 10 * 365), this.referenceDay - 1);
    const old = registered < UPGRADE_2019;
    const permanent = rng.chance(0.2);
    const roll = rng.next();
    // 15% end within 30 days of the reference date; 5% ended already; the rest later.
    const ends = roll < 0.15 ? this.referenceDay + rng.int(0, 30) : roll < 0.2 ? this.referenceDay - rng.int(1, 90) : this.referenceDay + rng.int(31, permanent ? 5 * 365 : 700);
    const iso = dayToIso(registered);
    const serial = (this.serials.get(registered) ?? 0) + 1;
    this.serials.set(registered, serial);
    const [prop, kab, kec, kel] = family.kelurahanCode.split('.').map(Number);
    const type = permanent ? 'KITAP' : 'KITAS';
    return {
      NO_SKTT: `${skttPrefix(this.regency4, iso)}${String(serial).padStart(4, '0')}`,
      NO_PASPOR: passport,
      KWRNGRN: old ? country.nama : country.code,
      NAMA_LGKP: `${rng.pick(country.given)} ${rng.pick(country.family)}`,
      JENIS_KLMIN: rng.int(1, 2),
      TGL_LHR: dayToIso(addYears(registered, -rng.int(22, 60)) - rng.int(0, 364)),
      JENIS_IZIN: old ? type.slice(1) : type,
      NO_IZIN: `2C${rng.int(1, 2)}${letter(rng)}${digits(rng, 4)}${letter(rng)}${letter(rng)}`,
      TGL_AKHIR_IZIN: dayToIso(ends),
      SPONSOR: rng.pick(SPONSORS),
      ALAMAT: family.street.toUpperCase(),
      NO_RT: family.rt,
      NO_RW: family.rw,
      NO_PROP: prop ?? 0,
      NO_KAB: kab ?? 0,
      NO_KEC: kec ?? 0,
      NO_KEL: kel ?? 0,
      PETUGAS: 'LOKET',
      TGL_ENTRI: `${iso} ${String(rng.int(8, 15)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00`,
      REF_GERBANG: null,
    };
  }
}
