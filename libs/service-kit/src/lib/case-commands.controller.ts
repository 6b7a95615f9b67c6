import { Controller, Inject, type Type } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import {
  ERROR,
  actOnCaseSchema,
  caseIdSchema,
  caseDispatchSchema,
  caseStatsSchema,
  caseSubject,
  declareCaseSchema,
  envelopeSchema,
  errorBody,
  getCaseSchema,
  listCasesSchema,
  noticesSchema,
  objectionSchema,
  parsePayload,
  revealFieldRequestSchema,
  verifyAuditSchema,
  type ServiceName,
} from '@poverty/contracts';
import { verifyPrincipal } from '@poverty/auth';
import type { Actor } from '@poverty/workflow';
import type { z } from 'zod';
import { CaseApplication } from './case-application';
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

/**
 * The NATS request/reply controller for one service's case commands. Subjects are
 * `case.<service>.<op>`, so each service gets its own class with its own patterns.
 */
export function createCaseCommandsController(service: ServiceName): Type<unknown> {
  @Controller()
  class CaseCommandsController {
    constructor(
      private readonly cases: CaseApplication,
      @Inject(PRINCIPAL_KEY) private readonly principalKey: string,
    ) {}

    @MessagePattern(caseSubject(service, 'declare'))
    async declare(@Payload() message: unknown) {
      const { actor, payload, correlationId } = unpack(message, declareCaseSchema, this.principalKey);
      return reply(await this.cases.declare(actor!, payload, correlationId));
    }

    @MessagePattern(caseSubject(service, 'act'))
    async act(@Payload() message: unknown) {
      const { actor, payload, correlationId } = unpack(message, actOnCaseSchema, this.principalKey);
      return reply(await this.cases.act(actor!, payload, correlationId));
    }

    @MessagePattern(caseSubject(service, 'get'))
    async get(@Payload() message: unknown) {
      const { actor, payload } = unpack(message, getCaseSchema, this.principalKey);
      return reply(await this.cases.get(actor!, payload.caseId, payload.disclosed));
    }

    @MessagePattern(caseSubject(service, 'reveal'))
    async reveal(@Payload() message: unknown) {
      const { actor, payload } = unpack(message, revealFieldRequestSchema, this.principalKey);
      return reply(await this.cases.reveal(actor!, payload));
    }

    @MessagePattern(caseSubject(service, 'list'))
    async list(@Payload() message: unknown) {
      const { actor, payload } = unpack(message, listCasesSchema, this.principalKey);
      return reply(await this.cases.list(actor!, payload));
    }

    @MessagePattern(caseSubject(service, 'inbox'))
    async inbox(@Payload() message: unknown) {
      const { actor } = unpack(message, listCasesSchema.pick({}).strict(), this.principalKey);
      return reply(await this.cases.inbox(actor!));
    }

    @MessagePattern(caseSubject(service, 'audit'))
    async audit(@Payload() message: unknown) {
      const { actor, payload } = unpack(message, caseIdSchema, this.principalKey);
      return reply(await this.cases.audit(actor!, payload.caseId));
    }

    @MessagePattern(caseSubject(service, 'stats'))
    async stats(@Payload() message: unknown) {
      const { actor, payload } = unpack(message, caseStatsSchema, this.principalKey);
      return reply(await this.cases.stats(actor!, payload));
    }

    @MessagePattern(caseSubject(service, 'dispatch'))
    async dispatch(@Payload() message: unknown) {
      const { actor, payload } = unpack(message, caseDispatchSchema, this.principalKey);
      return reply(await this.cases.dispatch(actor!, payload));
    }

    @MessagePattern(caseSubject(service, 'verifyAudit'))
    async verifyAudit(@Payload() message: unknown) {
      const { actor } = unpack(message, verifyAuditSchema, this.principalKey);
      return reply(await this.cases.verifyAudit(actor!));
    }

    @MessagePattern(caseSubject(service, 'notices'))
    async notices(@Payload() message: unknown) {
      const { payload } = unpack(message, noticesSchema, this.principalKey, { public: true });
      return reply(await this.cases.notices(payload));
    }

    @MessagePattern(caseSubject(service, 'objection'))
    async objection(@Payload() message: unknown) {
      const { payload, correlationId } = unpack(message, objectionSchema, this.principalKey, { public: true });
      return reply(await this.cases.objection(payload, correlationId));
    }
  }
  Object.defineProperty(CaseCommandsController, 'name', { value: `${service}CaseCommandsController` });
  return CaseCommandsController;
}
