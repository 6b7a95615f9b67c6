import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { GatewayBus } from '../reports/gateway-bus';
import {
  HouseholdImportController,
  IMPORT_CONTENT_TYPES,
} from './household-import.controller';
import { HouseholdImportService } from './household-import.service';

/** Household import; spreadsheet bodies reach the handler as a stream, never buffered whole. */
@Module({
  controllers: [HouseholdImportController],
  providers: [HouseholdImportService, GatewayBus],
})
export class ImportsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit() {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as
      | FastifyInstance
      | undefined;
    if (!fastify?.addContentTypeParser) return;
    for (const type of IMPORT_CONTENT_TYPES) {
      if (!fastify.hasContentTypeParser(type))
        fastify.addContentTypeParser(type, (_request, payload, done) =>
          done(null, payload),
        );
    }
  }
}
