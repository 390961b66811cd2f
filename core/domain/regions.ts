import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@core/config/shared';

/**
 * Kemendagri region codes (Kepmendagri 2025) for the regencies Gerbang serves, from
 * data/regions.csv (a copy of shared/data/regions.csv). Codes are dotted strings:
 * province '36', regency '36.74', kecamatan (district) '36.74.01', kelurahan/desa '36.74.01.1001'.
 * Historical codes (a kecamatan that was split or renamed) are kept in the same file, since NIKs
 * issued under them stay valid for life.
 */
export type RegionLevel = 'province' | 'regency' | 'district' | 'village';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
}

const LEVELS: ReadonlySet<string> = new Set(['province', 'regency', 'district', 'village']);

function parseRegionsCsv(text: string): Region[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  if (header !== 'code,name,level') throw new Error(`regions.csv: unexpected header "${header}"`);
  return lines.map((line, i) => {
    const [code, name, level] = line.split(',');
    if (!code || !name || !level || !LEVELS.has(level)) {
      throw new Error(`regions.csv line ${i + 2}: expected code,name,level but got "${line}"`);
    }
    return { code, name, level: level as RegionLevel };
  });
}

export class RegionDirectory {
  private readonly byCode: Map<string, Region>;

  constructor(readonly all: readonly Region[]) {
    this.byCode = new Map(all.map((r) => [r.code, r]));
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code);
  }

  /** Children of a region, in file order (e.g. the kecamatan of a regency). */
  childrenOf(code: string): Region[] {
    const depth = code.split('.').length + 1;
    return this.all.filter((r) => r.code.startsWith(`${code}.`) && r.code.split('.').length === depth);
  }

  /** True when `prefix6` (e.g. '367401', no dots) is a known kecamatan code. */
  isKecamatanPrefix(prefix6: string): boolean {
    const region = this.byCode.get(undotted6ToCode(prefix6));
    return region?.level === 'district';
  }
}

/** '367401' -> '36.74.01' */
export function undotted6ToCode(prefix6: string): string {
  return `${prefix6.slice(0, 2)}.${prefix6.slice(2, 4)}.${prefix6.slice(4, 6)}`;
}

/** '36.74.01' -> '367401' */
export function codeToUndotted(code: string): string {
  return code.replace(/\./g, '');
}

let directory: RegionDirectory | undefined;

/** The process-wide region directory, read once from data/regions.csv. */
export function regions(): RegionDirectory {
  directory ??= new RegionDirectory(parseRegionsCsv(readFileSync(join(REPO_ROOT, 'core', 'domain', 'data', 'regions.csv'), 'utf8')));
  return directory;
}

/**
 * Whether region `code` lies within `region` (itself or below it): '36.74.01.1001' is within
 * '36.74.01' and '36.74', not within '36.74.1'. The row rules of every subgraph decide an
 * officer's reach with it.
 */
export function withinRegion(code: string, region: string): boolean {
  return code === region || code.startsWith(`${region}.`);
}
