import type { FileApp } from './base/files/file-emulator';
import type { SqlEmulator } from './base/sql-emulator';
import { arsipEmulator } from './arsip/emulator';
import { aktaCeraiEmulator } from './akta-cerai/emulator';
import { aktaKawinEmulator } from './akta-kawin/emulator';
import { aktaLahirEmulator } from './akta-lahir/emulator';
import { aktaMatiEmulator } from './akta-mati/emulator';
import { CAPIL_PERUBAHAN, createCapilPerubahanApp } from './capil-perubahan/emulator';
import { ikdEmulator } from './ikd/emulator';
import { kiaEmulator } from './kia/emulator';
import { ktpCetakEmulator } from './ktp-cetak/emulator';
import { ktpRekamEmulator } from './ktp-rekam/emulator';
import { orangAsingEmulator } from './orang-asing/emulator';
import { pindahDatangEmulator } from './pindah-datang/emulator';
import { pindahKeluarEmulator } from './pindah-keluar/emulator';
import { admKioskEmulator } from './adm-kiosk/emulator';
import { antrianEmulator } from './antrian/emulator';
import { kecamatanEmulator } from './kecamatan/emulator';
import { legalisirEmulator } from './legalisir/emulator';
import { pengaduanEmulator } from './pengaduan/emulator';
import { notifikasiEmulator } from './notifikasi/emulator';
import { ojolEmulator } from './ojol/emulator';
import { JEMPUT_BOLA, createJemputBolaApp } from './jemput-bola/emulator';
import { portalOnlineEmulator } from './portal-online/emulator';
import { sirenaEmulator } from './sirena/emulator';
import { siakEmulator } from './siak/emulator';
import { tteEmulator } from './tte/emulator';

/**
 * The emulated estate, by protocol family. Each new application (legacy-catalogue.md) adds its
 * emulator here; `npm run seed` and `npm start` provision whatever is listed.
 */
export const SQL_EMULATORS: readonly SqlEmulator[] = [siakEmulator, ktpRekamEmulator, aktaLahirEmulator, aktaMatiEmulator, ktpCetakEmulator, kiaEmulator, ikdEmulator, aktaKawinEmulator, aktaCeraiEmulator, tteEmulator, arsipEmulator, orangAsingEmulator, pindahKeluarEmulator, pindahDatangEmulator, portalOnlineEmulator, sirenaEmulator, pengaduanEmulator, kecamatanEmulator, legalisirEmulator, antrianEmulator, admKioskEmulator, ojolEmulator, notifikasiEmulator];

/** A file-exchange application (docs/protocol-bases/files.md), made for the office that runs it. */
export interface FileEmulator {
  /** Catalogue id, also its folder tree's name (core/files/app-folders.ts). */
  id: string;
  /** The app for this regency, stamping dates on the office's clock. */
  create(office: { regencyCode: string; timeZone: string }): FileApp;
}

/** File apps: provisioned (folders, seeded data) with the SQL ones; each runs its own batch job (run.ts). */
export const FILE_EMULATORS: readonly FileEmulator[] = [
  { id: CAPIL_PERUBAHAN, create: createCapilPerubahanApp },
  { id: JEMPUT_BOLA, create: createJemputBolaApp },
];
