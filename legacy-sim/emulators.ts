import type { SqlEmulator } from './base/sql-emulator';
import { aktaCeraiEmulator } from './akta-cerai/emulator';
import { aktaKawinEmulator } from './akta-kawin/emulator';
import { aktaLahirEmulator } from './akta-lahir/emulator';
import { aktaMatiEmulator } from './akta-mati/emulator';
import { ikdEmulator } from './ikd/emulator';
import { kiaEmulator } from './kia/emulator';
import { ktpCetakEmulator } from './ktp-cetak/emulator';
import { ktpRekamEmulator } from './ktp-rekam/emulator';
import { siakEmulator } from './siak/emulator';

/**
 * The emulated estate, by protocol family. Each new application (legacy-catalogue.md) adds its
 * emulator here; `npm run seed` and `npm start` provision whatever is listed.
 */
export const SQL_EMULATORS: readonly SqlEmulator[] = [siakEmulator, ktpRekamEmulator, aktaLahirEmulator, aktaMatiEmulator, ktpCetakEmulator, kiaEmulator, ikdEmulator, aktaKawinEmulator, aktaCeraiEmulator];
