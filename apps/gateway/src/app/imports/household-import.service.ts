import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  ERROR,
  ROSTER_IMPORT_SUBJECTS,
  type ImportCheckResult,
  type ImportCommitResult,
  type ImportRowError,
  type ImportedHousehold,
} from '@poverty/contracts';
import { jsonLogger } from '@poverty/messaging';
import type { Actor } from '@poverty/workflow';
import { ApiError } from '../common/api-error';
import { GatewayBus } from '../reports/gateway-bus';
import { HouseholdAssembler, mapHeader, validateRow } from './household-rows';
import { readCsv, readXlsx, type SheetRow } from './sheet-readers';

const logger = jsonLogger('gateway');

/** Households per staging message (well under NATS's 1 MB payload). */
const BATCH_HOUSEHOLDS = 400;
const MAX_LISTED_ERRORS = 1_000;
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

export type ImportFormat = 'csv' | 'xlsx';

export interface ImportView {
  id: string;
  format: string;
  status: 'receiving' | 'running' | 'imported' | 'rejected' | 'failed';
  bytesTotal: number;
  bytesRead: number;
  percent: number;
  rowsRead: number;
  households: number;
  people: number;
  errorCount: number;
  errors: ImportRowError[];
  startedAt: string;
  finishedAt: string | null;
}

/**
 * Household import from a 建档立卡 sheet. The upload is spooled to a temporary file as it arrives
 * (never held in memory), then read row by row: each row is validated, households are assembled
 * and staged in the roster in batches; at the end the roster swaps every staged household in, in
 * one transaction, or — if any row anywhere was bad — nothing, and every bad row is reported.
 * Progress (bytes and rows read) is kept in `gateway.household_import` for `GET`.
 */
@Injectable()
export class HouseholdImportService {
  constructor(
    private readonly orm: MikroORM,
    private readonly gateway: GatewayBus,
  ) {}

  private conn() {
    return this.orm.em.fork().getConnection();
  }

  assertPovertyOffice(actor: Actor) {
    if (
      !(
        actor.roles.includes('county_officer') &&
        actor.department === 'poverty_office'
      )
    ) {
      throw ApiError.of(
        ERROR.FORBIDDEN,
        'Only the county poverty office imports households',
      );
    }
  }

