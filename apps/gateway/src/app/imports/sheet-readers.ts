import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/** One record of a sheet: its line (1 = the header row) and its cells as trimmed strings. */
export interface SheetRow {
  line: number;
  cells: string[];
}

/**
 * Parses CSV (RFC 4180: quoted fields, doubled quotes, CR/LF or LF, newlines inside quotes) from a
 * stream, yielding one record at a time; a UTF-8 byte-order mark is dropped. Memory is one chunk
 * and one record, whatever the file's size.
 */
export async function* readCsv(input: Readable): AsyncGenerator<SheetRow> {
  input.setEncoding('utf8');
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 0;
  let first = true;
  let pendingCr = false;
  const endRecord = (): SheetRow | null => {
    record.push(field);
    field = '';
    const done = record;
    record = [];
    line++;
    return done.length === 1 && done[0] === '' ? null : { line, cells: done.map((c) => c.trim()) };
  };
  for await (const chunk of input as AsyncIterable<string>) {
    let text = chunk;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue;
      }
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') (field += '"'), i++;
          else if (i + 1 === text.length) (quoted = false), (afterQuote = true);
          else quoted = false;
        } else field += c;
        continue;
      }
      if (afterQuote && c === '"') {
        // A doubled quote split across two chunks.
        field += '"';
        quoted = true;
        afterQuote = false;
        continue;
      }
      afterQuote = false;
      if (c === '"' && field === '') quoted = true;
      else if (c === ',') (record.push(field), (field = ''));
      else if (c === '\n' || c === '\r') {
        if (c === '\r') pendingCr = true;
        const row = endRecord();
        if (row) yield row;
      } else field += c;
    }
  }
  if (field !== '' || record.length > 0) {
    const row = endRecord();
    if (row) yield row;
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const v = value as { richText?: Array<{ text: string }>; text?: string; result?: unknown };
  if (v.richText) return v.richText.map((r) => r.text).join('').trim();
  if (v.text !== undefined) return String(v.text).trim();
  if (v.result !== undefined) return cellText(v.result);
  return String(value);
}

/**
 * Reads the first worksheet of an XLSX file with ExcelJS's streaming reader, one row at a time.
 * Shared strings are cached (as ExcelJS must), so sheets written with inline strings stay small.
 */
export async function* readXlsx(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<SheetRow> {
  const stream = createReadStream(path);
  if (onBytes) stream.on('data', (chunk) => onBytes(chunk.length));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'emit' } as any);
  for await (const worksheet of reader as AsyncIterable<any>) {
    for await (const row of worksheet as AsyncIterable<any>) {
      const values: unknown[] = Array.isArray(row.values) ? row.values.slice(1) : [];
      const cells = values.map(cellText);
      if (cells.every((c) => c === '')) continue;
      yield { line: row.number, cells };
    }
    return;
  }
}
