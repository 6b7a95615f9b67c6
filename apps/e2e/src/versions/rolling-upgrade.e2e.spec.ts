import { query, runApp, startNatsServer, startStack, type PrivateNatsServer, type Stack } from '@poverty/testing';
import { Api, identificationCase, waitForStage } from '../support/api';

const SERVICE = 'identification';

async function machineVersionOf(stack: Stack, caseId: string) {
  const [row] = await query(stack.databaseUrl, `select machine_version, snapshot->>'machineVersion' as stamped, version from identification.case_record where id = $1`, [caseId]);
  return { column: row.machine_version as number, snapshot: Number(row.stamped), version: row.version as number };
}

async function lastAudit(stack: Stack, caseId: string) {
  const rows = await query(stack.databaseUrl, 'select seq, action, comment, from_state, to_state, prev_hash, hash from identification.case_audit where case_id = $1 order by seq desc limit 2', [caseId]);
  return { last: rows[0], previous: rows[1] };
}

/** `main.ts machine-migrate …` of identification, as a county's operator runs it; the JSON report. */
function machineMigrate(stack: Stack, args: string[]): Promise<any> {
  return new Promise((done, fail) => {
    const child = runApp(SERVICE, ['machine-migrate', ...args, '--json'], { ...stack.env, MACHINE_VERSIONS: '' });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`machine-migrate exited ${code}: ${err}`));
      const line = out.trim().split('\n').pop() ?? '';
      try {
        done(JSON.parse(line));
      } catch {
        fail(new Error(`machine-migrate printed no JSON report: ${out}${err}`));
      }
    });
  });
}

async function close(api: Api, caseId: string) {
  await waitForStage(api, caseId, 'acceptance');
  await api.actOk('county.poverty.2', SERVICE, caseId, 'recordAcceptance', { data: { check: 'dataComparison', evidence: '信息比对一致' } });
  await api.actOk('county.poverty.2', SERVICE, caseId, 'recordAcceptance', { data: { check: 'dataEntry', evidence: '已录入' } });
  return api.actOk('county.poverty.2', SERVICE, caseId, 'accept');
}

/**
 * A release that changes the approval machine, deployed while cases are open. Each test runs its
 * own stack on a private nats-server: it multiplies and stops replicas. A replica started with
 * MACHINE_VERSIONS=1 stands in for the build released before machine v2 existed.
 */
