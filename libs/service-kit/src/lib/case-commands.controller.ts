import { Controller, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { caseSubject, type CaseOperation, type ServiceName } from '@poverty/contracts';
import { CaseCommands, reply } from './case-commands';

export { PRINCIPAL_KEY, reply, unpack } from './case-commands';

/**
 * The NATS request/reply controller for one service's case commands. Subjects are
 * `case.<service>.<op>`, so each service gets its own class with its own patterns; the work,
 * and the routing of a case to a replica that runs its machine version, is `CaseCommands`'.
 */
export function createCaseCommandsController(service: ServiceName): Type<unknown> {
  @Controller()
  class CaseCommandsController {
    constructor(private readonly commands: CaseCommands) {}

    private async run(op: CaseOperation, message: unknown) {
      return reply(await this.commands.run(op, message));
    }

    @MessagePattern(caseSubject(service, 'declare'))
    async declare(@Payload() message: unknown) {
      return this.run('declare', message);
    }

    @MessagePattern(caseSubject(service, 'act'))
    async act(@Payload() message: unknown) {
      return this.run('act', message);
    }

    @MessagePattern(caseSubject(service, 'get'))
    async get(@Payload() message: unknown) {
      return this.run('get', message);
    }

    @MessagePattern(caseSubject(service, 'reveal'))
    async reveal(@Payload() message: unknown) {
      return this.run('reveal', message);
    }

    @MessagePattern(caseSubject(service, 'list'))
    async list(@Payload() message: unknown) {
      return this.run('list', message);
    }

    @MessagePattern(caseSubject(service, 'inbox'))
    async inbox(@Payload() message: unknown) {
      return this.run('inbox', message);
    }

    @MessagePattern(caseSubject(service, 'audit'))
    async audit(@Payload() message: unknown) {
      return this.run('audit', message);
    }

    @MessagePattern(caseSubject(service, 'stats'))
    async stats(@Payload() message: unknown) {
      return this.run('stats', message);
    }

    @MessagePattern(caseSubject(service, 'dispatch'))
    async dispatch(@Payload() message: unknown) {
      return this.run('dispatch', message);
    }

    @MessagePattern(caseSubject(service, 'verifyAudit'))
    async verifyAudit(@Payload() message: unknown) {
      return this.run('verifyAudit', message);
    }

    @MessagePattern(caseSubject(service, 'notices'))
    async notices(@Payload() message: unknown) {
      return this.run('notices', message);
    }

    @MessagePattern(caseSubject(service, 'objection'))
    async objection(@Payload() message: unknown) {
      return this.run('objection', message);
    }
  }
  Object.defineProperty(CaseCommandsController, 'name', { value: `${service}CaseCommandsController` });
  return CaseCommandsController;
}
