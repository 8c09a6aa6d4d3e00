import { isRegionCode, regionLevelOf, type RegionCode, type RegionLevel } from '@epg/domain';

export interface RegionRow {
  code: RegionCode;
  name: string;
  level: RegionLevel;
}

export interface RegionFileResult {
  regions: RegionRow[];
  errors: { line: number; message: string }[];
}

/**
 * Parses a region code list (one `code,name` per line; tab also separates; `#` starts a
 * comment; a header line `code,name` is skipped) as a province exports it. Levels come from
 * the codes.
 */
export function parseRegionFile(text: string): RegionFileResult {
  const regions: RegionRow[] = [];
  const errors: RegionFileResult['errors'] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (!line || line.startsWith('#') || /^code[,\t]/i.test(line)) return;
    const [code = '', ...rest] = line.split(/[,\t]/).map((part) => part.trim());
    const name = rest.join(' ').trim();
    if (!isRegionCode(code)) return errors.push({ line: index + 1, message: `not a region code: ${code}` });
    if (!name) return errors.push({ line: index + 1, message: `region ${code} has no name` });
    if (seen.has(code)) return errors.push({ line: index + 1, message: `region ${code} is listed twice` });
    seen.add(code);
    regions.push({ code, name, level: regionLevelOf(code) });
  });
  return { regions, errors };
}
