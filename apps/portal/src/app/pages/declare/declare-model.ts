/**
 * Declare forms as data: which fields each service asks for, how they are validated
 * (messages name the field), and how a draft becomes the API's `data`.
 * Error keys are the API's own paths (`householdHead.idNumber`, `members.1.name`), so
 * a server 400 with `field` lands next to the same input as a browser check would.
 */

import type { Relation, ServiceCode } from '../../../api/types';
import { checkIdNumber, idNumberMessage } from '../../../lib/id-number';
import {
  attributeLabels,
  educationStageLabels,
  housingGradeLabels,
  housingMethodLabels,
  povertyCauseLabels,
  relationOptions,
} from '../../i18n/zh';

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'integer'
  | 'idNumber'
  | 'phone'
  | 'select'
  | 'checkbox'
  | 'year'
  | 'schoolYear'
  | 'date'
  | 'money'
  | 'triState'
  | 'percentBp'
  | 'household';

export interface FieldDef {
  path: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  options?: { value: string; label: string }[];
  hint?: string;
  /** Fieldset legend the field is grouped under. */
  group?: string;
  max?: number;
  autoComplete?: string;
}

export interface MemberDraft {
  name: string;
  idNumber: string;
  relation: Relation | '';
}

export interface HouseholdRef {
  id: string;
  headName: string;
  townshipCode: string;
  villageCode: string;
}

export interface Draft {
  values: Record<string, string | boolean>;
  /** Household members other than the head (identification only). */
  members: MemberDraft[];
  household?: HouseholdRef | null;
}

export type FieldErrors = Record<string, string>;

const opts = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

const ASSESSMENT = '两不愁三保障（勾选表示已有保障）';
const SURVEY = '入户核验（勾选表示达标）';

const householdField: FieldDef = {
  path: 'householdId',
  label: '农户',
  kind: 'household',
  required: true,
  hint: '只能为本村已建档立卡的农户申报',
};

const yesNoOptions = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
];

