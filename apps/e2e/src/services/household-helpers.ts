import { query } from '@poverty/testing';
import { Api, SHANGBAO, XIAOSHI, identificationCase, nextIdNumber, waitForStage } from '../support/api';

export interface Person {
  name: string;
  idNumber: string;
}

export interface RegisteredHousehold {
  householdId: string;
  head: Person;
  members: Person[];
}

/** Takes a household through 精准识别 to 销号 and waits until every service's roster read model has it. */
export async function registerHousehold(api: Api, databaseUrl: string, options: { housingGrade?: 'A' | 'B' | 'C' | 'D'; members?: number } = {}): Promise<RegisteredHousehold> {
  const head = { name: '王大山', idNumber: nextIdNumber() };
  const names = ['李秀英', '王小山', '王小河'];
  const relations = ['配偶', '子女', '子女'];
  const members = Array.from({ length: options.members ?? 2 }, (_, i) => ({ name: names[i], idNumber: nextIdNumber(), relation: relations[i] }));
  const caseId = await identificationCase(api, 'publicNotice', {
    householdHead: head,
    members,
    ...(options.housingGrade ? { housingGrade: options.housingGrade } : {}),
  });
  await waitForStage(api, caseId, 'acceptance');
  await api.actOk('county.poverty.2', 'identification', caseId, 'recordAcceptance', { data: { check: 'dataComparison', evidence: '信息比对一致' } });
  await api.actOk('county.poverty.2', 'identification', caseId, 'recordAcceptance', { data: { check: 'dataEntry', evidence: '已录入' } });
  const closed = await api.actOk('county.poverty.2', 'identification', caseId, 'accept');
  const householdId: string = closed.householdId;
  for (const schema of ['housing', 'medical', 'education', 'exit_verification']) {
    await waitUntil(async () => (await query(databaseUrl, `select 1 from ${schema}.roster_household where id = $1`, [householdId])).length === 1, `${schema} roster read model`);
  }
  return { householdId, head, members: members.map(({ name, idNumber }) => ({ name, idNumber })) };
}

export async function waitUntil(probe: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Waits for a case of any service to reach a stage (the notice period ends by the durable timer). */
export async function waitForCaseStage(api: Api, service: string, user: string, caseId: string, stage: string) {
  let body: any;
  await waitUntil(async () => {
    body = (await api.get(user, `/${service}/cases/${caseId}`)).body;
    return body.stage === stage;
  }, `${service} case ${caseId} to reach ${stage}`);
  return body;
}

export async function declare(api: Api, service: string, data: Record<string, unknown>, user = 'village.xiaoshi') {
  return api.post(user, `/${service}/cases`, { townshipCode: XIAOSHI, villageCode: SHANGBAO, data });
}

export async function declareOk(api: Api, service: string, data: Record<string, unknown>, user = 'village.xiaoshi') {
  const response = await declare(api, service, data, user);
  if (response.status !== 201) throw new Error(`declare ${service} → ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Acts through a list of [user, action, extra] steps, failing loudly on the first refusal. */
export async function run(api: Api, service: string, caseId: string, steps: Array<[string, string, { comment?: string; data?: unknown }?]>) {
  let last: any;
  for (const [user, action, extra] of steps) last = await api.actOk(user, service, caseId, action, { comment: `${action} by ${user}`, ...extra });
  return last;
}

/** Review chains as the demo users walk them. */
export const CHAINS = {
  housing: [['village.xiaoshi.2', 'approve'], ['township.xiaoshi', 'approve']] as Array<[string, string]>,
  education: [['village.xiaoshi.2', 'approve'], ['township.xiaoshi', 'approve'], ['county.education', 'approve']] as Array<[string, string]>,
  medical: [['township.xiaoshi', 'approve']] as Array<[string, string]>,
  exit: [['village.xiaoshi.2', 'approve'], ['township.xiaoshi', 'approve']] as Array<[string, string]>,
};

export function exitSurvey(overrides: Record<string, unknown> = {}) {
  return {
    perCapitaNetIncomeYuan: 4200,
    incomeStable: true,
    noWorryFood: true,
    noWorryClothing: true,
    safeDrinkingWater: true,
    surveyedOn: '2019-10-15',
    surveyedBy: '李明',
    ...overrides,
  };
}

export const yuan = (n: number) => n * 100;
