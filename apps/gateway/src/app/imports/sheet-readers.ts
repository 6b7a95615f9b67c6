import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
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
    return done.length === 1 && done[0] === ''
      ? null
      : { line, cells: done.map((c) => c.trim()) };
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
        if (c !== '"') {
          field += c;
        } else if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          // A quote at the end of a chunk may be the first of a doubled pair: decided by the next chunk.
          quoted = false;
          afterQuote = i + 1 === text.length;
        }
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
      else if (c === ',') {
        record.push(field);
        field = '';
      } else if (c === '\n' || c === '\r') {
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
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const v = value as {
    richText?: Array<{ text: string }>;
    text?: string;
    result?: unknown;
  };
  if (v.richText)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if (v.text !== undefined) return String(v.text).trim();
  if (v.result !== undefined) return cellText(v.result);
  return String(value);
}

/**
 * A copy of the text that shares no memory with the string it was cut from. The XML parser hands
 * out cells as slices of the chunk it parsed, and V8 keeps the whole chunk alive for any slice of
 * it (slices of 13 characters or more; shorter ones are copies already). One kept cell — an import
 * remembers every 户编号 it has seen — would keep its chunk, and a 100,000-row sheet nearly all of
 * them: the gateway outgrew its 160 MB heap.
 */
function unshared(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}

/** Buffers to strings that never end inside a multi-byte UTF-8 character. */
async function* utf8Chunks(
  chunks: AsyncIterable<Buffer | string>,
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * ExcelJS 4.4's streaming reader decodes each inflated chunk on its own, which garbles a Chinese
 * character cut by a chunk boundary (about one row in two thousand). Its worksheet and
 * shared-string parsers accept strings, so they are handed whole characters instead.
 */
function decodeWholeCharacters(reader: any): void {
  const parseWorksheet = reader._parseWorksheet.bind(reader);
  reader._parseWorksheet = (iterator: AsyncIterable<Buffer>, sheetNo: number) =>
    parseWorksheet(utf8Chunks(iterator), sheetNo);
  const parseSharedStrings = reader._parseSharedStrings.bind(reader);
  reader._parseSharedStrings = (entry: Readable) =>
    parseSharedStrings(entry.pipe(new PassThrough()).setEncoding('utf8'));
}

/**
 * Reads the first worksheet of an XLSX file with ExcelJS's streaming reader, one row at a time.
 * Shared strings are cached (as ExcelJS must), so sheets written with inline strings stay small.
 */
export async function* readXlsx(
  path: string,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<SheetRow> {
  const stream = createReadStream(path);
  if (onBytes) stream.on('data', (chunk) => onBytes(chunk.length));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  } as any);
  decodeWholeCharacters(reader);
  for await (const worksheet of reader as AsyncIterable<any>) {
    for await (const row of worksheet as AsyncIterable<any>) {
      const values: unknown[] = Array.isArray(row.values)
        ? row.values.slice(1)
        : [];
      const cells = values.map((value) => unshared(cellText(value)));
      if (cells.every((c) => c === '')) continue;
      yield { line: row.number, cells };
    }
    return;
  }
}
