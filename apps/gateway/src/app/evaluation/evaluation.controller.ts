import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { findTownship } from '@poverty/policy';
import type { Actor } from '@poverty/workflow';
import { Access, CurrentActor } from '../authorization/access.guard';
import { BodyFrom, Errors, QueryFrom } from '../common/openapi';
import { parseBody } from '../common/parse-body';
import { Meta, type RequestMeta } from '../common/request-context';
import { fileHeaders, toCsv, toXlsx, type Sheet } from '../reports/tabular';
import {
  createEngagementSchema,
  drawSampleSchema,
  findingSchema,
  reportFormatSchema,
} from './evaluation.schemas';
import { EvaluationService } from './evaluation.service';

const pct = (bp: number | null) =>
  bp === null ? '—' : `${(bp / 100).toFixed(2)}%`;
const verdict = (pass: boolean | null) =>
  pass === null ? '无法计算' : pass ? '达标' : '不达标';

/** One line of the 三率一度 sheet: indicator, numerator, denominator, rate, standard, verdict. */
const rateRow = (label: string, numerator: number, denominator: number, rate: { rateBp: number | null; thresholdBp: number; pass: boolean | null }, bound: '≤' | '≥') => [
  label,
  numerator,
  denominator,
  pct(rate.rateBp),
  `${bound} ${pct(rate.thresholdBp)}`,
  verdict(rate.pass),
];

/** 第三方评估: engagements, samples, verification records, findings, 三率一度 and the report. */
@ApiTags('evaluation')
@Controller('evaluation/engagements')
export class EvaluationController {
  constructor(private readonly evaluation: EvaluationService) {}

  @Post()
  @Access('evaluation.engagements.create')
  @BodyFrom(createEngagementSchema)
  @Errors([403, 'AUTH.FORBIDDEN: only the county poverty office'])
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.evaluation.create(
      actor,
      parseBody(createEngagementSchema, body),
    );
  }

  @Get()
  @Access('evaluation.engagements.list')
  list(@CurrentActor() actor: Actor) {
    return this.evaluation.list(actor);
  }

  @Get(':id')
  @Access('evaluation.engagements.get')
  @Errors([403, 'EVALUATION.OUTSIDE_WINDOW'])
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.evaluation.get(actor, id);
  }

  @Post(':id/sample')
  @HttpCode(201)
  @Access('evaluation.sample.draw')
  @BodyFrom(
    drawSampleSchema,
    'Optional seed; a random one is chosen and recorded otherwise',
  )
  @Errors([409, 'EVALUATION.SAMPLE_FROZEN: already drawn'])
  draw(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.evaluation.drawSample(
      actor,
      id,
      parseBody(drawSampleSchema, body).seed,
    );
  }

  @Get(':id/sample')
  @Access('evaluation.sample.get')
  @Errors([403, 'EVALUATION.OUTSIDE_WINDOW'])
  sample(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Meta() meta: RequestMeta,
  ) {
    return this.evaluation.sample(actor, id, meta);
  }

  @Get(':id/households/:householdId')
  @Access('evaluation.records.get')
  @Errors([403, 'EVALUATION.OUTSIDE_WINDOW'])
  record(
    @Param('id') id: string,
    @Param('householdId') householdId: string,
    @CurrentActor() actor: Actor,
    @Meta() meta: RequestMeta,
  ) {
    return this.evaluation.record(actor, id, householdId, meta);
  }

  @Post(':id/findings')
  @HttpCode(200)
  @Access('evaluation.findings.record')
  @BodyFrom(findingSchema)
  @Errors([403, 'EVALUATION.OUTSIDE_WINDOW'])
  recordFinding(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.evaluation.recordFinding(
      actor,
      id,
      parseBody(findingSchema, body),
    );
  }

  @Get(':id/findings')
  @Access('evaluation.findings.list')
  findings(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Meta() meta: RequestMeta,
  ) {
    return this.evaluation.findings(actor, id, meta);
  }

  @Get(':id/rates')
  @Access('evaluation.rates')
  rates(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.evaluation.rates(actor, id);
  }

  @Get(':id/report')
  @Access('evaluation.report')
  @QueryFrom(reportFormatSchema)
  async report(
    @Param('id') id: string,
    @Query() query: unknown,
    @CurrentActor() actor: Actor,
    @Meta() meta: RequestMeta,
    @Res() reply: FastifyReply,
  ) {
    const { format } = parseBody(reportFormatSchema, query);
    const engagement = await this.evaluation.get(actor, id);
    const rates = await this.evaluation.rates(actor, id);
    const findings = await this.evaluation.findings(actor, id, null);
    await this.evaluation.logReport(actor, id, meta);
    const sheets: Sheet[] = [
      {
        name: '三率一度',
        rows: [
          ['指标', '分子', '分母', '比率', '标准', '结论'],
          rateRow('错退率', rates.counts.wronglyExited, rates.counts.sampledExited, rates.wrongExitRate, '≤'),
          rateRow('漏评率', rates.counts.missedFound, rates.counts.surveyedNonRegistered, rates.missedRate, '≤'),
          rateRow('群众认可度', rates.counts.satisfied, rates.counts.surveyed, rates.satisfaction, '≥'),
          [],
          ['评估项目', engagement.name],
          ['评估机构', engagement.organisation],
          ['评估年度', engagement.year],
          [
            '评估乡镇',
            engagement.townshipCodes
              .map((c) => findTownship(c)?.name ?? c)
              .join('、'),
          ],
          ['抽样种子', engagement.seed],
          ['抽样户数', rates.sampleSize],
          ['待核查户数', rates.pending],
          [
            '总体结论',
            rates.allPass === null
              ? '无法计算'
              : rates.allPass
                ? '达标'
                : '不达标',
          ],
        ],
      },
      {
        name: '核查记录',
        rows: [
          [
            '类别',
            '户ID/标识',
            '退出核查',
            '漏评',
            '是否满意',
            '备注',
            '记录人',
            '记录时间',
          ],
          ...findings.items.map((f) => [
            f.kind === 'sampled' ? '抽样已脱贫户' : '非建档立卡户',
            f.householdId ?? f.label,
            f.exitVerdict === null
              ? null
              : f.exitVerdict === 'correct'
                ? '退出准确'
                : '错退',
            f.missed === null ? null : f.missed ? '漏评' : '否',
            f.satisfied === null ? '未调查' : f.satisfied ? '满意' : '不满意',
            f.notes,
            f.recordedBy,
            f.recordedAt,
          ]),
        ],
      },
    ];
    const body = format === 'csv' ? toCsv(sheets) : await toXlsx(sheets);
    void reply
      .headers(
        fileHeaders(
          format,
          `第三方评估报告-${engagement.year}-${id.slice(0, 8)}`,
        ),
      )
      .send(body);
  }

  @Get(':id/reads')
  @Access('evaluation.reads')
  reads(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.evaluation.reads(actor, id);
  }
}
