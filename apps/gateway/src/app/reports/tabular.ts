import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | null;

export interface Sheet {
  name: string;
  rows: Cell[][];
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a UTF-8 byte-order mark (so Excel opens the Chinese headers correctly), CRLF lines. */
export function toCsv(sheets: Sheet[]): Buffer {
  const lines = sheets.flatMap((sheet, i) => [
    ...(i > 0 ? [''] : []),
    ...(sheets.length > 1 ? [csvCell(sheet.name)] : []),
    ...sheet.rows.map((row) => row.map(csvCell).join(',')),
  ]);
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** An XLSX workbook, one worksheet per sheet, the first row of each bold. */
export async function toXlsx(sheets: Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '巩固脱贫 approval platform';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name.slice(0, 31));
    sheet.rows.forEach((row) => ws.addRow(row));
    ws.getRow(1).font = { bold: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Sends a file answer: content type, an RFC 5987 filename and no caching (it may hold personal data). */
export function fileHeaders(
  format: 'csv' | 'xlsx',
  filename: string,
): Record<string, string> {
  return {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}.${format}`,
    'cache-control': 'no-store',
  };
}
