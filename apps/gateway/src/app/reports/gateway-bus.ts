import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ServiceBus } from '../common/service-bus';

/**
 * The application's one ServiceBus (and its NATS connection), reached from feature modules that are
 * registered with a single import line in AppModule, whose own providers they cannot import.
 */
@Injectable()
export class GatewayBus implements OnModuleInit {
  private resolved: ServiceBus | null = null;

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit() {
    this.resolved = this.moduleRef.get(ServiceBus, { strict: false });
  }

  get bus(): ServiceBus {
    this.resolved ??= this.moduleRef.get(ServiceBus, { strict: false });
    return this.resolved!;
  }
}
