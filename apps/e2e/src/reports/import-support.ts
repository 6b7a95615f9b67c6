import {
  householdRows,
  SHEET_HEADER,
  type GenerateOptions,
} from './household-sheet';
import type { Api } from '../support/api';

/** A 建档立卡 CSV (BOM, CRLF) from the bench generator's rows, plus any extra rows. */
export function sheetCsv(
  options: GenerateOptions,
  extra: string[][] = [],
): Buffer {
  const line = (cells: string[]) =>
    cells
      .map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
      .join(',');
  const rows = [SHEET_HEADER, ...householdRows(options), ...extra];
  return Buffer.from(`\uFEFF${rows.map(line).join('\r\n')}\r\n`, 'utf8');
}

export function sheetRows(options: GenerateOptions): string[][] {
  return [...householdRows(options)];
}

/** Uploads a sheet as the county poverty office and waits for the import's result. */
export async function importSheet(
  api: Api,
  body: Buffer,
  contentType = 'text/csv',
  user = 'county.poverty',
) {
  return api
    .http()
    .post('/api/v1/imports/households?wait=true')
    .set('authorization', `Bearer ${await api.token(user)}`)
    .set('content-type', contentType)
    .send(body);
}