/** Field paths follow libs/contracts (`*.schemas.ts`); the gateway rejects unknown keys. */
export const serviceFields: Record<ServiceCode, FieldDef[]> = {
  identification: [
    { path: 'householdHead.name', label: '户主姓名', kind: 'text', required: true, autoComplete: 'off' },
    { path: 'householdHead.idNumber', label: '户主身份证号', kind: 'idNumber', required: true },
    { path: 'phone', label: '联系电话', kind: 'phone', hint: '选填，11 位手机号' },
    {
      path: 'perCapitaNetIncomeYuan',
      label: '家庭人均纯收入（元/年）',
      kind: 'integer',
      required: true,
      max: 100_000_000,
    },
    { path: 'povertyCause', label: '主要致贫原因', kind: 'select', required: true, options: opts(povertyCauseLabels) },
    { path: 'attribute', label: '贫困户属性', kind: 'select', required: true, options: opts(attributeLabels) },
    {
      path: 'housingGrade',
      label: '住房鉴定等级',
      kind: 'select',
      options: opts(housingGradeLabels),
      hint: '选填；C、D 级将自动发起危房改造',
    },
    { path: 'assessment.food', label: '不愁吃', kind: 'checkbox', group: ASSESSMENT },
    { path: 'assessment.clothing', label: '不愁穿', kind: 'checkbox', group: ASSESSMENT },
    { path: 'assessment.medical', label: '基本医疗有保障', kind: 'checkbox', group: ASSESSMENT },
    { path: 'assessment.education', label: '义务教育有保障', kind: 'checkbox', group: ASSESSMENT },
    { path: 'assessment.housing', label: '住房安全有保障', kind: 'checkbox', group: ASSESSMENT },
  ],
  housing: [
    householdField,
    {
      path: 'appraisalGrade',
      label: '危房鉴定等级',
      kind: 'select',
      options: opts(housingGradeLabels),
      hint: '选填，县住建局审核时最终认定；只有 C 级（补助 5,000 元）和 D 级（补助 45,000 元）可以改造',
    },
    { path: 'appraisalReport', label: '鉴定报告编号', kind: 'text', hint: '选填' },
    { path: 'method', label: '改造方式', kind: 'select', options: opts(housingMethodLabels), hint: '选填' },
  ],
  medical: [
    householdField,
    { path: 'patient.name', label: '患者姓名', kind: 'text', required: true, autoComplete: 'off' },
    { path: 'patient.idNumber', label: '患者身份证号', kind: 'idNumber', required: true },
    { path: 'settledOn', label: '一站式结算日期', kind: 'date', required: true, hint: '按结算日期所在年度计算封顶额' },
    {
      path: 'selfPaidFen',
      label: '自付合规医疗费用（元）',
      kind: 'money',
      required: true,
      max: 100_000_000,
      hint: '新农合“一站式”结算后个人自付部分；年度累计 2,000 元以上部分按 50%–80% 救助，每人每年最高 10 万元',
    },
    { path: 'hospital', label: '就诊医院', kind: 'text', hint: '选填' },
    {
      path: 'diagnosis',
      label: '诊断（病种）',
      kind: 'textarea',
      hint: '选填；敏感信息，仅审核人员可见，不会公示',
    },
  ],
  education: [
    householdField,
    { path: 'student.name', label: '学生姓名', kind: 'text', required: true, autoComplete: 'off' },
    { path: 'student.idNumber', label: '学生身份证号', kind: 'idNumber', required: true },
    { path: 'stage', label: '就读学段', kind: 'select', required: true, options: opts(educationStageLabels) },
    { path: 'schoolYear', label: '学年', kind: 'schoolYear', required: true, hint: '如 2019-2020' },
    { path: 'school', label: '就读学校', kind: 'text', required: true },
  ],
  'exit-verification': [
    householdField,
    { path: 'year', label: '退出年度', kind: 'year', required: true },
    {
      path: 'survey.perCapitaNetIncomeYuan',
      label: '家庭人均纯收入（元/年）',
      kind: 'integer',
      required: true,
      max: 100_000_000,
      group: SURVEY,
    },
    { path: 'survey.incomeStable', label: '收入稳定', kind: 'checkbox', group: SURVEY },
    { path: 'survey.noWorryFood', label: '不愁吃', kind: 'checkbox', group: SURVEY },
    { path: 'survey.noWorryClothing', label: '不愁穿', kind: 'checkbox', group: SURVEY },
    { path: 'survey.safeDrinkingWater', label: '饮水安全', kind: 'checkbox', group: SURVEY },
    {
      path: 'survey.noChildOutOfSchool',
      label: '无因贫失学辍学子女',
      kind: 'triState',
      options: yesNoOptions,
      group: SURVEY,
      hint: '家中没有受教育救助的学生时填写',
    },
    { path: 'survey.surveyedOn', label: '核验日期', kind: 'date', required: true, group: SURVEY },
    { path: 'survey.surveyedBy', label: '核验人', kind: 'text', required: true, group: SURVEY },
  ],
};

/**
 * Fields a reviewer may record while approving. The gateway does not flag these in
 * `needs`, so the portal offers them at the county level of the service.
 */
export const reviewFields: Partial<Record<ServiceCode, FieldDef[]>> = {
  housing: [
    {
      path: 'appraisalGrade',
      label: '危房鉴定等级',
      kind: 'select',
      options: opts(housingGradeLabels),
      hint: '县住建局认定；只有 C 级（补助 5,000 元）和 D 级（补助 45,000 元）可以改造',
    },
  ],
  medical: [
    {
      path: 'rateBp',
      label: '救助比例（%）',
      kind: 'percentBp',
      hint: '选填，50–80；不填则按政策分档比例',
    },
  ],
};

export const memberRelationOptions = relationOptions.filter((r) => r !== '户主');

