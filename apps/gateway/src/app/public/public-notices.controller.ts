import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ERROR, SERVICES, caseSubject, noticesSchema } from '@poverty/contracts';
import { PublicRoute } from '../auth/auth.guard';
import { ApiError } from '../common/api-error';
import { parseBody } from '../common/parse-body';
import { ServiceBus } from '../common/service-bus';

const objectionBody = z
  .object({ reason: z.string().trim().min(2).max(2000), contact: z.string().trim().max(100).optional() })
  .strict();

/** 公示栏: no login; the services return only masked fields. */
@ApiTags('public')
@PublicRoute()
@Controller('public/notices')
export class PublicNoticesController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({ summary: 'Active public notices (公示), masked' })
  async notices(@Query() query: Record<string, string>) {
    const filter = parseBody(noticesSchema, query);
    const replies = await Promise.all(SERVICES.map((s) => this.bus.tryRequest<{ items: unknown[] }>(caseSubject(s, 'notices'), null, filter)));
    return { items: replies.flatMap((r) => r?.items ?? []) };
  }

  @Post(':caseId/objections')
  @HttpCode(202)
  @ApiOperation({ summary: 'File an objection (异议) to an active notice → 202' })
  async objection(@Param('caseId') caseId: string, @Body() body: unknown) {
    const request = parseBody(objectionBody, body);
    if (!z.uuid().safeParse(caseId).success) throw ApiError.of(ERROR.NOT_FOUND, 'No active public notice for this case', { field: 'caseId' });
    // The notice board does not say which service a case belongs to; ask each until one owns it.
    for (const service of SERVICES) {
      try {
        const result = await this.bus.tryRequest<{ objectionId: string }>(caseSubject(service, 'objection'), null, { caseId, ...request });
        if (result) return { status: 'received', objectionId: result.objectionId };
      } catch (error) {
        if (!(error instanceof ApiError && error.body.code === ERROR.NOT_FOUND)) throw error;
      }
    }
    throw ApiError.of(ERROR.NOT_FOUND, 'No active public notice for this case');
  }
}
