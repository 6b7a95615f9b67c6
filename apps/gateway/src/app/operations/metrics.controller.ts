import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { ERROR } from '@poverty/contracts';
import { Access } from '../authorization/access.guard';
import { ApiError } from '../common/api-error';
import { GATEWAY_CONFIG, type GatewayConfig } from '../common/config';
import { GatewayMetrics } from './metrics';

/** Prometheus scrape endpoint, outside `/api/v1` (`/metrics`). */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: GatewayMetrics, @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  @Get()
  @Access('metrics')
  @ApiOkResponse({ description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    if (this.config.metricsToken) {
      const given = Buffer.from(authorization ?? '');
      const expected = Buffer.from(`Bearer ${this.config.metricsToken}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw ApiError.of(ERROR.UNAUTHENTICATED, 'Metrics need the scrape token');
    }
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.render();
  }
}
