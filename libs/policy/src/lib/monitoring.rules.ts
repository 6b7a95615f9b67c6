import { deepFreeze } from './deep-freeze';
import type { EducationStage } from './education.rules';
import { formatFen } from './money';
import { getPolicyById, type CountyPolicy } from './policy-versions';

/**
 * 防返贫监测 (monitoring against a return to poverty): the rules that raise a risk flag on a
 * household from what the other services record, as policy data per county policy version. The
 * 2019 plan names the aim (脱贫不返贫; 重点解决因病因房返贫; 不因学返贫) but no thresholds: the
 * figures below are the county poverty office's, marked as such.
 */
export interface MonitoringPolicy {
  /** The county policy version these rules belong to. */
  readonly policyId: string;
  /** Roster statuses that are watched (已脱贫 households, and those who already returned). */
  readonly watchedStatuses: readonly string[];
  /** 因病: a person's compliant self-paid medical costs in one year at or above this, in fen. */
  readonly medicalSelfPaidFenPerYear: number;
  /** 因房: appraisal grades that count as a dangerous house. */
  readonly dangerousHouseGrades: readonly string[];
  /** 收入: per-capita income at a survey within this share above the poverty line, in basis points. */
  readonly incomeMarginBp: number;
  /** 因学: school stages whose costs are a burden (an award for one of them raises a flag). */
  readonly educationBurdenStages: readonly EducationStage[];
  /** Days the village has to record a 帮扶措施 for a flag. */
  readonly followUpDays: number;
}

export const MONITORING_RULE_CODES = ['medicalCosts', 'dangerousHouse', 'incomeNearLine', 'educationBurden'] as const;
export type MonitoringRuleCode = (typeof MONITORING_RULE_CODES)[number];

export const MONITORING_RULE_LABELS: Record<MonitoringRuleCode, string> = {
  medicalCosts: '因病：年度自付医疗费用较高',
  dangerousHouse: '因房：新发现 C/D 级危房',
  incomeNearLine: '收入：核验收入接近贫困线',
  educationBurden: '因学：新增就学负担',
};

const MONITORING_POLICIES: readonly MonitoringPolicy[] = deepFreeze([
  {
    policyId: 'benxi-210521-2019',
    watchedStatuses: ['exited', 'returnedToPoverty'],
    // County poverty office's figures, not from the plan (the plan relieves costs over 2,000 yuan).
    medicalSelfPaidFenPerYear: 10_000_00,
    dangerousHouseGrades: ['C', 'D'],
    incomeMarginBp: 1_000,
    educationBurdenStages: ['seniorHigh', 'vocational', 'university', 'juniorCollege'],
    followUpDays: 15,
  },
]);

/** The monitoring rules of a county policy version (the first version's when it has none of its own). */
export function monitoringPolicy(policyId: string): MonitoringPolicy {
  return MONITORING_POLICIES.find((p) => p.policyId === policyId) ?? { ...MONITORING_POLICIES[0], policyId };
}

/** What another service recorded about a household, as the monitoring rules read it. */
export type MonitoringSignal =
  | { kind: 'medicalCosts'; year: number; selfPaidFenThisYear: number }
  | { kind: 'housing'; grade: string | null; safe: boolean }
  | { kind: 'survey'; year: number; perCapitaNetIncomeYuan: number }
  | { kind: 'education'; stage: string; schoolYear: string };

/** A risk flag a rule raised: which rule, the figures it compared, and why, in words. */
export interface RiskFinding {
  rule: MonitoringRuleCode;
  label: string;
  figures: Record<string, number | string>;
  reason: string;
}

/**
 * The flag a signal raises on a watched household under the county's rules, or null. The reason
 * names the rule's threshold; the household's own figures stay in `figures` (personal data, masked
 * like a case's personal fields wherever a flag is shown).
 */
export function evaluateMonitoringSignal(rules: MonitoringPolicy, county: CountyPolicy, signal: MonitoringSignal): RiskFinding | null {
  switch (signal.kind) {
    case 'medicalCosts':
      if (signal.selfPaidFenThisYear < rules.medicalSelfPaidFenPerYear) return null;
      return {
        rule: 'medicalCosts',
        label: MONITORING_RULE_LABELS.medicalCosts,
        figures: { year: signal.year, selfPaidFenThisYear: signal.selfPaidFenThisYear, thresholdFen: rules.medicalSelfPaidFenPerYear },
        reason: `${signal.year} 年个人自付合规医疗费用达到 ${formatFen(rules.medicalSelfPaidFenPerYear)} 元以上`,
      };
    case 'housing':
      if (signal.safe || !signal.grade || !rules.dangerousHouseGrades.includes(signal.grade)) return null;
      return {
        rule: 'dangerousHouse',
        label: MONITORING_RULE_LABELS.dangerousHouse,
        figures: { grade: signal.grade },
        reason: `住房鉴定为 ${signal.grade} 级危房`,
      };
    case 'survey': {
      const line = county.povertyLineYuanPerCapita;
      const ceiling = Math.floor((line * (10_000 + rules.incomeMarginBp)) / 10_000);
      if (signal.perCapitaNetIncomeYuan > ceiling) return null;
      return {
        rule: 'incomeNearLine',
        label: MONITORING_RULE_LABELS.incomeNearLine,
        figures: { year: signal.year, perCapitaNetIncomeYuan: signal.perCapitaNetIncomeYuan, povertyLineYuan: line, ceilingYuan: ceiling },
        reason: `人均纯收入不高于贫困线 ${line} 元的 ${(10_000 + rules.incomeMarginBp) / 100}%（${ceiling} 元）`,
      };
    }
    case 'education':
      if (!(rules.educationBurdenStages as readonly string[]).includes(signal.stage)) return null;
      return {
        rule: 'educationBurden',
        label: MONITORING_RULE_LABELS.educationBurden,
        figures: { stage: signal.stage, schoolYear: signal.schoolYear },
        reason: `新增${signal.schoolYear}学年在读学生（${signal.stage}）`,
      };
  }
}

/** The county policy a monitoring policy belongs to. */
export const countyPolicyOf = (rules: MonitoringPolicy): CountyPolicy => getPolicyById(rules.policyId);
