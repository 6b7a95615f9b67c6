import { MikroORM } from '@mikro-orm/postgresql';
import { migrate } from '@poverty/persistence';
import { CaseApplication, serviceOrmConfig } from '@poverty/service-kit';
import { query, recreateDatabase } from '@poverty/testing';
import { identificationDefinition } from './identification.definition';
import { countyOfficer, declarer, householdDeclaration, townshipReviewer, value, villageReviewer } from './identification-spec-support';

/**
 * The timer scheduler's batch against the real PostgreSQL: timers are claimed with their cases in
 * one statement, so a case with two due timers must not have the second decided on the case as it
 * was before the first.
 */
describe('firing due timers', () => {
  let orm: MikroORM;
  let databaseUrl: string;
  let cases: CaseApplication;
  let nowMs = Date.now();

  beforeAll(async () => {
    databaseUrl = await recreateDatabase('poverty_timer_spec');
    const config = { ...serviceOrmConfig(identificationDefinition), clientUrl: databaseUrl };
    await migrate(config);
    orm = await MikroORM.init({ ...config, pool: { min: 0, max: 2 } });
    cases = new CaseApplication(identificationDefinition, orm, { now: () => new Date(nowMs) });
  });

  afterAll(async () => {
    await orm.close(true);
  });

  it('decides one due timer of a case per poll, and the next poll finds the other stale', async () => {
    const declared = value(await cases.declare(declarer, householdDeclaration(710_001), 'c-declare'));
    let version = declared.version;
    for (const [actor, action] of [[declarer, 'submit'], [villageReviewer, 'approve'], [townshipReviewer, 'approve'], [countyOfficer, 'approve']] as const) {
      version = value(await cases.act(actor, { caseId: declared.id, action, expectedVersion: version }, `c-${action}`)).version;
    }
    // A second due timer for the same case, as a bug or a future policy might leave one.
    await query(databaseUrl, `insert into identification.case_timer (key, case_id, due_at, event)
      select key || ':copy', case_id, due_at, event from identification.case_timer where case_id = $1`, [declared.id]);
    nowMs += 366 * 24 * 3_600_000; // every notice period has ended

    expect(await cases.fireDueTimers()).toBe(2);
    const [afterFirst] = await query(databaseUrl, 'select stage, version from identification.case_record where id = $1', [declared.id]);
    expect(afterFirst).toEqual({ stage: 'acceptance', version: version + 1 });

    expect(await cases.fireDueTimers()).toBe(1);
    const timers = await query(databaseUrl, 'select key, outcome from identification.case_timer where case_id = $1 order by key', [declared.id]);
    expect(timers.map((t) => t.outcome)).toEqual(['fired: acceptance', expect.stringMatching(/^ignored: /)]);
    const [afterSecond] = await query(databaseUrl, 'select version from identification.case_record where id = $1', [declared.id]);
    expect(afterSecond.version).toBe(version + 1);
    expect(await cases.fireDueTimers()).toBe(0);
  });
});
