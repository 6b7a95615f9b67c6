import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of the gateway: request rates and latencies by route template (never the
 * raw URL, which may hold personal data), and case transitions by service, action and the stage
 * they led to (counted from the services' successful answers).
 */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'gateway_http_requests_total',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly transitions = new Counter({
    name: 'case_transitions_total',
    help: 'Successful case actions through the gateway, by service, action and resulting stage',
    labelNames: ['service', 'action', 'stage'] as const,
    registers: [this.registry],
  });
  private readonly logins = new Counter({
    name: 'gateway_logins_total',
    help: 'Login attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gateway_' });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
  }

  transition(service: string, action: string, stage: string): void {
    this.transitions.inc({ service, action, stage });
  }

  login(outcome: string): void {
    this.logins.inc({ outcome });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
