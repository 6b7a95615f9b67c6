import type { ExitData } from '@poverty/contracts';
import { EDUCATION_STAGE_LABELS, evaluateExitChecklist, isEducationStage, type CountyPolicy, type ExitChecklist, type ExitChecklistEvaluation } from '@poverty/policy';
import type { EducationAidedEvent, HousingStatusEvent, InsuranceStatusEvent } from '@poverty/contracts';

/** An item reported by another service, as stored in `checklist_item`. */
export interface ReportedItem {
  item: 'safeHousing' | 'basicMedical' | 'compulsoryEducation';
  met: boolean;
  source: string;
  at: string;
}

const HOUSING_REASONS: Record<HousingStatusEvent['reason'], string> = {
  registered: '建档立卡房屋鉴定',
  renovationOpened: '危房改造审定',
  renovated: '危房改造竣工验收并入住',
};

export function fromHousing(e: HousingStatusEvent): ReportedItem {
  const grade = e.grade ? `${e.grade}级` : '未鉴定';
  return { item: 'safeHousing', met: e.safe, source: `县住建局：${HOUSING_REASONS[e.reason]}（${grade}）`, at: e.at };
}

export function fromInsurance(e: InsuranceStatusEvent): ReportedItem {
  return {
    item: 'basicMedical',
    met: e.allEnrolled,
    source: `县医保局：${e.year}年参加新农合和大病保险 ${e.enrolledCount}/${e.memberCount} 人`,
    at: e.at,
  };
}

export function fromEducation(e: EducationAidedEvent): ReportedItem {
  const stage = isEducationStage(e.stage) ? EDUCATION_STAGE_LABELS[e.stage] : e.stage;
  return { item: 'compulsoryEducation', met: true, source: `县教育局：${e.schoolYear}学年 ${stage} 在校并获资助`, at: e.at };
}

/**
 * The household's checklist: the village's survey for income, food, clothing and water (and, for a
 * household the education service has not reported on, no child out of school), the services'
 * reports for housing, medical and education.
 */
export function assembleChecklist(policy: CountyPolicy, survey: ExitData['survey'], reported: ReportedItem[]): ExitChecklist {
  const source = `村级入户调查（${survey.surveyedBy}，${survey.surveyedOn}）`;
  const at = survey.surveyedOn;
  const checklist: ExitChecklist = {
    incomeAboveLine: { met: survey.incomeStable && survey.perCapitaNetIncomeYuan > policy.povertyLineYuanPerCapita, source, at },
    noWorryFood: { met: survey.noWorryFood, source, at },
    noWorryClothing: { met: survey.noWorryClothing, source, at },
    safeDrinkingWater: { met: survey.safeDrinkingWater, source, at },
    ...(survey.noChildOutOfSchool !== undefined ? { compulsoryEducation: { met: survey.noChildOutOfSchool, source, at } } : {}),
  };
  for (const r of reported) checklist[r.item] = { met: r.met, source: r.source, at: r.at };
  return checklist;
}

/** The county's refusal text: every unmet item by its label. */
export function unmetMessage(evaluation: ExitChecklistEvaluation): string {
  const items = evaluation.unmet.map((u) => `${u.label}（${REASON_LABELS[u.reason]}）`).join('；');
  return `脱贫退出条件未全部达到，不能审定：${items} / The exit checklist is not complete: ${evaluation.unmet.map((u) => u.item).join(', ')}`;
}

const REASON_LABELS = { missing: '无记录', notMet: '未达到', evidenceIncomplete: '佐证不全' } as const;
