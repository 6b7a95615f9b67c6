import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SERVICES, caseSubject, inboxSchema, mergeKeysetPages, type KeysetPage } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { Access, CurrentActor } from '../authorization/access.guard';
import { Errors, QueryFrom } from '../common/openapi';
import { parseBody } from '../common/parse-body';
import { ServiceBus } from '../common/service-bus';

interface InboxItem {
  caseId: string;
  waitingSince: string;
}

@ApiTags('cases')
@Controller('inbox')
export class InboxController {
  constructor(private readonly bus: ServiceBus) {}

  /** 待办 across services, oldest first, a page at a time: every service's page merged in order. */
  @Get()
  @Access('inbox')
  @QueryFrom(inboxSchema)
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              service: { type: 'string' }, caseId: { type: 'string' }, title: { type: 'string' }, stage: { type: 'string' }, state: { type: 'string' },
              level: { type: 'string', nullable: true }, waitingSince: { type: 'string' }, dueAt: { type: 'string', nullable: true }, overdue: { type: 'boolean' },
            },
          },
        },
        nextCursor: { type: 'string', nullable: true, description: 'pass as `cursor` for the next page; null when the inbox has no more' },
        unavailable: { type: 'array', items: { type: 'string' }, description: 'services that did not answer' },
      },
    },
  })
  @Errors([400, 'REQUEST.VALIDATION_FAILED'])
  async inbox(@CurrentActor() actor: Actor, @Query() query: Record<string, string>) {
    const request = parseBody(inboxSchema, query);
    const services = request.service ? [request.service] : SERVICES;
    const replies = await Promise.all(
      services.map(async (service) => ({ service, reply: await this.bus.tryRequest<KeysetPage<InboxItem>>(caseSubject(service, 'inbox'), actor, request) })),
    );
    const pages = replies.flatMap((r) => (r.reply ? [r.reply] : []));
    const page = mergeKeysetPages(pages, request.limit, (item) => ({ at: item.waitingSince, id: item.caseId }));
    return { ...page, unavailable: replies.filter((r) => r.reply === null).map((r) => r.service) };
  }
}