/** Today's date in the county (Beijing time), as YYYY-MM-DD. */
export function beijingDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function emptyDraft(service: ServiceCode, now: Date = new Date()): Draft {
  const values: Record<string, string | boolean> = {};
  for (const f of serviceFields[service]) values[f.path] = f.kind === 'checkbox' ? false : '';
  const today = beijingDate(now);
  const year = Number(today.slice(0, 4));
  if (service === 'education') {
    // A school year starts in September.
    const y = Number(today.slice(5, 7)) >= 9 ? year : year - 1;
    values['schoolYear'] = `${y}-${y + 1}`;
  }
  if (service === 'exit-verification') {
    values['year'] = String(year);
    values['survey.surveyedOn'] = today;
  }
  return { values, members: [], household: null };
}

/** "1234.5" → 123450 fen, without floating point; null when not a money amount. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 123450 fen → "1234.50". */
export function fenToYuanText(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(yuan) : `${yuan}.${String(cents).padStart(2, '0')}`;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * A personal field as the gateway shows it, masked (`2105**********1234`, `***`): an edit form
 * sends it back as it is and the service keeps the stored value.
 */
export const isMaskedValue = (v: unknown): boolean => typeof v === 'string' && v.includes('***');

function validateField(f: FieldDef, raw: string | boolean | undefined): string | null {
  if (f.kind === 'checkbox') return null;
  const v = str(raw);
  if (f.kind === 'household') return v ? null : `请选择${f.label}`;
  if (!v) {
    if (!f.required) return null;
    return f.kind === 'select' ? `请选择${f.label}` : `请填写${f.label}`;
  }
  if (isMaskedValue(v)) return null;
  switch (f.kind) {
    case 'idNumber': {
      const c = checkIdNumber(v);
      return c.ok ? null : idNumberMessage(f.label, c.problem);
    }
    case 'integer':
      if (!/^\d+$/.test(v)) return `${f.label}应为不小于 0 的整数`;
      if (f.max !== undefined && Number(v) > f.max) return `${f.label}不能超过 ${f.max}`;
      return null;
    case 'year':
      if (!/^\d{4}$/.test(v) || Number(v) < 2000 || Number(v) > 2100) return `${f.label}应为四位年份，如 2019`;
      return null;
    case 'schoolYear': {
      const m = /^(\d{4})-(\d{4})$/.exec(v);
      if (!m || Number(m[2]) !== Number(m[1]) + 1) return `${f.label}格式应为“2019-2020”`;
      return null;
    }
    case 'phone':
      if (!/^1\d{10}$/.test(v)) return `${f.label}格式不正确，应为 11 位手机号`;
      return null;
    case 'date': {
      const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      const parsed = d ? new Date(`${v}T00:00:00Z`) : null;
      if (!d || !parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== v)
        return `${f.label}应为有效日期，如 2019-05-03`;
      return null;
    }
    case 'money': {
      const fen = yuanToFen(v);
      if (fen === null) return `${f.label}应为金额，最多两位小数`;
      if (fen <= 0) return `${f.label}应大于 0`;
      if (f.max !== undefined && fen > f.max * 100) return `${f.label}不能超过 ${f.max} 元`;
      return null;
    }
    case 'triState':
      return v === 'yes' || v === 'no' ? null : `请选择${f.label}`;
    case 'percentBp':
      if (!/^\d+(\.\d{1,2})?$/.test(v) || Number(v) < 50 || Number(v) > 80) return `${f.label}应在 50 到 80 之间`;
      return null;
    case 'select':
      if (f.options && !f.options.some((o) => o.value === v)) return `请选择${f.label}`;
      return null;
    default:
      return null;
  }
}

export function validateFields(defs: FieldDef[], values: Record<string, string | boolean>): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of defs) {
    const e = validateField(f, values[f.path]);
    if (e) errors[f.path] = e;
  }
  return errors;
}

