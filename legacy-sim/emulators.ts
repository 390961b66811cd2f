import type { SqlEmulator } from './base/sql-emulator';
import { siakEmulator } from './siak/emulator';

/**
 * The emulated estate, by protocol family. Each new application (legacy-catalogue.md) adds its
 * emulator here; `npm run seed` and `npm start` provision whatever is listed.
 */
export const SQL_EMULATORS: readonly SqlEmulator[] = [siakEmulator];
