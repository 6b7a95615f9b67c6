import {
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { ERROR } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { Access, CurrentActor } from '../authorization/access.guard';
import { ApiError } from '../common/api-error';
import { Errors, QueryFrom } from '../common/openapi';
import { parseBody } from '../common/parse-body';
import { CONTENT_TYPES } from '../reports/tabular';
import {
  HouseholdImportService,
  type ImportFormat,
} from './household-import.service';

export const IMPORT_CONTENT_TYPES = [
  CONTENT_TYPES.xlsx,
  'text/csv',
  'application/octet-stream',
];

const startQuerySchema = z
  .object({
    format: z.enum(['csv', 'xlsx']).optional(),
    wait: z.enum(['true', 'false', '1', '0']).optional(),
  })
  .strict();

function formatOf(
  contentType: string | undefined,
  given: ImportFormat | undefined,
): ImportFormat {
  if (given) return given;
  if (contentType?.startsWith('text/csv')) return 'csv';
  if (contentType?.startsWith(CONTENT_TYPES.xlsx)) return 'xlsx';
  throw ApiError.of(
    ERROR.VALIDATION,
    'format: send text/csv or an XLSX body, or say ?format=csv|xlsx',
    { field: 'format' },
  );
}

/** 建档立卡 household import (CSV or XLSX, streamed), and its progress. */
@ApiTags('imports')
@Controller('imports/households')
export class HouseholdImportController {
  constructor(private readonly imports: HouseholdImportService) {}

  @Post()
  @Access('imports.households.start')
  @ApiConsumes(...IMPORT_CONTENT_TYPES)
  @ApiBody({
    description:
      'The sheet: one row per person, columns 户编号, 乡镇, 行政村, 姓名, 身份证号, 与户主关系, 贫困户属性, 主要致贫原因, 人均纯收入, 脱贫状态, 识别年度, 脱贫年度, 危房等级',
    schema: { type: 'string', format: 'binary' },
  })
  @QueryFrom(startQuerySchema)
  @Errors([413, 'The file is too large'])
  async start(
    @Req() request: FastifyRequest,
    @Query() query: unknown,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ) {
    const { format, wait } = parseBody(startQuerySchema, query);
    const body = request.body as Readable | undefined;
    if (!body || typeof (body as Readable).pipe !== 'function')
      throw ApiError.of(
        ERROR.VALIDATION,
        `Send the file as the body (${IMPORT_CONTENT_TYPES.join(', ')})`,
        { field: 'body' },
      );
    const waitForIt = wait === 'true' || wait === '1';
    const view = await this.imports.start(
      actor,
      body,
      formatOf(request.headers['content-type'], format),
      waitForIt,
    );
    void reply
      .status(waitForIt ? 200 : 202)
      .header('location', `/api/v1/imports/households/${view.id}`)
      .header('cache-control', 'no-store')
      .send(view);
  }

  @Get(':id')
  @HttpCode(200)
  @Access('imports.households.get')
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.imports.get(actor, id);
  }
}
