/**
 * 脱贫退出 (exit from the roster), plan clause 一(四): 两不愁、三保障, per-capita net income stably above
 * the national line, safe housing, safe drinking water, no child out of school for poverty, and
 * enrolment in 新农合. A household exits only when every item is met and evidenced.
 */

import { formatFen, yuanToFen } from './money';
import type { CountyPolicy } from './policy-versions';

/** Items of the exit checklist. */
export const EXIT_CHECKLIST_ITEMS = [
  'incomeAboveLine',
  'noWorryFood',
  'noWorryClothing',
  'basicMedical',
  'compulsoryEducation',
  'safeHousing',
  'safeDrinkingWater',
] as const;

/** An exit checklist item. */
export type ExitChecklistItem = (typeof EXIT_CHECKLIST_ITEMS)[number];

/** What an item means, in Chinese, and where the plan states it. */
export interface ExitChecklistItemInfo {
  readonly label: string;
  readonly clause: string;
}

/** Chinese label of each checklist item and the clause of the 2019 plan that states it. */
export const EXIT_CHECKLIST_ITEM_INFO: Readonly<
  Record<ExitChecklistItem, ExitChecklistItemInfo>
> = {
  incomeAboveLine: {
    label: '年人均纯收入稳定超过国家扶贫标准',
    clause: '一(四)',
  },
  noWorryFood: { label: '不愁吃', clause: '一(四)' },
  noWorryClothing: { label: '不愁穿', clause: '一(四)' },
  basicMedical: {
    label: '基本医疗有保障（参加新农合和大病保险）',
    clause: '一(四)、二(二)',
  },
  compulsoryEducation: {
    label: '义务教育有保障（无因贫辍学学生）',
    clause: '一(四)、二(三)',
  },
  safeHousing: {
    label: '住房安全有保障（无未改造的C、D级危房）',
    clause: '一(四)、二(四)',
  },
  safeDrinkingWater: { label: '有安全饮水', clause: '一(四)' },
};

/** Evidence for one item: whether it is met, who or what says so, and when (ISO-8601). */
export interface ExitChecklistEntry {
  readonly met: boolean;
  readonly source: string;
  readonly at: string;
}

/** A household's checklist; items not yet assessed are simply absent. */
export type ExitChecklist = Partial<
  Record<ExitChecklistItem, ExitChecklistEntry>
>;

/** Why an item is unmet: absent, assessed as not met, or marked met without usable evidence. */
export type ExitItemShortfall = 'missing' | 'notMet' | 'evidenceIncomplete';

/** Outcome of {@link evaluateExitChecklist}. */
export interface ExitChecklistEvaluation {
  readonly complete: boolean;
  readonly unmet: ReadonlyArray<{
    readonly item: ExitChecklistItem;
    readonly label: string;
    readonly reason: ExitItemShortfall;
  }>;
  readonly policyId: string;
}

/** True for one of {@link EXIT_CHECKLIST_ITEMS}. */
export function isExitChecklistItem(
  value: unknown,
): value is ExitChecklistItem {
  return (
    typeof value === 'string' &&
    (EXIT_CHECKLIST_ITEMS as readonly string[]).includes(value)
  );
}

/** The item's label under a policy; the income item names the year's line, e.g. `…（2019年 3,218元）`. */
export function exitChecklistItemLabel(
  policy: CountyPolicy,
  item: ExitChecklistItem,
): string {
  const { label } = EXIT_CHECKLIST_ITEM_INFO[item];
  if (item !== 'incomeAboveLine') {
    return label;
  }
  return `${label}（${policy.year}年 ${formatFen(yuanToFen(policy.povertyLineYuanPerCapita), { compact: true })}）`;
}

/**
 * Whether a household meets every exit item. An item counts as met only when present, `met: true`,
 * with a non-blank `source` and a parseable ISO-8601 `at`; unmet items are listed in checklist order.
 */
export function evaluateExitChecklist(
  policy: CountyPolicy,
  checklist: ExitChecklist,
): ExitChecklistEvaluation {
  const unmet = EXIT_CHECKLIST_ITEMS.flatMap((item) => {
    const reason = shortfall(checklist[item]);
    return reason
      ? [{ item, label: exitChecklistItemLabel(policy, item), reason }]
      : [];
  });
  return { complete: unmet.length === 0, unmet, policyId: policy.id };
}

function shortfall(
  entry: ExitChecklistEntry | undefined,
): ExitItemShortfall | null {
  if (!entry) return 'missing';
  if (entry.met !== true) return 'notMet';
  const evidenced =
    typeof entry.source === 'string' &&
    entry.source.trim() !== '' &&
    typeof entry.at === 'string' &&
    /^\d{4}-\d{2}-\d{2}/.test(entry.at) &&
    !Number.isNaN(Date.parse(entry.at));
  return evidenced ? null : 'evidenceIncomplete';
}
