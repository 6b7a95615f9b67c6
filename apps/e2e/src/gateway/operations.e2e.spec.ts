import { query, runApp, startApp, startNatsServer } from '@poverty/testing';
// The matrix is generated from the gateway's own policy table: the one source the guard enforces.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ACCESS_POLICY, ENDPOINT_IDS, type EndpointPolicy } from '../../../gateway/src/app/authorization/access-policy';
import { sharedStack } from '../support/shared-stack';
import { Client, OWN_PLACE, identificationData, startGateway } from './gateway-support';

const stack = sharedStack();
let gateway: Awaited<ReturnType<typeof startGateway>>;
let client: Client;

beforeAll(async () => {
  gateway = await startGateway({ METRICS_TOKEN: 'scrape-token-for-tests' });
  client = new Client(gateway.url);
}, 120_000);

afterAll(async () => {
  await gateway?.kill('SIGTERM');
});

/** Runs the gateway with an environment and collects what it prints before it exits. */
function failedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = runApp('gateway', [], { DATABASE_URL: stack.databaseUrl, NATS_URL: stack.natsUrl, LOG_LEVEL: 'info', ...env });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => (clearTimeout(timer), done({ code, output })));
  });
}

describe('operations', () => {
  it('answers /health/ready with 503 while NATS is down, and /health/live still with 200', async () => {
    const nats = await startNatsServer();
    const own = await startApp('gateway', { DATABASE_URL: stack.databaseUrl, NATS_URL: nats.url, LOG_LEVEL: 'silent' }, { healthPath: '/api/v1/health/ready' });
    const url = `http://127.0.0.1:${own.port}/api/v1/health`;
    try {
      expect((await fetch(`${url}/ready`)).status).toBe(200);
      await nats.stop();
      let ready: Response | undefined;
      for (let i = 0; i < 50 && ready?.status !== 503; i++) {
        ready = await fetch(`${url}/ready`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(ready!.status).toBe(503);
      expect(await ready!.json()).toEqual({ status: 'down', checks: { database: 'up', nats: 'down' } });
      expect((await fetch(`${url}/live`)).status).toBe(200);
    } finally {
      await own.kill('SIGKILL');
    }
  });

  it('refuses to start on bad settings, naming every one of them', async () => {
    const { code, output } = await failedStart({
      NODE_ENV: 'production', PORT: 'eighty', ACCESS_TOKEN_TTL_SECONDS: '0', NATS_SERVERS: 'http://nats:4222', LOG_LEVEL: 'chatty', DATABASE_URL: 'mysql://x/y',
      JWT_SECRET: '', PRINCIPAL_PRIVATE_KEY: '', PRINCIPAL_PUBLIC_KEY: '',
    });
    expect(code).toBe(1);
    for (const name of ['PORT', 'ACCESS_TOKEN_TTL_SECONDS', 'NATS_SERVERS', 'LOG_LEVEL', 'DATABASE_URL', 'JWT_SECRET', 'PRINCIPAL_PRIVATE_KEY']) expect(output).toContain(name);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('exposes Prometheus metrics of requests and of transitions by service and stage, behind the scrape token', async () => {
    const declared = await client.post(OWN_PLACE.declarer, '/identification/cases', { townshipCode: OWN_PLACE.townshipCode, villageCode: OWN_PLACE.villageCode, data: identificationData() });
    await client.actOk(OWN_PLACE.declarer, 'identification', declared.body.id, 'submit');

    expect((await client.http().get('/metrics')).status).toBe(401);
    const metrics = await client.http().get('/metrics').set('authorization', 'Bearer scrape-token-for-tests');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.text).toMatch(/case_transitions_total\{service="identification",action="declare",stage="application"\} 1/);
    expect(metrics.text).toMatch(/case_transitions_total\{service="identification",action="submit",stage="review"\} 1/);
    expect(metrics.text).toMatch(/gateway_http_requests_total\{method="POST",route="\/api\/v1\/:service\/cases",status="201"\} 1/);
    expect(metrics.text).toMatch(/gateway_http_request_duration_seconds_bucket\{le="[\d.]+",method="GET",route="\/api\/v1\/:service\/cases\/:id",status_class="2xx"\}/);
    expect(metrics.text).toMatch(/gateway_process_resident_memory_bytes/);
    expect(metrics.text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
  });

  it('sends security headers everywhere and Cache-Control: no-store on API answers, and echoes the request id', async () => {
    const responses = [
      await client.get(OWN_PLACE.declarer, '/me'),
      await client.get(null, '/me'),
      await client.get(null, '/public/notices'),
      await client.http().get('/api/v1/health/live').set('x-request-id', 'probe-42'),
    ];
    for (const response of responses) {
      expect(response.headers).toMatchObject({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
        'x-request-id': expect.any(String),
      });
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
    expect(responses[3].headers['x-request-id']).toBe('probe-42');
  });

  it('carries the request id to the service as the command\'s correlation id, into the events it publishes', async () => {
    const requestId = `trace-${Date.now().toString(36)}`;
    const declared = await client
      .http()
      .post('/api/v1/identification/cases')
      .set('authorization', `Bearer ${await client.token(OWN_PLACE.declarer)}`)
      .set('x-request-id', requestId)
      .send({ townshipCode: OWN_PLACE.townshipCode, villageCode: OWN_PLACE.villageCode, data: identificationData() });
    expect(declared.status).toBe(201);
    expect(declared.headers['x-request-id']).toBe(requestId);
    const events = await query(stack.databaseUrl, `select payload from identification.outbox where payload ->> 'caseId' = $1`, [declared.body.id]);
    expect(events.map((e) => [e.payload.name, e.payload.correlationId])).toEqual([['case.declared', requestId]]);
  });

  it('describes every endpoint of the access policy in OpenAPI, with its auth scheme, body and error answers', async () => {
    const docs = await client.http().get('/api/docs-json');
    expect(docs.status).toBe(200);
    const document = docs.body;
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.schemas.ErrorBody.required).toEqual(['statusCode', 'code', 'message']);
    const documented = new Set<string>();
    for (const id of ENDPOINT_IDS) {
      const policy: EndpointPolicy = ACCESS_POLICY[id];
      const path = (policy.path.startsWith('!') ? policy.path.slice(1) : `/api/v1/${policy.path}`).replace(/:(\w+)/g, '{$1}');
      const operation = document.paths[path]?.[policy.method.toLowerCase()];
      expect({ id, documented: Boolean(operation) }).toEqual({ id, documented: true });
      documented.add(`${policy.method} ${path}`);
      expect(operation.operationId).toBe(id);
      expect(operation['x-access-policy'].id).toBe(id);
      if (!policy.public) {
        expect({ id, security: operation.security }).toEqual({ id, security: [{ bearer: [] }] });
        expect({ id, errors: ['401', '403'].every((s) => operation.responses[s]?.content) }).toEqual({ id, errors: true });
      }
      const hasBody = ['auth.login', 'auth.refresh', 'auth.password', 'cases.declare', 'cases.act', 'public.objection', 'admin.users.create', 'admin.users.rescope', 'admin.users.password'].includes(id);
      if (hasBody) {
        expect({ id, body: operation.requestBody?.content?.['application/json']?.schema?.type }).toEqual({ id, body: 'object' });
        expect({ id, validation: Boolean(operation.responses['400']) }).toEqual({ id, validation: true });
      }
      const success = Object.keys(operation.responses).filter((s) => s.startsWith('2'));
      expect({ id, success: success.length > 0 }).toEqual({ id, success: true });
    }
    const everyRoute = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`));
    expect(everyRoute.filter((r) => !documented.has(r))).toEqual([]);
    expect((await client.http().get('/api/docs')).status).toBe(200);
  });
});
