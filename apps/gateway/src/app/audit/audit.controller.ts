import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ERROR,
  SERVICES,
  caseSubject,
  type AuditVerification,
  type ServiceName,
} from '@poverty/contracts';
import { verifyAuditChain, type StoredAuditRow } from '@poverty/persistence';
import type { Actor } from '@poverty/workflow';
import { Access, CurrentActor } from '../authorization/access.guard';
import { ApiError } from '../common/api-error';
import { Errors, QueryFrom } from '../common/openapi';
import { parseBody } from '../common/parse-body';
import { GatewayBus } from '../reports/gateway-bus';

const trailQuerySchema = z.object({ caseId: z.uuid() }).strict();

/** The audit trail (审计): each service's hash-chained transitions, and their verification. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly gateway: GatewayBus) {}

  /** A case's trail from whichever service holds it, with the verdict of its chain. */
  @Get()
  @Access('audit.trail')
  @QueryFrom(trailQuerySchema)
  @Errors([404, 'CASE.NOT_FOUND: no service holds this case'])
  async trail(@Query() query: unknown, @CurrentActor() actor: Actor) {
    const { caseId } = parseBody(trailQuerySchema, query);
    const answers = await Promise.all(
      SERVICES.map(async (service) => {
        try {
          return {
            service,
            trail: await this.gateway.bus.request<{
              items: Array<StoredAuditRow & { actorName: string | null }>;
              chain?: ReturnType<typeof verifyAuditChain>;
            }>(caseSubject(service, 'audit'), actor, { caseId }),
          };
        } catch (error) {
          if (
            error instanceof ApiError &&
            (error.body.code === ERROR.NOT_FOUND ||
              error.body.code === ERROR.SERVICE_UNAVAILABLE)
          )
            return null;
          throw error;
        }
      }),
    );
    const found = answers.find((a) => a !== null);
    if (!found)
      throw ApiError.of(ERROR.NOT_FOUND, 'Case not found in any service', {
        field: 'caseId',
      });
    // The service verifies the chain on the rows as stored, then masks ID numbers in comments.
    const chain = found.trail.chain ?? verifyAuditChain(found.trail.items);
    return { caseId, service: found.service, items: found.trail.items, chain };
  }

  /** Every service re-computes every chain; the answer names the first broken row of each. */
  @Post('verify')
  @HttpCode(200)
  @Access('audit.verify')
  @Errors([
    503,
    'SERVICE.UNAVAILABLE: a service did not answer (its chains are unverified)',
  ])
  async verify(@CurrentActor() actor: Actor) {
    const results = await Promise.all(
      SERVICES.map(async (service: ServiceName) => {
        try {
          return await this.gateway.bus.request<AuditVerification>(
            caseSubject(service, 'verifyAudit'),
            actor,
            {},
          );
        } catch (error) {
          if (
            error instanceof ApiError &&
            error.body.code === ERROR.SERVICE_UNAVAILABLE
          )
            return { service, unavailable: true as const };
          throw error;
        }
      }),
    );
    const verified = results.filter(
      (r): r is AuditVerification => !('unavailable' in r),
    );
    const unavailable = results
      .filter((r) => 'unavailable' in r)
      .map((r) => r.service);
    const firstBroken =
      verified.find((r) => r.firstBroken)?.firstBroken ?? null;
    const brokenService = verified.find((r) => r.firstBroken)?.service ?? null;
    return {
      ok: unavailable.length === 0 && verified.every((r) => r.ok),
      verifiedAt: new Date().toISOString(),
      firstBroken: firstBroken && { service: brokenService, ...firstBroken },
      services: verified,
      unavailable,
    };
  }
}