  /** Receives the upload and starts the import; resolves when it has finished if `wait`. */
  async start(
    actor: Actor,
    upload: Readable,
    format: ImportFormat,
    wait: boolean,
  ): Promise<ImportView> {
    this.assertPovertyOffice(actor);
    const id = randomUUID();
    const dir = await mkdtemp(join(tmpdir(), 'household-import-'));
    const path = join(dir, `upload.${format}`);
    let received = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        if (received > MAX_UPLOAD_BYTES)
          done(Object.assign(new Error('too large'), { tooLarge: true }));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(upload, limit, createWriteStream(path));
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      if ((error as { tooLarge?: boolean }).tooLarge)
        throw new ApiError({
          statusCode: 413,
          code: ERROR.VALIDATION,
          message: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`,
          field: 'body',
        });
      throw ApiError.of(ERROR.VALIDATION, 'The upload was interrupted', {
        field: 'body',
      });
    }
    const bytesTotal = (await stat(path)).size;
    if (bytesTotal === 0) {
      await rm(dir, { recursive: true, force: true });
      throw ApiError.of(ERROR.VALIDATION, 'The file is empty', {
        field: 'body',
      });
    }
    await this.conn().execute(
      `insert into gateway.household_import (id, format, status, bytes_total, bytes_read, rows_read, households, people, error_count, errors, started_by, started_at)
       values (?,?,'running',?,0,0,0,0,0,'[]',?,now())`,
      [id, format, bytesTotal, actor.userId],
      'run',
    );
    const run = this.run(actor, id, path, format, bytesTotal)
      .catch(async (error) => {
        logger.error('household import failed', {
          importId: id,
          error: (error as Error)?.message,
        });
        await this.gateway.bus
          .request(ROSTER_IMPORT_SUBJECTS.abort, actor, { importId: id })
          .catch(() => undefined);
        await this.finish(id, 'failed', {
          errors: [
            {
              line: 0,
              field: 'file',
              message:
                'The import stopped on an internal error; nothing was imported',
            },
          ],
          errorCount: 1,
        });
      })
      .finally(() => rm(dir, { recursive: true, force: true }));
    if (wait) await run;
    return this.get(actor, id);
  }

  private async run(
    actor: Actor,
    id: string,
    path: string,
    format: ImportFormat,
    bytesTotal: number,
  ): Promise<void> {
    const bus = this.gateway.bus;
    const errors: ImportRowError[] = [];
    let errorCount = 0;
    const reject = (error: ImportRowError) => {
      errorCount++;
      if (errors.length < MAX_LISTED_ERRORS) errors.push(error);
    };
    let batch: ImportedHousehold[] = [];
    let batchNo = 0;
    let households = 0;
    let bytesRead = 0;
    let rowsRead = 0;
    const assembler = new HouseholdAssembler((h) => void batch.push(h), reject);

    const stage = async () => {
      const households = batch;
      batch = [];
      // Staged even after a bad row: nothing will be committed then, but the roster's check at the end
      // can still name every duplicate.
      if (households.length)
        await bus.request(ROSTER_IMPORT_SUBJECTS.stage, actor, {
          importId: id,
          batch: batchNo++,
          households,
        });
      await this.conn().execute(
        `update gateway.household_import set bytes_read = ?, rows_read = ?, error_count = ? where id = ?`,
        [Math.min(bytesRead, bytesTotal), rowsRead, errorCount, id],
        'run',
      );
    };

    let rows: AsyncGenerator<SheetRow>;
    if (format === 'csv') {
      const file = createReadStream(path);
      file.on('data', (chunk) => (bytesRead += chunk.length));
      rows = readCsv(file);
    } else {
      rows = readXlsx(path, (n) => (bytesRead += n));
    }

    let header: ReturnType<typeof mapHeader> | null = null;
    try {
      for await (const { line, cells } of rows) {
        if (!header) {
          header = mapHeader(cells);
          header.errors.forEach(reject);
          if (header.errors.length) break;
          continue;
        }
        rowsRead++;
        const { row, errors: rowErrors } = validateRow(header.map, line, cells);
        rowErrors.forEach(reject);
        assembler.add(row, rowErrors.length > 0);
        if (batch.length >= BATCH_HOUSEHOLDS) {
          households += batch.length;
          await stage();
        }
      }
    } catch (error) {
      reject({
        line: rowsRead + 1,
        field: 'file',
        message: `The file could not be read as ${format.toUpperCase()}: ${(error as Error).message.slice(0, 200)}`,
      });
    }
    if (!header)
      reject({ line: 1, field: 'file', message: 'The file has no header row' });
    assembler.flush();
    households += batch.length;
    bytesRead = bytesTotal;
    await stage();

    if (errorCount === 0 && households === 0)
      reject({
        line: 2,
        field: 'file',
        message: 'The file has no household rows',
      });
    if (errorCount === 0) {
      const committed = await bus.request<ImportCommitResult>(
        ROSTER_IMPORT_SUBJECTS.commit,
        actor,
        { importId: id },
      );
      if (committed.ok) {
        await this.finish(id, 'imported', {
          households: committed.households,
          people: committed.people,
          errors: [],
          errorCount: 0,
        });
        return;
      }
      committed.errors.forEach(reject);
      errorCount += committed.errorCount - committed.errors.length;
    } else {
      const checked = await bus.request<ImportCheckResult>(
        ROSTER_IMPORT_SUBJECTS.check,
        actor,
        { importId: id },
      );
      checked.errors.forEach(reject);
      errorCount += checked.errorCount - checked.errors.length;
    }
    await bus.request(ROSTER_IMPORT_SUBJECTS.abort, actor, { importId: id });
    errors.sort((a, b) => a.line - b.line);
    await this.finish(id, 'rejected', { errors, errorCount });
  }

  private async finish(
    id: string,
    status: string,
    result: {
      households?: number;
      people?: number;
      errors: ImportRowError[];
      errorCount: number;
    },
  ) {
    await this.conn().execute(
      `update gateway.household_import set status = ?, households = ?, people = ?, errors = ?, error_count = ?, bytes_read = bytes_total, finished_at = now() where id = ?`,
      [
        status,
        result.households ?? 0,
        result.people ?? 0,
        JSON.stringify(result.errors),
        result.errorCount,
        id,
      ],
      'run',
    );
  }

  async get(actor: Actor, id: string): Promise<ImportView> {
    this.assertPovertyOffice(actor);
    if (!/^[0-9a-f-]{36}$/i.test(id))
      throw ApiError.of(ERROR.NOT_FOUND, 'Import not found');
    const [r] = await this.conn().execute(
      `select * from gateway.household_import where id = ?`,
      [id],
    );
    if (!r) throw ApiError.of(ERROR.NOT_FOUND, 'Import not found');
    const bytesTotal = Number(r.bytes_total);
    const bytesRead = Number(r.bytes_read);
    return {
      id: r.id,
      format: r.format,
      status: r.status,
      bytesTotal,
      bytesRead,
      percent: bytesTotal ? Math.floor((bytesRead * 100) / bytesTotal) : 0,
      rowsRead: r.rows_read,
      households: r.households,
      people: r.people,
      errorCount: r.error_count,
      errors: r.errors,
      startedAt: new Date(r.started_at).toISOString(),
      finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    };
  }
}
