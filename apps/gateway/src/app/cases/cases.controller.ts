import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ACTION_NAMES, ERROR, SERVICES, caseSubject, declareCaseSchema, isServiceName, listCasesSchema, type ServiceName } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { Access, CurrentActor } from '../authorization/access.guard';
import { ApiError } from '../common/api-error';
import { BodyFrom, Errors, QueryFrom } from '../common/openapi';
import { parseBody } from '../common/parse-body';
import { ServiceBus } from '../common/service-bus';
import { GatewayMetrics } from '../operations/metrics';

const actionBodySchema = z
  .object({
    action: z.string().min(1).max(50).describe(`One of ${ACTION_NAMES.join(', ')}`),
    expectedVersion: z.int().min(1).max(1_000_000),
    comment: z.string().max(2000).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const caseIdParam = z.uuid();

const CASE_SCHEMA = {
  type: 'object',
  description: 'The case: stage, state, version, data, computed amounts, history, allowedActions for the caller',
  properties: {
    id: { type: 'string', format: 'uuid' },
    service: { type: 'string', enum: [...SERVICES] },
    stage: { type: 'string' },
    state: { type: 'string' },
    version: { type: 'integer' },
    allowedActions: { type: 'array', items: { type: 'object' } },
    history: { type: 'array', items: { type: 'object' } },
  },
};

function service(name: string): ServiceName {
  if (!isServiceName(name)) throw ApiError.of(ERROR.UNKNOWN_SERVICE, `Unknown service "${name}"`, { field: 'service' });
  return name;
}

function caseId(id: string): string {
  if (!caseIdParam.safeParse(id).success) throw ApiError.of(ERROR.NOT_FOUND, 'Case not found', { field: 'id' });
  return id;
}

const SERVICE_PARAM = ApiParam({ name: 'service', enum: [...SERVICES] });
const UNAVAILABLE: [number, string] = [503, 'SERVICE.UNAVAILABLE: the service did not answer'];

/** The case endpoints, one set for all five services (`/{service}/cases`). */
@ApiTags('cases')
@Controller(':service/cases')
export class CasesController {
  constructor(private readonly bus: ServiceBus, private readonly metrics: GatewayMetrics) {}

  @Post()
  @Access('cases.declare')
  @SERVICE_PARAM
  @BodyFrom(declareCaseSchema, 'data is validated by the service against its own schema')
  @ApiResponse({ status: 201, schema: CASE_SCHEMA })
  @Errors([422, 'HOUSEHOLD.UNKNOWN or a policy refusal, with its reason code'], UNAVAILABLE)
  async declare(@Param('service') name: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    const svc = service(name);
    const created = await this.bus.request<{ stage: string }>(caseSubject(svc, 'declare'), actor, parseBody(declareCaseSchema, body));
    this.metrics.transition(svc, 'declare', created.stage);
    return created;
  }

  @Get()
  @Access('cases.list')
  @SERVICE_PARAM
  @QueryFrom(listCasesSchema)
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } } } })
  @Errors([400, 'REQUEST.VALIDATION_FAILED'], UNAVAILABLE)
  list(@Param('service') name: string, @Query() query: Record<string, string>, @CurrentActor() actor: Actor) {
    return this.bus.request(caseSubject(service(name), 'list'), actor, parseBody(listCasesSchema, query));
  }

  @Get(':id')
  @Access('cases.get')
  @SERVICE_PARAM
  @ApiOkResponse({ schema: CASE_SCHEMA })
  @Errors(UNAVAILABLE)
  get(@Param('service') name: string, @Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.bus.request(caseSubject(service(name), 'get'), actor, { caseId: caseId(id) });
  }

  @Post(':id/actions')
  @HttpCode(200)
  @Access('cases.act')
  @SERVICE_PARAM
  @BodyFrom(actionBodySchema)
  @ApiOkResponse({ schema: CASE_SCHEMA })
  @Errors(
    [403, 'CASE.WRONG_ROLE, CASE.SEPARATION_OF_DUTIES, CASE.DECLARER_CANNOT_APPROVE'],
    [409, 'CASE.STALE_VERSION: someone acted first (details.currentVersion)'],
    [422, 'CASE.ACTION_NOT_ALLOWED and other refusals, with the reason'],
    UNAVAILABLE,
  )
  async act(@Param('service') name: string, @Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    const svc = service(name);
    const request = parseBody(actionBodySchema, body);
    if (!(ACTION_NAMES as readonly string[]).includes(request.action)) {
      throw ApiError.of(ERROR.UNKNOWN_ACTION, `Unknown action "${request.action}"; one of ${ACTION_NAMES.join(', ')}`, { field: 'action' });
    }
    const result = await this.bus.request<{ stage: string }>(caseSubject(svc, 'act'), actor, { ...request, caseId: caseId(id) });
    this.metrics.transition(svc, request.action, result.stage);
    return result;
  }
}
