import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ERROR, SERVICES, caseSubject, mergeKeysetPages, noticesSchema, type KeysetPage } from '@poverty/contracts';
import { Access } from '../authorization/access.guard';
import { ApiError } from '../common/api-error';
import { GATEWAY_CONFIG, type GatewayConfig } from '../common/config';
import { BodyFrom, Errors, QueryFrom } from '../common/openapi';
import { parseBody } from '../common/parse-body';
import { Meta, type RequestMeta } from '../common/request-context';
import { ServiceBus } from '../common/service-bus';
import { RateLimiter } from './rate-limiter';

const objectionBody = z
  .object({ reason: z.string().trim().min(2).max(2000), contact: z.string().trim().max(100).optional() })
  .strict();

interface PublicNoticeItem {
  caseId: string;
  noticeUpdatedAt: string;
}

const NOTICE_SCHEMA = {
  type: 'object',
  description: 'Masked: name, village, household size, category, amounts and the notice period only',
  properties: {
    caseId: { type: 'string', format: 'uuid' },
    service: { type: 'string', enum: [...SERVICES] },
    title: { type: 'string' },
    townshipName: { type: 'string' },
    villageName: { type: 'string' },
    onHold: { type: 'boolean' },
    noticeStartsAt: { type: 'string', nullable: true },
    noticeEndsAt: { type: 'string', nullable: true },
  },
};

/** 公示栏: no login; the services return only masked fields. */
@ApiTags('public')
@Controller('public/notices')
export class PublicNoticesController {
  private readonly limiter: RateLimiter;

  constructor(private readonly bus: ServiceBus, @Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.limiter = new RateLimiter(config.objectionRateLimit, config.objectionRateWindowSeconds * 1000);
  }

  @Get()
  @Access('public.notices')
  @QueryFrom(noticesSchema)
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        items: { type: 'array', items: NOTICE_SCHEMA },
        nextCursor: { type: 'string', nullable: true, description: 'pass as `cursor` for the next page; null on the last' },
      },
    },
  })
  @Errors([400, 'REQUEST.VALIDATION_FAILED'])
  async notices(@Query() query: Record<string, string>) {
    const filter = parseBody(noticesSchema, query);
    const replies = await Promise.all(SERVICES.map((s) => this.bus.tryRequest<KeysetPage<PublicNoticeItem>>(caseSubject(s, 'notices'), null, filter)));
    // Oldest notice first across services; a page ends where the first unfinished service stopped.
    return mergeKeysetPages(replies.flatMap((r) => (r ? [r] : [])), filter.limit, (item) => ({ at: item.noticeUpdatedAt, id: item.caseId }));
  }

  @Post(':caseId/objections')
  @HttpCode(202)
  @Access('public.objection')
  @BodyFrom(objectionBody, 'contact is optional and is never shown on the board')
  @ApiResponse({ status: 202, schema: { type: 'object', properties: { status: { type: 'string', enum: ['received'] }, objectionId: { type: 'string' } } } })
  @Errors([404, 'CASE.NOT_FOUND: no active notice for this case'], [429, 'REQUEST.RATE_LIMITED (Retry-After header)'])
  async objection(@Param('caseId') caseId: string, @Body() body: unknown, @Meta() meta: RequestMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const allowed = this.limiter.take(meta.clientIp);
    if (!allowed.ok) {
      void reply.header('retry-after', String(allowed.retryAfterSeconds));
      throw ApiError.of(ERROR.RATE_LIMITED, 'Too many objections from your address: try again later', { details: { retryAfterSeconds: allowed.retryAfterSeconds } });
    }
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
