import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ERROR, ROSTER_SUBJECTS, SERVICES, caseSubject } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { z } from 'zod';
import { Access, CurrentActor } from '../authorization/access.guard';
import { Errors } from '../common/openapi';
import { ApiError } from '../common/api-error';
import { ServiceBus } from '../common/service-bus';

interface CaseSummary {
  id: string;
  service: string;
  stage: string;
  state: string;
  title: string;
  updatedAt: string;
}

/** The 建档立卡 roster with each household's cases across every service. */
@ApiTags('households')
@Controller('households')
export class HouseholdsController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @Access('households.list')
  @ApiQuery({ name: 'township', required: false, schema: { type: 'string', pattern: '^\\d{12}$' } })
  @ApiQuery({ name: 'village', required: false, schema: { type: 'string', pattern: '^\\d{12}$' } })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: ['notExited', 'exited', 'returnedToPoverty'] } })
  @ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1 } })
  @ApiQuery({ name: 'pageSize', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } })
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, total: { type: 'integer' } } } })
  @Errors([400, 'REQUEST.VALIDATION_FAILED'], [503, 'SERVICE.UNAVAILABLE'])
  list(@Query() query: Record<string, string>, @CurrentActor() actor: Actor) {
    return this.bus.request(ROSTER_SUBJECTS.list, actor, query);
  }

  @Get(':id')
  @Access('households.get')
  @ApiOkResponse({ schema: { type: 'object', description: 'The household, members with masked ID numbers, and its cases across services' } })
  @Errors([503, 'SERVICE.UNAVAILABLE'])
  async get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    if (!z.uuid().safeParse(id).success) throw ApiError.of(ERROR.NOT_FOUND, 'Household not found', { field: 'id' });
    const household = await this.bus.request<Record<string, unknown>>(ROSTER_SUBJECTS.get, actor, { householdId: id });
    const lists = await Promise.all(
      SERVICES.map((s) => this.bus.tryRequest<{ items: CaseSummary[] }>(caseSubject(s, 'list'), actor, { householdId: id, pageSize: 200 })),
    );
    const cases = lists.flatMap((l) => l?.items ?? []);
    // The identification case that registered the household belongs to it too.
    const origin = household['caseId'] as string | undefined;
    if (origin && !cases.some((c) => c.id === origin)) {
      const registering = await this.bus.tryRequest<CaseSummary>(caseSubject('identification', 'get'), actor, { caseId: origin }).catch(() => null);
      if (registering) cases.unshift(registering);
    }
    return { ...household, cases: cases.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)) };
  }
}
