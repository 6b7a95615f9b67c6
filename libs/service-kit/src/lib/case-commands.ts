import { RpcException } from '@nestjs/microservices';
import type { z } from 'zod';
import { verifyPrincipal } from '@poverty/auth';
import { JSONCodec, type NatsConnection, type Subscription } from 'nats';
import {
  ERROR,
  actOnCaseSchema,
  caseIdSchema,
  caseStatsSchema,
  declareCaseSchema,
  envelopeSchema,
  errorBody,
  inboxSchema,
  getCaseSchema,
  revealFieldRequestSchema,
  caseDispatchSchema,
  listCasesSchema,
  parsePayload,
  noticesSchema,
  objectionSchema,
  verifyAuditSchema,
  type CaseOperation,
  type ErrorBody,
  type ServiceName,
} from '@poverty/contracts';
import type { Logger } from '@poverty/messaging';
import { UnknownMachineVersionError, type Actor } from '@poverty/workflow';
import type { CaseApplication } from './case-application';
import type { Outcome } from './case-failure';

export const PRINCIPAL_KEY = Symbol('PRINCIPAL_KEY');

/** Unpacks a command: envelope, principal (unless public) and payload, each validated. */
export function unpack<S extends z.ZodType>(
  message: unknown,
  schema: S,
  principalKey: string,
  options: { public?: boolean } = {},
): { actor: Actor | null; payload: z.infer<S>; correlationId: string } {
  const envelope = parsePayload(envelopeSchema, message);
  if (!envelope.ok) throw new RpcException(envelope.error);
  let actor: Actor | null = null;
  if (!options.public) {
    // The principal is bound to this command: a captured one cannot be replayed with another payload.
    const principal = verifyPrincipal(envelope.value.principal, principalKey, {
      correlationId: envelope.value.correlationId,
      payload: envelope.value.payload,
    });
    if (!principal.ok) throw new RpcException(errorBody(ERROR.PRINCIPAL_INVALID, `Command refused: ${principal.reason}`));
    actor = principal.actor;
  }
  const payload = parsePayload(schema, envelope.value.payload);
  if (!payload.ok) throw new RpcException(payload.error);
  return { actor, payload: payload.value, correlationId: envelope.value.correlationId };
}

export function reply<T>(result: Outcome<T>): T {
  if (!result.ok) throw new RpcException(result.error);
  return result.value;
}


/** `case.<service>.v<N>.<op>`: the same operations, answered only by replicas that run machine vN. */
export const versionedCaseSubject = (service: ServiceName, machineVersion: number, op: CaseOperation): string =>
  `case.${service}.v${machineVersion}.${op}`;

const codec = JSONCodec();
const FORWARD_TIMEOUT_MS = Number(process.env['MACHINE_FORWARD_TIMEOUT_MS'] ?? 5_000);

/**
 * The case operations of one service, as the NATS transports call them. A replica that meets a case
 * written by a machine version it does not run (an older build during a rolling upgrade) decides
 * nothing: the attempt throws before anything is written, and the command goes, unchanged and
 * with its signed principal, to `case.<service>.v<N>.<op>`, which only replicas running vN answer.
 * So no replica refuses a case another one could decide, and none writes a case it cannot read.
 */
export class CaseCommands {
  private subscriptions: Subscription[] = [];

  constructor(
    private readonly service: ServiceName,
    private readonly cases: CaseApplication,
    private readonly principalKey: string,
    private readonly nc?: NatsConnection,
    private readonly logger?: Logger,
  ) {}

  /** Runs `op` here, or on a replica that runs the case's machine version. */
  async run(op: CaseOperation, message: unknown, options: { forwarded?: boolean } = {}): Promise<Outcome<unknown>> {
    try {
      return await this.local(op, message);
    } catch (error) {
      if (!(error instanceof UnknownMachineVersionError)) throw error;
      if (options.forwarded || !this.nc) return { ok: false, error: unavailable(error.machineVersion) };
      return this.forward(error.machineVersion, op, message);
    }
  }

