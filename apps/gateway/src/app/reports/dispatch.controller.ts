import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ERROR, adminCodeSchema } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { Access, CurrentActor } from '../authorization/access.guard';
import { ApiError } from '../common/api-error';
import { Errors, QueryFrom } from '../common/openapi';
import { parseBody } from '../common/parse-body';
import { monthlyPdf, monthlySheets, pdfFontPath } from './dispatch.export';
import { DispatchService } from './dispatch.service';
import { fileHeaders, toXlsx } from './tabular';

const monthlyQuerySchema = z
  .object({
    year: z.coerce.number().int().min(2014).max(2100),
    month: z.coerce.number().int().min(1).max(12),
    township: adminCodeSchema.optional(),
  })
  .strict();
const exportQuerySchema = monthlyQuerySchema.extend({ format: z.enum(['xlsx', 'pdf']).default('xlsx') }).strict();

/** 一月一调度: the monthly dispatch per township, as JSON for the portal and as XLSX or PDF. */
@ApiTags('reports')
@Controller('reports/monthly')
export class DispatchController {
  constructor(private readonly dispatch: DispatchService) {}

  @Get()
  @Access('reports.monthly')
  @QueryFrom(monthlyQuerySchema)
  @ApiOkResponse({ schema: { type: 'object', description: 'Per township: exits (month, year) against the county target, open cases per service and stage, overdue cases and follow-up tasks, 防返贫 flags raised/closed/open, money committed and paid (fen)' } })
  @Errors([400, 'REQUEST.VALIDATION_FAILED'])
  monthly(@Query() query: unknown, @CurrentActor() actor: Actor) {
    const { year, month, township } = parseBody(monthlyQuerySchema, query);
    return this.dispatch.monthly(actor, year, month, township);
  }

  @Get('export')
  @Access('reports.monthly.export')
  @QueryFrom(exportQuerySchema)
  @Errors([400, 'REQUEST.VALIDATION_FAILED'], [503, 'SERVICE.UNAVAILABLE: no CJK font for the PDF (REPORT_PDF_FONT)'])
  async export(@Query() query: unknown, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const { year, month, township, format } = parseBody(exportQuerySchema, query);
    const fontPath = format === 'pdf' ? pdfFontPath() : null;
    if (format === 'pdf' && !fontPath) {
      // Honest failure rather than a PDF of empty boxes.
      throw ApiError.of(ERROR.SERVICE_UNAVAILABLE, 'PDF export needs a TrueType CJK font: install fonts-droid-fallback or set REPORT_PDF_FONT to a .ttf file');
    }
    const report = await this.dispatch.monthly(actor, year, month, township);
    const name = `一月一调度-${year}-${String(month).padStart(2, '0')}${township ? `-${report.townships[0]?.townshipName ?? township}` : ''}`;
    if (format === 'pdf') {
      void reply
        .header('content-type', 'application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="dispatch.pdf"; filename*=UTF-8''${encodeURIComponent(name)}.pdf`)
        .send(await monthlyPdf(report, fontPath!));
      return;
    }
    void reply.headers(fileHeaders('xlsx', name)).send(await toXlsx(monthlySheets(report)));
  }
}
