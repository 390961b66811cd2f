/**
 * `npm run seed [-- --scale 1400000] [--seed 42] [--force]`: fills every emulated legacy app with
 * the synthetic world. Without --force an app that already holds the same world is left alone.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '@core/config/load';
import { loadSimConfig } from './config';
import { provisionEstate } from './provision';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scale: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean', default: false }, only: { type: 'string' } },
  });
  const config = loadSimConfig();
  const world = {
    ...config.world,
    ...(values.scale ? { scale: Number(values.scale.replace(/[_,]/g, '')) } : {}),
    ...(values.seed ? { seed: Number(values.seed) } : {}),
  };
  if (!Number.isInteger(world.scale) || world.scale < 10) throw new ConfigError([`--scale: expected a whole number of residents >= 10, got "${values.scale}"`]);
  const started = Date.now();
  const outcomes = await provisionEstate(config.storage, world, {
    force: values.force,
    only: values.only?.split(','),
    log: (line) => process.stderr.write(line + '\n'),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`seed: ${JSON.stringify(outcomes)} in ${seconds}s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
