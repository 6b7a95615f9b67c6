import { maskIdNumber } from '@poverty/policy';
import type { Disclosure } from './evaluation.entities';

/** Which kind of personal field a key names, if any. */
function kindOf(key: string): keyof Disclosure | null {
  if (/idNumber/i.test(key)) return 'idNumbers';
  if (/income|selfPaid|relief|expense/i.test(key)) return 'income';
  if (/illness|disease|diagnos|disabilit|hospital|patientCondition/i.test(key))
    return 'health';
  if (/phone|mobile|contact/i.test(key)) return 'phone';
  if (/bank|account(No|Number)/i.test(key)) return 'bank';
  return null;
}

const HIDDEN = '***';

function maskValue(kind: keyof Disclosure, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (kind === 'idNumbers' && typeof value === 'string')
    return maskIdNumber(value);
  return HIDDEN;
}

/** 18 characters that look like an ID number, wherever they appear in free text. */
const ID_IN_TEXT = /\b\d{17}[\dXx]\b/g;

/**
 * A copy of a verification record with every personal field the engagement does not disclose
 * masked: ID numbers to their masked form, income, health, phone and bank figures to `***`. ID
 * numbers inside free text (comments, evidence) are masked too.
 */
export function maskRecord<T>(value: T, disclosure: Disclosure): T {
  const walk = (node: unknown, inherited: keyof Disclosure | null): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, inherited));
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node as Record<string, unknown>).map(([key, child]) => {
          const kind = kindOf(key) ?? inherited;
          if (
            kind &&
            !disclosure[kind] &&
            (child === null || typeof child !== 'object')
          )
            return [key, maskValue(kind, child)];
          return [key, walk(child, kind && !disclosure[kind] ? kind : null)];
        }),
      );
    }
    if (typeof node === 'string' && !disclosure.idNumbers)
      return node.replace(ID_IN_TEXT, (id) => maskIdNumber(id));
    if (inherited && !disclosure[inherited]) return maskValue(inherited, node);
    return node;
  };
  return walk(value, null) as T;
}

export const NOTHING_DISCLOSED: Disclosure = {
  idNumbers: false,
  income: false,
  health: false,
  phone: false,
  bank: false,
};
