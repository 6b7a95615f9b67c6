import { maskIdNumber } from './id-number';

/**
 * Kinds of personal data (个人信息) a case or household holds. Each is masked by default for every
 * role; an official in the case's area reveals one field at a time, on purpose, with a reason.
 */
export const PERSONAL_DATA_KINDS = ['idNumbers', 'income', 'health', 'phone', 'bank'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export const PERSONAL_DATA_KIND_LABELS: Record<PersonalDataKind, string> = {
  idNumbers: '身份证号',
  income: '收入',
  health: '病情与医疗费用',
  phone: '电话',
  bank: '银行账户',
};

/**
 * A personal field of a service's case data, by path: dot-separated keys, `*` for any array index
 * (`members.*.idNumber`).
 */
export interface PersonalField {
  path: string;
  kind: PersonalDataKind;
}

/** A field of one case that was masked: its concrete path (`members.0.idNumber`) and kind. */
export interface MaskedField {
  path: string;
  kind: PersonalDataKind;
}

/** What a hidden value reads as (ID numbers keep their first and last four characters instead). */
export const HIDDEN_VALUE = '***';

/** 18 characters that look like an ID number, wherever they appear in free text. */
const ID_IN_TEXT = /(?<![\dXx])\d{17}[\dXx](?![\dXx])/g;

/** Free text (comments, evidence, objections) with anything that looks like an ID number masked. */
export function maskIdNumbersInText(text: string): string {
  return text.replace(ID_IN_TEXT, (id) => maskIdNumber(id));
}

function maskedValue(kind: PersonalDataKind, value: unknown): unknown {
  if (kind === 'idNumbers' && typeof value === 'string') return maskIdNumber(value);
  return HIDDEN_VALUE;
}

function segmentsMatch(pattern: string[], path: string[]): boolean {
  return pattern.length === path.length && pattern.every((p, i) => p === path[i] || (p === '*' && /^\d+$/.test(path[i])));
}

/** The declared field a concrete path names, if it names one. */
export function personalFieldAt(fields: readonly PersonalField[], path: string): PersonalField | null {
  const segments = path.split('.');
  return fields.find((f) => segmentsMatch(f.path.split('.'), segments)) ?? null;
}

/** Every concrete path of `data` a declared field names, with its value (absent values are skipped). */
export function personalValues(data: unknown, fields: readonly PersonalField[]): Array<MaskedField & { value: unknown }> {
  const found: Array<MaskedField & { value: unknown }> = [];
  for (const field of fields) {
    const walk = (node: unknown, rest: string[], at: string[]) => {
      if (node === null || node === undefined) return;
      if (rest.length === 0) {
        found.push({ path: at.join('.'), kind: field.kind, value: node });
        return;
      }
      const [head, ...tail] = rest;
      if (head === '*') {
        if (Array.isArray(node)) node.forEach((item, i) => walk(item, tail, [...at, String(i)]));
      } else if (typeof node === 'object' && !Array.isArray(node)) {
        walk((node as Record<string, unknown>)[head], tail, [...at, head]);
      }
    };
    walk(data, field.path.split('.'), []);
  }
  return found;
}

function setAt(root: unknown, path: string[], value: unknown): void {
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}

function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * A copy of `data` with every declared personal field masked — ID numbers as `2105**********1234`,
 * everything else as `***` — except the kinds in `disclosed`; and the list of what was masked, so a
 * reader knows which fields it may ask to reveal. The data given is not changed.
 */
export function maskPersonalData<T>(
  data: T,
  fields: readonly PersonalField[],
  disclosed: readonly PersonalDataKind[] = [],
): { data: T; masked: MaskedField[] } {
  const result = copy(data);
  const masked: MaskedField[] = [];
  for (const { path, kind, value } of personalValues(result, fields)) {
    if (disclosed.includes(kind)) continue;
    setAt(result, path.split('.'), maskedValue(kind, value));
    masked.push({ path, kind });
  }
  return { data: result, masked };
}

/**
 * Data sent back by a form that showed masked values (an edit), with each personal field that still
 * holds its masked form replaced by the current value: what the reader never saw, they did not change.
 */
export function restoreMaskedValues<T extends Record<string, unknown>>(
  submitted: T,
  current: Record<string, unknown>,
  fields: readonly PersonalField[],
): T {
  const result = copy(submitted);
  const currentValues = personalValues(current, fields);
  for (const { path, kind, value } of personalValues(result, fields)) {
    // The value at the same path, or else the one value of that kind it is the mask of (a member
    // list whose rows moved); ambiguous masks are left as they are, for validation to refuse.
    const candidates = currentValues.filter((c) => c.kind === kind && c.value !== value && maskedValue(kind, c.value) === value);
    const was = candidates.find((c) => c.path === path) ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (was) setAt(result, path.split('.'), was.value);
  }
  return result;
}
