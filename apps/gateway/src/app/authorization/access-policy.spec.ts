import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import type { Actor } from '@poverty/workflow';
import { AppModule } from '../app.module';
import { ACCESS_POLICY, ENDPOINT_IDS, decide, type EndpointId } from './access-policy';

const XIAOSHI = '210521100000';
const SHANGBAO = '210521100201';
const CAOHEZHANG = '210521101000';
const CAOHEZHANG_VILLAGE = '210521101201';

const villageOfficer: Actor = { userId: 'v', roles: ['village_officer'], townshipCode: XIAOSHI, villageCode: SHANGBAO };
const townshipReviewer: Actor = { userId: 't', roles: ['township_reviewer'], townshipCode: XIAOSHI };
const housingBureau: Actor = { userId: 'h', roles: ['county_officer'], department: 'housing_bureau' };
const povertyOffice: Actor = { userId: 'p', roles: ['county_officer'], department: 'poverty_office' };
const auditor: Actor = { userId: 'a', roles: ['auditor'] };
const evaluator: Actor = { userId: 'e', roles: ['evaluator'] };

const status = (d: ReturnType<typeof decide>) => (d.allow ? 'allow' : d.statusCode);

describe('the access policy', () => {
  it('asks for a login on every non-public endpoint', () => {
    for (const id of ENDPOINT_IDS) {
      const policy = ACCESS_POLICY[id] as { public?: true };
      expect([id, status(decide(id, null))]).toEqual([id, policy.public ? 'allow' : 401]);
    }
  });

  it('lets a village officer declare only in their own village (403 elsewhere)', () => {
    const body = (townshipCode: string, villageCode: string) => ({ params: { service: 'identification' }, body: { townshipCode, villageCode } });
    expect(status(decide('cases.declare', villageOfficer, body(XIAOSHI, SHANGBAO)))).toBe('allow');
    expect(status(decide('cases.declare', villageOfficer, body(CAOHEZHANG, CAOHEZHANG_VILLAGE)))).toBe(403);
    expect(status(decide('cases.declare', townshipReviewer, body(XIAOSHI, SHANGBAO)))).toBe(403);
  });

  it('hides other jurisdictions behind 404 for lists filtered on them', () => {
    const list = (query: Record<string, string>) => ({ params: { service: 'identification' }, query });
    expect(status(decide('cases.list', townshipReviewer, list({ township: XIAOSHI })))).toBe('allow');
    expect(status(decide('cases.list', townshipReviewer, list({ village: SHANGBAO })))).toBe('allow');
    expect(status(decide('cases.list', townshipReviewer, list({ township: CAOHEZHANG })))).toBe(404);
    expect(status(decide('cases.list', townshipReviewer, list({ village: CAOHEZHANG_VILLAGE })))).toBe(404);
    expect(status(decide('cases.list', villageOfficer, list({ village: CAOHEZHANG_VILLAGE })))).toBe(404);
    expect(status(decide('cases.list', auditor, list({ township: CAOHEZHANG })))).toBe('allow');
  });

  it('limits county officers to the services of their department; the poverty office reaches all', () => {
    const on = (service: string) => ({ params: { service, id: 'x' } });
    expect(status(decide('cases.act', housingBureau, on('housing')))).toBe('allow');
    expect(status(decide('cases.act', housingBureau, on('identification')))).toBe(404);
    expect(status(decide('cases.get', povertyOffice, on('housing')))).toBe('allow');
  });

  it('gives auditors read access and evaluators nothing on cases; admin endpoints only to admins', () => {
    expect(status(decide('cases.get', auditor, { params: { service: 'medical' } }))).toBe('allow');
    expect(status(decide('cases.act', auditor, { params: { service: 'medical' } }))).toBe(403);
    expect(status(decide('cases.get', evaluator, { params: { service: 'medical' } }))).toBe(403);
    expect(status(decide('admin.users.create', townshipReviewer))).toBe(403);
    expect(status(decide('admin.audit', auditor))).toBe('allow');
  });

  it('refuses a role holder whose own jurisdiction is missing', () => {
    const officerWithoutVillage: Actor = { userId: 'x', roles: ['village_officer'] };
    expect(status(decide('cases.declare', officerWithoutVillage, { params: { service: 'identification' }, body: { townshipCode: XIAOSHI, villageCode: SHANGBAO } }))).toBe(403);
  });

  it('binds every route handler of the gateway to exactly one policy entry, and every entry to a handler', () => {
    // Controllers of the app module and of every feature module it imports.
    const controllers = new Set<new (...args: any[]) => unknown>();
    const visit = (module: any, seen = new Set<unknown>()) => {
      if (!module || seen.has(module)) return;
      seen.add(module);
      const type = module.module ?? module;
      for (const c of [...(Reflect.getMetadata('controllers', type) ?? []), ...(module.controllers ?? [])]) controllers.add(c);
      for (const imported of [...(Reflect.getMetadata('imports', type) ?? []), ...(module.imports ?? [])]) visit(imported, seen);
    };
    visit(AppModule);
    const bound = new Map<EndpointId, string>();
    for (const controller of controllers) {
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const id = Reflect.getMetadata('access-policy-id', handler) as EndpointId | undefined;
        const route = `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler)]} ${[base, Reflect.getMetadata(PATH_METADATA, handler)].filter((p) => p && p !== '/').join('/')}`;
        expect({ route, id }).toEqual({ route, id: expect.any(String) });
        expect({ route, duplicate: bound.has(id!) }).toEqual({ route, duplicate: false });
        const policy = ACCESS_POLICY[id!];
        expect(route).toBe(`${policy.method} ${policy.path.replace(/^!\//, '')}`);
        bound.set(id!, route);
      }
    }
    expect([...bound.keys()].sort()).toEqual([...ENDPOINT_IDS].sort());
  });
});