  /** Answers `case.<service>.v<N>.*` for every version this replica runs, in the service's queue group. */
  listenForVersions(versions: readonly number[]): void {
    if (!this.nc) return;
    for (const version of versions) {
      const subscription = this.nc.subscribe(`case.${this.service}.v${version}.*`, {
        queue: this.service,
        callback: (error, msg) => {
          if (error) return;
          const op = msg.subject.split('.').pop() as CaseOperation;
          void this.run(op, codec.decode(msg.data), { forwarded: true })
            .catch((failure: unknown) => {
              // Never the failure's message: it may quote case data.
              this.logger?.error('forwarded case command failed', { op, error: (failure as Error)?.name ?? 'unknown' });
              return { ok: false, error: errorBody(ERROR.INTERNAL, 'The service failed to answer') } as Outcome<unknown>;
            })
            .then((outcome) => msg.respond(codec.encode(outcome)));
        },
      });
      this.subscriptions.push(subscription);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.drain().catch(() => undefined)));
  }

  private async forward(version: number, op: CaseOperation, message: unknown): Promise<Outcome<unknown>> {
    try {
      const reply = await this.nc!.request(versionedCaseSubject(this.service, version, op), codec.encode(message), { timeout: FORWARD_TIMEOUT_MS });
      return codec.decode(reply.data) as Outcome<unknown>;
    } catch {
      // No replica runs that version (no responders), or none answered in time.
      return { ok: false, error: unavailable(version) };
    }
  }

  private async local(op: CaseOperation, message: unknown): Promise<Outcome<unknown>> {
    try {
      return await this.dispatch(op, message);
    } catch (error) {
      // Envelope, principal and payload refusals come out of `unpack` as RpcExceptions.
      if (error instanceof RpcException) return { ok: false, error: error.getError() as ErrorBody };
      throw error;
    }
  }

  private dispatch(op: CaseOperation, message: unknown): Promise<Outcome<unknown>> {
    const key = this.principalKey;
    switch (op) {
      case 'declare': {
        const { actor, payload, correlationId } = unpack(message, declareCaseSchema, key);
        return this.cases.declare(actor!, payload, correlationId);
      }
      case 'act': {
        const { actor, payload, correlationId } = unpack(message, actOnCaseSchema, key);
        return this.cases.act(actor!, payload, correlationId);
      }
      case 'get': {
        const { actor, payload } = unpack(message, getCaseSchema, key);
        return this.cases.get(actor!, payload.caseId, payload.disclosed);
      }
      case 'reveal': {
        const { actor, payload } = unpack(message, revealFieldRequestSchema, key);
        return this.cases.reveal(actor!, payload);
      }
      case 'dispatch': {
        const { actor, payload } = unpack(message, caseDispatchSchema, key);
        return this.cases.dispatch(actor!, payload);
      }
      case 'list': {
        const { actor, payload } = unpack(message, listCasesSchema, key);
        return this.cases.list(actor!, payload);
      }
      case 'inbox': {
        const { actor, payload } = unpack(message, inboxSchema, key);
        return this.cases.inbox(actor!, payload);
      }
      case 'audit': {
        const { actor, payload } = unpack(message, caseIdSchema, key);
        return this.cases.audit(actor!, payload.caseId);
      }
      case 'stats': {
        const { actor, payload } = unpack(message, caseStatsSchema, key);
        return this.cases.stats(actor!, payload);
      }
      case 'verifyAudit': {
        const { actor } = unpack(message, verifyAuditSchema, key);
        return this.cases.verifyAudit(actor!);
      }
      case 'notices': {
        const { payload } = unpack(message, noticesSchema, key, { public: true });
        return this.cases.notices(payload);
      }
      case 'objection': {
        const { payload, correlationId } = unpack(message, objectionSchema, key, { public: true });
        return this.cases.objection(payload, correlationId);
      }
      default:
        return Promise.resolve({ ok: false, error: errorBody(ERROR.NOT_FOUND, `Unknown case operation "${String(op)}"`) });
    }
  }
}

function unavailable(version: number): ErrorBody {
  return errorBody(
    ERROR.MACHINE_VERSION_UNAVAILABLE,
    `No running replica runs approval machine v${version}, which this case was written by; nothing was changed. Try again once the upgrade has reached this service.`,
  );
}
