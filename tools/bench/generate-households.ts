/**
 * Writes a synthetic 建档立卡 sheet (one row per person, a household's rows together) as CSV or
 * XLSX, streamed to disk:
 *
 *   TS_NODE_PROJECT=tsconfig.base.json node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/bench/generate-households.ts --rows 100000 --format csv --out /tmp/households.csv
 *
 * Options: --rows N (person rows), --format csv|xlsx, --out PATH, --id-base N (first synthetic ID
 * seed; distinct bases give disjoint people), --exited-bp N (share of households 已脱贫, basis
 * points), --year Y, --bad N (rows made invalid, spread through the file, for rejection tests).
 * Names are synthetic; ID numbers are synthetic with valid check digits.
 *
 * With --measure it also imports the file and reports the figures: it starts a private nats-server,
 * a fresh database (--db, default poverty_bench_import), the identification service and the
 * gateway as separate processes, uploads the file as the county poverty office and prints one JSON
 * line: wall time of the import, rows per second, and the peak resident memory (VmHWM) of the
 * gateway and of identification.
 *
 *   TS_NODE_PROJECT=tsconfig.base.json node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/bench/generate-households.ts --rows 100000 --format csv --measure
 */
import {
  createReadStream,
  createWriteStream,
  readFileSync,
  statSync,
} from 'node:fs';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import {
  SHEET_HEADER,
  householdRows,
  type GenerateOptions,
} from '../../apps/e2e/src/reports/household-sheet';

function csvLine(cells: string[]): string {
  return (
    cells
      .map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
      .join(',') + '\r\n'
  );
}

export async function writeCsv(
  path: string,
  options: GenerateOptions,
): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`\uFEFF${csvLine(SHEET_HEADER)}`);
  for (const row of householdRows(options)) await write(csvLine(row));
  out.end();
  await once(out, 'finish');
}

export async function writeXlsx(
  path: string,
  options: GenerateOptions,
): Promise<void> {
  // Inline strings (no shared-strings table), so a streaming reader need not cache them.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('建档立卡');
  sheet.addRow(SHEET_HEADER).commit();
  for (const row of householdRows(options)) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Peak resident set size of a process, in MB (Linux `VmHWM`). */
function peakRssMb(
  pid: number | undefined,
  field: 'VmHWM' | 'VmRSS' = 'VmHWM',
): number | null {
  if (!pid) return null;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
  return kb ? Math.round(Number(kb) / 1024) : null;
}

async function measureImport(
  path: string,
  format: 'csv' | 'xlsx',
  database: string,
) {
  const { startNatsServer, startStack } = await import('@poverty/testing');
  const nats = await startNatsServer();
  // --node-options '--max-old-space-size=160' shows what a heap cap does to the apps' peak memory.
  const nodeOptions = arg('node-options');
  const stack = await startStack({
    database,
    natsUrl: nats.url,
    services: { identification: 1 },
    env: {
      LOG_LEVEL: 'error',
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    },
  });
  try {
    const login = await fetch(`${stack.gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'county.poverty',
        password: 'Demo@2019',
      }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const gatewayPid = stack.gateway.child.pid;
    const identificationPid = stack.services['identification'][0].child.pid;
    const idle = {
      gatewayIdleRssMb: peakRssMb(gatewayPid, 'VmRSS'),
      identificationIdleRssMb: peakRssMb(identificationPid, 'VmRSS'),
    };
    const started = Date.now();
    const response = await fetch(
      `${stack.gatewayUrl}/api/v1/imports/households?wait=true&format=${format}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type':
            format === 'csv'
              ? 'text/csv'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: Readable.toWeb(createReadStream(path)) as any,
        duplex: 'half',
      } as any,
    ).catch((error) => {
      throw new Error(
        `the import failed (${error.message}); the gateway said: ${stack.gateway.output().slice(-1500)}`,
      );
    });
    const result = (await response.json()) as Record<string, unknown>;
    const ms = Date.now() - started;
    return {
      status: result['status'],
      rowsRead: result['rowsRead'],
      households: result['households'],
      people: result['people'],
      errorCount: result['errorCount'],
      importMs: ms,
      rowsPerSec: Math.round((Number(result['rowsRead']) * 1000) / ms),
      fileMb: Math.round(statSync(path).size / 1024 / 102.4) / 10,
      ...idle,
      gatewayPeakRssMb: peakRssMb(gatewayPid),
      identificationPeakRssMb: peakRssMb(identificationPid),
    };
  } finally {
    await stack.stop();
    await nats.stop();
  }
}

async function main() {
  const rows = Number(arg('rows') ?? 100_000);
  const format = (arg('format') ?? 'csv') as 'csv' | 'xlsx';
  const out = arg('out') ?? `/tmp/households-${rows}.${format}`;
  const options: GenerateOptions = {
    rows,
    idBase: arg('id-base') ? Number(arg('id-base')) : undefined,
    exitedBp: arg('exited-bp') ? Number(arg('exited-bp')) : undefined,
    year: arg('year') ? Number(arg('year')) : undefined,
    bad: arg('bad') ? Number(arg('bad')) : undefined,
  };
  const started = Date.now();
  await (format === 'xlsx' ? writeXlsx(out, options) : writeCsv(out, options));
  const generated = { out, rows, format, generateMs: Date.now() - started };
  if (!process.argv.includes('--measure')) {
    console.log(JSON.stringify(generated));
    return;
  }
  console.log(
    JSON.stringify({
      ...generated,
      ...(await measureImport(
        out,
        format,
        arg('db') ?? 'poverty_bench_import',
      )),
    }),
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
