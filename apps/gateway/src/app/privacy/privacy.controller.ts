import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ERROR, SERVICES, caseSubject, isServiceName, revealFieldSchema, type RevealedField, type ServiceName } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { Access, CurrentActor } from '../authorization/access.guard';
import { ApiError } from '../common/api-error';
import { BodyFrom, Errors, QueryFrom } from '../common/openapi';
import { parseBody } from '../common/parse-body';
import { Meta, type RequestMeta } from '../common/request-context';
import { GatewayBus } from '../reports/gateway-bus';
import { RevealLog } from './reveal-log.service';

const revealsQuerySchema = z
  .object({
    caseId: z.uuid().optional(),
    actorId: z.string().max(100).optional(),
    service: z.enum(SERVICES).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

function service(name: string): ServiceName {
  if (!isServiceName(name)) throw ApiError.of(ERROR.UNKNOWN_SERVICE, `Unknown service "${name}"`, { field: 'service' });
  return name;
}

/**
 * Least privilege for personal data: every case view is masked; an official whose jurisdiction
 * covers the case reveals one field on purpose, with a reason, and every reveal is logged (without
 * the value) before it is answered, for the auditor to read.
 */
@ApiTags('privacy')
@Controller()
export class PrivacyController {
  constructor(private readonly gateway: GatewayBus, private readonly log: RevealLog) {}

  @Post(':service/cases/:id/reveal')
  @HttpCode(200)
  @Access('cases.reveal')
  @ApiParam({ name: 'service', enum: [...SERVICES] })
  @BodyFrom(revealFieldSchema, 'field: the path of a masked field (the case view lists them in personalFields); reason: why it is needed')
  @ApiOkResponse({ schema: { type: 'object', properties: { field: { type: 'string' }, kind: { type: 'string' }, value: {}, revealId: { type: 'string' }, revealedAt: { type: 'string' } } } })
  @Errors([400, 'REQUEST.VALIDATION_FAILED naming field or reason'], [403, 'AUTH.FORBIDDEN: not an official of the case\'s area'], [404, 'CASE.NOT_FOUND'])
  async reveal(@Param('service') name: string, @Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta) {
    const svc = service(name);
    if (!z.uuid().safeParse(id).success) throw ApiError.of(ERROR.NOT_FOUND, 'Case not found', { field: 'id' });
    const request = parseBody(revealFieldSchema, body);
    // Whether the field is a personal field of this case is the service's answer, after it has
    // checked the case is the caller's to see (404 first, as everywhere).
    const revealed = await this.gateway.bus.request<RevealedField>(caseSubject(svc, 'reveal'), actor, { ...request, caseId: id });
    // Logged before the value leaves: a reveal that cannot be logged is not answered.
    const logged = await this.log.record(actor, revealed, request.reason, meta);
    return { caseId: revealed.caseId, field: revealed.field, kind: revealed.kind, value: revealed.value, revealId: logged.id, revealedAt: logged.at };
  }

  @Get('audit/reveals')
  @Access('audit.reveals')
  @QueryFrom(revealsQuerySchema)
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, total: { type: 'integer' } } } })
  @Errors([400, 'REQUEST.VALIDATION_FAILED'])
  reveals(@Query() query: unknown) {
    return this.log.list(parseBody(revealsQuerySchema, query));
  }
}
