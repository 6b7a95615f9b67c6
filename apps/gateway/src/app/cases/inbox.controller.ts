import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SERVICES, caseSubject } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { Access, CurrentActor } from '../authorization/access.guard';
import { ServiceBus } from '../common/service-bus';

interface InboxItem {
  waitingSince: string;
}

@ApiTags('cases')
@Controller('inbox')
export class InboxController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @Access('inbox')
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
        unavailable: { type: 'array', items: { type: 'string' }, description: 'services that did not answer' },
      },
    },
  })
  async inbox(@CurrentActor() actor: Actor) {
    const replies = await Promise.all(
      SERVICES.map(async (service) => ({ service, reply: await this.bus.tryRequest<{ items: InboxItem[] }>(caseSubject(service, 'inbox'), actor, {}) })),
    );
    const items = replies.flatMap((r) => r.reply?.items ?? []).sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
    return { items, unavailable: replies.filter((r) => r.reply === null).map((r) => r.service) };
  }
}
