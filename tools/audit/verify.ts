/**
 * Re-computes every service's audit hash chains straight from PostgreSQL and names the first broken
 * row: `npm run audit:verify` (DATABASE_URL as the services use it; `--json` for one JSON line).
 * Exits 0 when every chain holds, 1 when one is broken, 2 when the check itself failed.
 */
import { Client } from 'pg';
import {
  DEFAULT_DATABASE_URL,
  verifySchemaAuditChains,
  type SchemaAuditVerdict,
} from '@poverty/persistence';
import { SERVICE_DEFINITIONS } from '../db/service-definitions';

/** `?` placeholders (as the services write SQL) to PostgreSQL's `$n`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export async function verifyAll(
  databaseUrl: string,
): Promise<Array<SchemaAuditVerdict & { service: string }>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const results: Array<SchemaAuditVerdict & { service: string }> = [];
    for (const [service, definition] of Object.entries(SERVICE_DEFINITIONS)) {
      const exists = await client.query(
        `select 1 from information_schema.tables where table_schema = $1 and table_name = 'case_audit'`,
        [definition.schema],
      );
      if (exists.rowCount === 0) continue;
      const verdict = await verifySchemaAuditChains(
        async (sql, params) => (await client.query(numbered(sql), params)).rows,
        definition.schema,
      );
      results.push({ service, ...verdict });
    }
    return results;
  } finally {
    await client.end();
  }
}

async function main() {
  const json = process.argv.includes('--json');
  const results = await verifyAll(
    process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL,
  );
  const broken = results.find((r) => !r.ok);
  if (json) {
    console.log(
      JSON.stringify({
        ok: !broken,
        firstBroken: broken
          ? {
              service: broken.service,
              schema: broken.schema,
              ...broken.firstBroken,
            }
          : null,
        services: results,
      }),
    );
  } else {
    for (const r of results) {
      console.log(
        r.ok
          ? `ok      ${r.service.padEnd(18)} ${r.cases} cases, ${r.rows} rows`
          : `BROKEN  ${r.service.padEnd(18)} ${r.cases} cases, ${r.rows} rows, ${r.broken.length} broken chain(s)`,
      );
      for (const b of r.broken)
        console.log(
          `        ${r.schema}.case_audit id=${b.id} case=${b.caseId} seq=${b.seq}: ${b.reason}`,
        );
    }
    console.log(
      broken
        ? `first broken row: ${broken.schema}.case_audit id=${broken.firstBroken!.id} (case ${broken.firstBroken!.caseId}, seq ${broken.firstBroken!.seq})`
        : 'every audit chain holds',
    );
  }
  process.exit(broken ? 1 : 0);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`audit:verify failed: ${(error as Error).message}`);
    process.exit(2);
  });
}
