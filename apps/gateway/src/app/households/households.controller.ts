import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ERROR, ROSTER_SUBJECTS, SERVICES, caseSubject } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { z } from 'zod';
import { CurrentActor } from '../auth/auth.guard';
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
@ApiBearerAuth()
@Controller('households')
export class HouseholdsController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({ summary: 'Roster households in your jurisdiction (township, village, status, page, pageSize)' })
  list(@Query() query: Record<string, string>, @CurrentActor() actor: Actor) {
    return this.bus.request(ROSTER_SUBJECTS.list, actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A household, its members (ID numbers masked) and all its cases' })
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