/** Every problem with a draft, keyed by API path; empty when it may be sent. */
export function validateDraft(service: ServiceCode, draft: Draft): FieldErrors {
  const errors = validateFields(serviceFields[service], draft.values);
  if (service === 'identification') {
    const headId = str(draft.values['householdHead.idNumber']).toUpperCase();
    const seen = new Map<string, number>();
    draft.members.forEach((m, i) => {
      const n = i + 1; // index in the API's members array; 0 is the head
      const who = `第 ${n} 位家庭成员`;
      if (!str(m.name)) errors[`members.${n}.name`] = `请填写${who}的姓名`;
      if (!m.relation) errors[`members.${n}.relation`] = `请选择${who}与户主的关系`;
      if (isMaskedValue(m.idNumber)) return;
      const c = checkIdNumber(m.idNumber);
      if (!c.ok) errors[`members.${n}.idNumber`] = idNumberMessage(`${who}的身份证号`, c.problem);
      else if (c.normalized === headId) errors[`members.${n}.idNumber`] = `${who}的身份证号与户主相同`;
      else if (seen.has(c.normalized))
        errors[`members.${n}.idNumber`] = `${who}的身份证号与第 ${seen.get(c.normalized)} 位家庭成员相同`;
      else seen.set(c.normalized, n);
    });
  }
  return errors;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const k of keys.slice(0, -1)) {
    if (!node[k] || typeof node[k] !== 'object') node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

function getPath(source: unknown, path: string): unknown {
  let node: unknown = source;
  for (const k of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  return node;
}

/** Converts validated field values into the API's nested, typed shape; blank optionals are left out. */
export function fieldsToData(defs: FieldDef[], values: Record<string, string | boolean>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of defs) {
    const raw = values[f.path];
    if (f.kind === 'checkbox') {
      setPath(data, f.path, raw === true);
      continue;
    }
    const v = str(raw);
    if (!v) continue;
    if (isMaskedValue(v)) {
      setPath(data, f.path, v);
      continue;
    }
    switch (f.kind) {
      case 'integer':
      case 'year':
        setPath(data, f.path, Number(v));
        break;
      case 'percentBp':
        setPath(data, f.path, Math.round(Number(v) * 100));
        break;
      case 'money':
        setPath(data, f.path, yuanToFen(v));
        break;
      case 'triState':
        setPath(data, f.path, v === 'yes');
        break;
      case 'idNumber':
        setPath(data, f.path, v.toUpperCase());
        break;
      default:
        setPath(data, f.path, v);
    }
  }
  return data;
}

/** The `data` of a declare (or edit) request. Call after validateDraft found nothing. */
export function draftToData(service: ServiceCode, draft: Draft): Record<string, unknown> {
  const data = fieldsToData(serviceFields[service], draft.values);
  if (service === 'medical') return { kind: 'relief', ...data };
  if (service === 'identification') {
    const head = data['householdHead'] as { name: string; idNumber: string };
    data['members'] = [
      { name: head.name, idNumber: head.idNumber, relation: '户主' },
      ...draft.members.map((m) => ({
        name: m.name.trim(),
        idNumber: isMaskedValue(m.idNumber) ? m.idNumber.trim() : m.idNumber.trim().toUpperCase(),
        relation: m.relation,
      })),
    ];
  }
  return data;
}

/** A draft filled from an existing case's data, for the `edit` action. */
export function dataToDraft(service: ServiceCode, data: Record<string, unknown>): Draft {
  const draft = emptyDraft(service);
  for (const f of serviceFields[service]) {
    const v = getPath(data, f.path);
    if (f.kind === 'checkbox') draft.values[f.path] = v === true;
    else if (f.kind === 'triState') draft.values[f.path] = v === true ? 'yes' : v === false ? 'no' : '';
    else if (f.kind === 'money' && typeof v === 'number') draft.values[f.path] = fenToYuanText(v);
    else if (v !== undefined && v !== null) draft.values[f.path] = String(v);
  }
  if (service === 'identification' && Array.isArray(data['members'])) {
    draft.members = (data['members'] as { name?: string; idNumber?: string; relation?: string }[])
      .filter((m) => m.relation !== '户主')
      .map((m) => ({
        name: m.name ?? '',
        idNumber: m.idNumber ?? '',
        relation: (m.relation ?? '') as Relation | '',
      }));
  }
  return draft;
}

/**
 * A server's `field` in the form the portal keys errors by:
 * "data.members[1].idNumber" → "members.1.idNumber".
 */
export function normalizeFieldPath(field: string): string {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\.+/, '')
    .replace(/^(body\.)?data\./, '');
}
