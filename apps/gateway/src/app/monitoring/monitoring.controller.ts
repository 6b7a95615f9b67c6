import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ERROR, MONITORING_SUBJECTS, closeTaskSchema, listFlagsSchema } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { Access, CurrentActor } from '../authorization/access.guard';
import { ApiError } from '../common/api-error';
import { BodyFrom, Errors, QueryFrom } from '../common/openapi';
import { parseBody } from '../common/parse-body';
import { GatewayBus } from '../reports/gateway-bus';

/**
 * 防返贫监测: the risk flags identification raises from the other services' events, and the
 * follow-up task (帮扶措施) each gives the household's village.
 */
@ApiTags('monitoring')
@Controller('monitoring')
export class MonitoringController {
  constructor(private readonly gateway: GatewayBus) {}

  @Get('flags')
  @Access('monitoring.flags')
  @QueryFrom(listFlagsSchema)
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, total: { type: 'integer' } } } })
  @Errors([400, 'REQUEST.VALIDATION_FAILED'], [503, 'SERVICE.UNAVAILABLE'])
  flags(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.gateway.bus.request(MONITORING_SUBJECTS.flags, actor, parseBody(listFlagsSchema, query));
  }

  @Post('tasks/:id/close')
  @HttpCode(200)
  @Access('monitoring.tasks.close')
  @BodyFrom(closeTaskSchema, 'the measure taken (帮扶措施): its kind and what was done')
  @Errors([400, 'REQUEST.VALIDATION_FAILED naming measureKind or measure'], [403, 'AUTH.FORBIDDEN: not a village officer of the household\'s village'], [404, 'CASE.NOT_FOUND'], [422, 'MONITORING.TASK_CLOSED'])
  close(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    if (!z.uuid().safeParse(id).success) throw ApiError.of(ERROR.NOT_FOUND, 'Task not found', { field: 'id' });
    return this.gateway.bus.request(MONITORING_SUBJECTS.closeTask, actor, { ...parseBody(closeTaskSchema, body), taskId: id });
  }
}