describe('approval-machine versions across a rolling upgrade', () => {
  let nats: PrivateNatsServer;
  let stack: Stack | null = null;

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterEach(async () => {
    await stack?.stop();
    stack = null;
  });
  afterAll(async () => {
    await nats.stop();
  });

  it('finishes a case started on v1 after v2 is deployed, with a v2 case beside it, refusing and losing nothing', async () => {
    stack = await startStack({
      database: `${process.env['E2E_DB'] ?? 'poverty_e2e'}_rolling`,
      natsUrl: nats.url,
      services: { [SERVICE]: 1 },
      env: { NOTICE_PERIOD: 'PT2S', TIMER_POLL_MS: '200', LOG_LEVEL: 'silent', MACHINE_VERSIONS: '1' },
    });
    const api = new Api(stack.gatewayUrl);
    const oldReplica = stack.services[SERVICE][0];
    const started = await identificationCase(api, 'township');
    expect(await machineVersionOf(stack, started)).toMatchObject({ column: 1, snapshot: 1 });

    // Deploy v2 beside the v1 replica: one queue group, one database.
    await stack.startReplica(SERVICE, { MACHINE_VERSIONS: '' });
    // Each declaration goes to one replica of the two: the new one opens v2 cases.
    let beside: string | undefined;
    for (let attempt = 0; attempt < 30 && !beside; attempt++) {
      const id = await identificationCase(api, 'application');
      if ((await machineVersionOf(stack, id)).column === 2) beside = id;
    }
    expect(beside).toBeDefined();
    const v2Case = beside!;
    // Commands on the v2 case reach either replica; the v1 one hands them to a replica that runs v2.
    for (let i = 0; i < 12; i++) {
      const read = await api.get('village.xiaoshi', `/${SERVICE}/cases/${v2Case}`);
      expect([read.status, read.body.machine]).toEqual([200, { id: 'case.identification', version: 2 }]);
    }
    expect((await api.actOk('village.xiaoshi', SERVICE, v2Case, 'submit')).state).toBe('review');
    expect((await api.actOk('village.xiaoshi.2', SERVICE, v2Case, 'approve')).currentLevel).toBe('township');
    const inbox = await api.inbox('township.xiaoshi');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((i: { caseId: string }) => i.caseId)).toEqual(expect.arrayContaining([started, v2Case]));
    // The v1 case moves on too, whichever replica decides it.
    expect((await api.actOk('township.xiaoshi', SERVICE, started, 'approve')).currentLevel).toBe('county');

    // Retire the old build, as the last step of the rollout.
    await oldReplica.kill('SIGTERM');
    await api.actOk('county.poverty', SERVICE, started, 'approve');
    const closed = await close(api, started);

    expect([closed.stage, closed.machine.version]).toEqual(['closed', 1]);
    expect(await machineVersionOf(stack, started)).toMatchObject({ column: 1, snapshot: 1 });
    // Declare, submit, three approvals, notice end, two checks, accept: every decision recorded once.
    const [{ audits, top }] = await query(stack.databaseUrl, 'select count(*)::int as audits, max(seq) as top from identification.case_audit where case_id = $1', [started]);
    expect([audits, top]).toEqual([9, 9]);

    // A case declared now starts on v2, and v2's rule holds: 撤回 needs a reason, kept in the case.
    const fresh = await identificationCase(api, 'application');
    expect(await machineVersionOf(stack, fresh)).toMatchObject({ column: 2, snapshot: 2 });
    const noReason = await api.act('village.xiaoshi', SERVICE, fresh, 'withdraw');
    expect([noReason.status, noReason.body.code, noReason.body.field]).toEqual([422, 'CASE.REASON_REQUIRED', 'comment']);
    expect((await api.actOk('village.xiaoshi', SERVICE, fresh, 'withdraw', { comment: '户主要求暂缓申请' })).stage).toBe('withdrawn');
    const [kept] = await query(stack.databaseUrl, `select snapshot->'context'->'withdrawal'->>'reason' as reason from identification.case_record where id = $1`, [fresh]);
    expect(kept.reason).toBe('户主要求暂缓申请');

    const verified = await api.post('auditor', '/audit/verify', {});
    expect(verified.body.firstBroken).toBeNull();
  });

  it('answers 503 and changes nothing when no running replica runs the case’s version', async () => {
    stack = await startStack({
      database: `${process.env['E2E_DB'] ?? 'poverty_e2e'}_rollback`,
      natsUrl: nats.url,
      services: { [SERVICE]: 0 },
      env: { NOTICE_PERIOD: 'PT2S', TIMER_POLL_MS: '200', LOG_LEVEL: 'silent' },
    });
    const api = new Api(stack.gatewayUrl);
    const v2 = await stack.startReplica(SERVICE, { MACHINE_VERSIONS: '' });
    const v2Case = await identificationCase(api, 'review');
    // Roll back to the old build only.
    await stack.startReplica(SERVICE, { MACHINE_VERSIONS: '1' });
    await v2.kill('SIGTERM');
    const before = await machineVersionOf(stack, v2Case);

    const refused = await api.act('village.xiaoshi.2', SERVICE, v2Case, 'approve', { expectedVersion: before.version });

    expect([refused.status, refused.body.code]).toEqual([503, 'CASE.MACHINE_VERSION_UNAVAILABLE']);
    expect(await machineVersionOf(stack, v2Case)).toEqual(before);
  });

  it('migrates open v1 cases to v2 on purpose: a dry run first, then in the audit chain of each', async () => {
    stack = await startStack({
      database: `${process.env['E2E_DB'] ?? 'poverty_e2e'}_migrate`,
      natsUrl: nats.url,
      services: { [SERVICE]: 1 },
      env: { NOTICE_PERIOD: 'PT2S', TIMER_POLL_MS: '200', LOG_LEVEL: 'silent', MACHINE_VERSIONS: '1' },
    });
    const api = new Api(stack.gatewayUrl);
    const inReview = await identificationCase(api, 'township');
    const inApplication = await identificationCase(api, 'application');
    const withdrawn = await identificationCase(api, 'application');
    await api.actOk('village.xiaoshi', SERVICE, withdrawn, 'withdraw'); // v1: no reason needed, none kept
    const before = await Promise.all([inReview, inApplication, withdrawn].map((id) => machineVersionOf(stack!, id)));

    const dryRun = await machineMigrate(stack, ['--from', '1', '--to', '2']);

    expect(dryRun).toMatchObject({ service: SERVICE, from: 1, to: 2, dryRun: true, cases: 3, moves: 2, cannotMove: 1, migrated: 0 });
    expect(dryRun.byState).toEqual([
      { state: 'application', moves: 1, cannotMove: [] },
      { state: 'review', moves: 1, cannotMove: [] },
      { state: 'withdrawn', moves: 0, cannotMove: [{ code: 'UNREPRESENTABLE', reason: expect.stringMatching(/recorded no reason/), count: 1 }] },
    ]);
    expect(await Promise.all([inReview, inApplication, withdrawn].map((id) => machineVersionOf(stack!, id)))).toEqual(before);

    // Upgrade the service, then move the open cases.
    const oldReplica = stack.services[SERVICE][0];
    await stack.startReplica(SERVICE, { MACHINE_VERSIONS: '' });
    await oldReplica.kill('SIGTERM');
    const applied = await machineMigrate(stack, ['--from', '1', '--to', '2', '--apply', '--by', 'admin.ops']);

    expect(applied).toMatchObject({ dryRun: false, moves: 2, migrated: 2, changedMeanwhile: 0 });
    expect(await machineVersionOf(stack, inReview)).toEqual({ column: 2, snapshot: 2, version: before[0].version + 1 });
    expect(await machineVersionOf(stack, withdrawn)).toEqual(before[2]);
    const { last, previous } = await lastAudit(stack, inReview);
    expect(last).toMatchObject({ action: 'machine.migrate', comment: expect.stringContaining('v1 → v2'), from_state: 'review', to_state: 'review', prev_hash: previous.hash });
    // The migrated case now runs v2's rules, and the chain still verifies.
    const view = (await api.get('village.xiaoshi', `/${SERVICE}/cases/${inApplication}`)).body;
    expect(view.machine.version).toBe(2);
    expect(view.history.at(-1)).toMatchObject({ action: 'machine.migrate', actorId: 'admin.ops' });
    expect((await api.act('village.xiaoshi', SERVICE, inApplication, 'withdraw')).body.code).toBe('CASE.REASON_REQUIRED');
    expect((await api.actOk('township.xiaoshi', SERVICE, inReview, 'approve')).currentLevel).toBe('county');
    expect((await api.post('auditor', '/audit/verify', {})).body.firstBroken).toBeNull();

    // Run again: nothing left to move.
    expect(await machineMigrate(stack, ['--from', '1', '--to', '2', '--apply'])).toMatchObject({ cases: 1, moves: 0, migrated: 0 });
  });
});
