/**
 * @poverty/policy — the county's policy data and the pure rules computed from it: identity numbers,
 * administrative units, versioned policy figures, and the housing, medical, education,
 * identification, exit and evaluation rules. No I/O; safe in services, the gateway and the portal.
 */

export {
  BP_PER_WHOLE,
  FEN_PER_YUAN,
  applyRateBp,
  formatBp,
  formatFen,
  isFen,
  ratioBp,
  yuanToFen,
} from './lib/money';
export type { FormatFenOptions } from './lib/money';

export {
  idCheckDigit,
  isCalendarDate,
  maskIdNumber,
  syntheticIdNumber,
  validateIdNumber,
} from './lib/id-number';
export type {
  IdNumberErrorReason,
  IdNumberValidation,
  Sex,
  SyntheticIdNumberOptions,
  ValidateIdNumberOptions,
} from './lib/id-number';

export {
  BENXI_COUNTY,
  TOWNSHIP_KIND_LABELS,
  findTownship,
  findVillage,
  townshipOfVillage,
} from './lib/admin-units';
export type {
  County,
  Township,
  TownshipKind,
  Village,
} from './lib/admin-units';

export {
  BENXI_2019,
  BENXI_2020,
  CURRENT_POLICY_YEAR,
  InvalidPolicyError,
  POLICIES,
  PolicyNotFoundError,
  countyDate,
  currentPolicy,
  defineCountyPolicy,
  getPolicy,
  getPolicyById,
  policyInForce,
  validateCountyPolicy,
} from './lib/policy-versions';
export type {
  CountyPolicy,
  MedicalRateTier,
  PolicyClauses,
} from './lib/policy-versions';

export { citation, refusal } from './lib/rule-result';
export type { ComputedAmount, RuleRefusal } from './lib/rule-result';

export {
  HOUSING_GRADES,
  HOUSING_GRADE_LABELS,
  appraiseHousingSubsidy,
  isDangerousHouseGrade,
  isHousingGrade,
} from './lib/housing.rules';
export type {
  HousingGrade,
  HousingRefusalCode,
  HousingSubsidyResult,
} from './lib/housing.rules';

export {
  computeMedicalRelief,
  medicalRateForYearTotal,
} from './lib/medical.rules';
export type {
  MedicalRefusalCode,
  MedicalRelief,
  MedicalReliefInput,
  MedicalReliefResult,
} from './lib/medical.rules';

export {
  EDUCATION_STAGES,
  EDUCATION_STAGE_LABELS,
  computeEducationAid,
  educationAwardKey,
  isEducationStage,
  isSchoolYear,
  schoolYearOf,
} from './lib/education.rules';
export type {
  EducationAidResult,
  EducationAwardKeyOptions,
  EducationRefusalCode,
  EducationStage,
} from './lib/education.rules';

export {
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_ATTRIBUTE_LABELS,
  POVERTY_CAUSES,
  POVERTY_CAUSE_LABELS,
  ROSTER_STATUSES,
  ROSTER_STATUS_LABELS,
  assessIdentification,
  isHouseholdAttribute,
  isPovertyCause,
  isRosterStatus,
} from './lib/identification.rules';
export type {
  HouseholdAttribute,
  IdentificationInput,
  IdentificationRefusalCode,
  IdentificationResult,
  PovertyCause,
  RosterStatus,
} from './lib/identification.rules';

export {
  EXIT_CHECKLIST_ITEMS,
  EXIT_CHECKLIST_ITEM_INFO,
  evaluateExitChecklist,
  exitChecklistItemLabel,
  isExitChecklistItem,
} from './lib/exit.rules';
export type {
  ExitChecklist,
  ExitChecklistEntry,
  ExitChecklistEvaluation,
  ExitChecklistItem,
  ExitChecklistItemInfo,
  ExitItemShortfall,
} from './lib/exit.rules';

export { computeThreeRatesOneDegree } from './lib/evaluation.rules';
export type {
  EvaluatedRate,
  EvaluationCounts,
  EvaluationRefusalCode,
  ThreeRatesOneDegree,
} from './lib/evaluation.rules';

export {
  HIDDEN_VALUE,
  PERSONAL_DATA_KINDS,
  PERSONAL_DATA_KIND_LABELS,
  maskIdNumbersInText,
  maskPersonalData,
  personalFieldAt,
  personalValues,
  restoreMaskedValues,
} from './lib/personal-data';
export type { MaskedField, PersonalDataKind, PersonalField } from './lib/personal-data';

export {
  MONITORING_RULE_CODES,
  MONITORING_RULE_LABELS,
  countyPolicyOf,
  evaluateMonitoringSignal,
  monitoringPolicy,
} from './lib/monitoring.rules';
export type { MonitoringPolicy, MonitoringRuleCode, MonitoringSignal, RiskFinding } from './lib/monitoring.rules';
