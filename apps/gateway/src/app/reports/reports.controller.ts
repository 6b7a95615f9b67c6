import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { SERVICES, SERVICE_LABELS } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { Access, CurrentActor } from '../authorization/access.guard';
import { QueryFrom } from '../common/openapi';
import { parseBody } from '../common/parse-body';
import {
  ProgressService,
  STAGES,
  STAGE_LABELS,
  type Progress,
} from './progress.service';
import { fileHeaders, toCsv, toXlsx, type Cell, type Sheet } from './tabular';

const progressQuerySchema = z
  .object({ year: z.coerce.number().int().min(2014).max(2100) })
  .strict();
const dispatchQuerySchema = z
  .object({
    year: z.coerce.number().int().min(2014).max(2100),
    month: z.coerce.number().int().min(1).max(12),
    format: z.enum(['csv', 'xlsx']).default('xlsx'),
  })
  .strict();

const yuan = (fen: number) => Math.round(fen) / 100;

/** The monthly dispatch report (一月一调度): one row per township, every service's stages side by side. */
export function dispatchSheets(progress: Progress): Sheet[] {
  const header: Cell[] = ['乡镇(街道)'];
  for (const service of SERVICES) {
    for (const stage of STAGES)
      header.push(`${SERVICE_LABELS[service]}-${STAGE_LABELS[stage]}`);
    header.push(
      `${SERVICE_LABELS[service]}-超期`,
      `${SERVICE_LABELS[service]}-本月销号`,
      `${SERVICE_LABELS[service]}-已拨付(元)`,
    );
  }
  header.push('已脱贫户数', '已脱贫人数');
  const line = (
    name: string,
    services: Progress['totals']['services'],
    exited: { households: number; people: number },
  ): Cell[] => [
    name,
    ...SERVICES.flatMap((service) => [
      ...STAGES.map((stage) => services[service].stages[stage] ?? 0),
      services[service].overdue,
      services[service].closedInMonth,
      yuan(services[service].paidFen),
    ]),
    exited.households,
    exited.people,
  ];
  const rows: Cell[][] = [
    header,
    ...progress.townships.map((t) =>
      line(t.townshipName, t.services, t.exited),
    ),
    line('合计', progress.totals.services, progress.totals.exited),
  ];
  const summary: Cell[][] = [
    ['项目', '数值'],
    ['年度', progress.year],
    ['月份', progress.month],
    ['脱贫目标(户)', progress.exitTarget.households],
    ['已脱贫(户)', progress.totals.exited.households],
    ['户数完成率(%)', progress.exitTarget.householdsPct],
    ['脱贫目标(人)', progress.exitTarget.people],
    ['已脱贫(人)', progress.totals.exited.people],
    ['人数完成率(%)', progress.exitTarget.peoplePct],
    ['未响应的服务', progress.unavailable.join('、') || '无'],
    ['生成时间', progress.generatedAt],
  ];
  return [
    { name: `${progress.year}年${progress.month}月调度`, rows },
    { name: '脱贫目标进度', rows: summary },
  ];
}

@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(private readonly progress: ProgressService) {}

  @Get('stats/progress')
  @Access('stats.progress')
  @QueryFrom(progressQuerySchema)
  stats(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.progress.progress(
      actor,
      parseBody(progressQuerySchema, query).year,
    );
  }

  @Get('reports/dispatch')
  @Access('reports.dispatch')
  @QueryFrom(dispatchQuerySchema)
  async dispatch(
    @Query() query: unknown,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ) {
    const { year, month, format } = parseBody(dispatchQuerySchema, query);
    const sheets = dispatchSheets(
      await this.progress.progress(actor, year, month),
    );
    const body = format === 'csv' ? toCsv(sheets) : await toXlsx(sheets);
    void reply
      .headers(
        fileHeaders(
          format,
          `一月一调度-${year}-${String(month).padStart(2, '0')}`,
        ),
      )
      .send(body);
  }
}
