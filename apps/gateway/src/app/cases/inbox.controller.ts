import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SERVICES, caseSubject } from '@poverty/contracts';
import type { Actor } from '@poverty/workflow';
import { CurrentActor } from '../auth/auth.guard';
import { ServiceBus } from '../common/service-bus';

interface InboxItem {
  waitingSince: string;
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({ summary: 'Everything awaiting the caller across services, oldest first, overdue flagged' })
  async inbox(@CurrentActor() actor: Actor) {
    const replies = await Promise.all(
      SERVICES.map(async (service) => ({ service, reply: await this.bus.tryRequest<{ items: InboxItem[] }>(caseSubject(service, 'inbox'), actor, {}) })),
    );
    const items = replies.flatMap((r) => r.reply?.items ?? []).sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
    return { items, unavailable: replies.filter((r) => r.reply === null).map((r) => r.service) };
  }
}
