import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { query } from '@poverty/testing';
import { Api, identificationCase } from '../support/api';
import { sharedStack } from '../support/shared-stack';

const stack = sharedStack();
const api = new Api(stack.gatewayUrl);
const root = join(__dirname, '../../../..');

/** `npm run audit:verify -- --json` against the stack's database: its exit code and verdict. */
async function cli(): Promise<{ code: number; verdict: any }> {
  try {
    const { stdout } = await promisify(execFile)(
      'npm',
      ['run', '-s', 'audit:verify', '--', '--json'],
      { cwd: root, env: { ...process.env, DATABASE_URL: stack.databaseUrl } },
    );
    return { code: 0, verdict: JSON.parse(stdout.trim().split('\n').at(-1)!) };
  } catch (error: any) {
    return {
      code: error.code,
      verdict: JSON.parse(String(error.stdout).trim().split('\n').at(-1)!),
    };
  }
}

/** As the database superuser: the append-only trigger has to be switched off to change a row at all. */
async function tamper(rowId: string, comment: string | null) {
  await query(
    stack.databaseUrl,
    `alter table identification.case_audit disable trigger case_audit_no_update_delete`,
  );
  try {
    await query(
      stack.databaseUrl,
      `update identification.case_audit set comment = $1 where id = $2`,
      [comment, rowId],
    );
  } finally {
    await query(
      stack.databaseUrl,
      `alter table identification.case_audit enable trigger case_audit_no_update_delete`,
    );
  }
}

describe('the audit trail', () => {
  let caseId: string;

  beforeAll(async () => {
    caseId = await identificationCase(api, 'county');
  }, 120_000);

  it("shows an auditor a case's hash-chained trail from whichever service holds it, and nobody else", async () => {
    const trail = await api.get('auditor', `/audit?caseId=${caseId}`);
    expect(trail.status).toBe(200);
    expect(trail.body.service).toBe('identification');
    expect(trail.body.items.map((r: any) => [r.seq, r.action])).toEqual([
      [1, 'declare'],
      [2, 'submit'],
      [3, 'approve'],
      [4, 'approve'],
    ]);
    expect(trail.body.items[1].prevHash).toBe(trail.body.items[0].hash);
    expect(trail.body.chain).toEqual({ ok: true, rows: 4 });
    expect(
      (
        await api.get(
          'auditor',
          '/audit?caseId=00000000-0000-4000-8000-000000000000',
        )
      ).status,
    ).toBe(404);
    expect((await api.get('auditor', '/audit?caseId=nope')).body).toMatchObject(
      { statusCode: 400, field: 'caseId' },
    );
    expect(
      (await api.get('county.poverty', `/audit?caseId=${caseId}`)).status,
    ).toBe(403);
    expect(
      (await api.post('village.xiaoshi', '/audit/verify', {})).status,
    ).toBe(403);
  });

  it('refuses to change an audit row while the append-only trigger is on', async () => {
    await expect(
      query(
        stack.databaseUrl,
        `update identification.case_audit set comment = 'x' where case_id = $1`,
        [caseId],
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('names the tampered row when one audit row is changed directly in PostgreSQL, in the API and the CLI', async () => {
    const before = await api.post('auditor', '/audit/verify', {});
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      ok: true,
      firstBroken: null,
      unavailable: [],
    });
    expect(before.body.services.map((s: any) => s.service).sort()).toEqual([
      'education',
      'exit-verification',
      'housing',
      'identification',
      'medical',
    ]);

    const [row] = await query(
      stack.databaseUrl,
      `select id, comment from identification.case_audit where case_id = $1 and seq = 3`,
      [caseId],
    );
    await tamper(String(row.id), '村级同意（已被篡改）');
    try {
      const after = await api.post('auditor', '/audit/verify', {});
      expect(after.body.ok).toBe(false);
      expect(after.body.firstBroken).toEqual({
        service: 'identification',
        id: String(row.id),
        caseId,
        seq: 3,
        reason: 'hash does not match the row contents',
      });
      expect(
        (await api.get('auditor', `/audit?caseId=${caseId}`)).body.chain,
      ).toMatchObject({ ok: false, brokenAt: { id: String(row.id), seq: 3 } });

      const { code, verdict } = await cli();
      expect(code).toBe(1);
      expect(verdict.firstBroken).toMatchObject({
        service: 'identification',
        schema: 'identification',
        id: String(row.id),
        caseId,
        seq: 3,
      });
    } finally {
      await tamper(String(row.id), row.comment);
    }
    expect((await api.post('auditor', '/audit/verify', {})).body.ok).toBe(true);
    expect((await cli()).code).toBe(0);
  });
});
