/**
 * The capil-perubahan application as a running system: `node --import tsx legacy-sim/capil-perubahan/run.ts`
 * provisions its folders and runs its batch job on GERBANG_CAPIL_PERUBAHAN_SCHEDULE until
 * SIGINT/SIGTERM (legacy-sim/base/files/run-app.ts).
 */
import { runFileApp } from '../base/files/run-app';
import { loadCapilPerubahanSimConfig } from './config';
import { createCapilPerubahanApp } from './emulator';

runFileApp(() => loadCapilPerubahanSimConfig(), createCapilPerubahanApp);
