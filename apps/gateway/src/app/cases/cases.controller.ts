import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ACTION_NAMES, ERROR, caseSubject, declareCaseSchema, isServiceName, listCasesSchema, type ServiceName } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { CurrentActor } from '../auth/auth.guard';
import { ApiError } from '../common/api-error';
import { parseBody } from '../common/parse-body';
import { ServiceBus } from '../common/service-bus';

const actionBodySchema = z
  .object({
    action: z.string().min(1).max(50),
    expectedVersion: z.int().min(1),
    comment: z.string().max(2000).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const caseIdParam = z.uuid();

function service(name: string): ServiceName {
  if (!isServiceName(name)) throw ApiError.of(ERROR.UNKNOWN_SERVICE, `Unknown service "${name}"`, { field: 'service' });
  return name;
}

function caseId(id: string): string {
  if (!caseIdParam.safeParse(id).success) throw ApiError.of(ERROR.NOT_FOUND, 'Case not found', { field: 'id' });
  return id;
}

/** The case endpoints, one set for all five services (`/{service}/cases`). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller(':service/cases')
export class CasesController {
  constructor(private readonly bus: ServiceBus) {}

  @Post()
  @ApiParam({ name: 'service', enum: ['identification', 'housing', 'medical', 'education', 'exit-verification'] })
  @ApiOperation({ summary: 'Declare a case (申报) → 201 with the case' })
  declare(@Param('service') name: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.bus.request(caseSubject(service(name), 'declare'), actor, parseBody(declareCaseSchema, body));
  }

  @Get()
  @ApiOperation({ summary: 'List cases in your jurisdiction (stage, township, village, page, pageSize)' })
  list(@Param('service') name: string, @Query() query: Record<string, string>, @CurrentActor() actor: Actor) {
    return this.bus.request(caseSubject(service(name), 'list'), actor, parseBody(listCasesSchema, query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'The case with its history and the actions allowed to you now' })
  get(@Param('service') name: string, @Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.bus.request(caseSubject(service(name), 'get'), actor, { caseId: caseId(id) });
  }

  @Post(':id/actions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Act on a case: 409 stale version, 404 not yours, 422 not allowed now (with the reason)' })
  act(@Param('service') name: string, @Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    const svc = service(name);
    const request = parseBody(actionBodySchema, body);
    if (!(ACTION_NAMES as readonly string[]).includes(request.action)) {
      throw ApiError.of(ERROR.UNKNOWN_ACTION, `Unknown action "${request.action}"; one of ${ACTION_NAMES.join(', ')}`, { field: 'action' });
    }
    return this.bus.request(caseSubject(svc, 'act'), actor, { ...request, caseId: caseId(id) });
  }
}
