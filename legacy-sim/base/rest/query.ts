import { permintaanTidakValid } from './envelope';

/**
 * The keys of a lookup as the old REST apps take them: one query parameter, comma-separated
 * (`?nik=3674…,3674…`), at most `max` of them, each matching `pattern`; refused in the apps' own
 * words otherwise (`NIK MAKSIMAL 50`, `NIK TIDAK VALID: 12`). An absent parameter is no keys.
 */
export function keyList(query: URLSearchParams, name: string, pattern: RegExp, max: number): string[] {
  const list = (query.get(name) ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  if (list.length > max) throw permintaanTidakValid(`${name.toUpperCase()} MAKSIMAL ${max}`);
  for (const key of list) if (!pattern.test(key)) throw permintaanTidakValid(`${name.toUpperCase()} TIDAK VALID: ${key}`);
  return list;
}
