/**
 * The jemput-bola application as a running system: `node --import tsx legacy-sim/jemput-bola/run.ts`
 * provisions its folders and runs its batch job on GERBANG_JEMPUT_BOLA_SCHEDULE until
 * SIGINT/SIGTERM (legacy-sim/base/files/run-app.ts).
 */
import { runFileApp } from '../base/files/run-app';
import { loadJemputBolaSimConfig } from './config';
import { createJemputBolaApp } from './emulator';

runFileApp(() => loadJemputBolaSimConfig(), createJemputBolaApp);
