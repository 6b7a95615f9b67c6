/** Chinese labels for every code the gateway sends. Unknown codes fall back to the code itself. */

import type {
  DepartmentCode,
  EducationStage,
  HouseholdAttribute,
  HouseholdStatus,
  HousingGrade,
  LevelCode,
  ObjectionOutcome,
  PovertyCause,
  Relation,
  ReturnTo,
  RoleCode,
  ServiceCode,
  StageCode,
  ExitVerdict,
} from '../../api/types';

export const serviceLabels: Record<ServiceCode, string> = {
  identification: '精准识别',
  housing: '危房改造',
  medical: '医疗救助',
  education: '教育救助',
  'exit-verification': '脱贫退出',
};

export const stageLabels: Record<StageCode, string> = {
  application: '申报',
  review: '审核',
  publicNotice: '公示',
  acceptance: '验收',
  closed: '销号',
  rejected: '驳回',
  withdrawn: '撤回',
};

export const levelLabels: Record<LevelCode, string> = {
  village: '村',
  township: '乡镇',
  county: '县',
};

/** Level ids in history rows that are not review levels. */
const otherLevelLabels: Record<string, string> = {
  declarer: '申报',
  acceptance: '验收',
};

export const roleLabels: Record<RoleCode, string> = {
  village_officer: '村级经办',
  township_reviewer: '乡镇审核',
  county_officer: '县直部门',
  evaluator: '第三方评估',
  auditor: '审计',
  admin: '系统管理员',
};

const otherRoleLabels: Record<string, string> = {
  public: '公众',
  system: '系统',
};

export const departmentLabels: Record<DepartmentCode, string> = {
  poverty_office: '县扶贫办',
  housing_bureau: '县住建局',
  medical_security: '县医保局',
  education_bureau: '县教育局',
  civil_affairs: '县民政局',
  finance: '县财政局',
};

export const actionLabels: Record<string, string> = {
  declare: '申报',
  create: '申报',
  submit: '提交',
  edit: '修改',
  withdraw: '撤回',
  approve: '同意',
  return: '退回',
  reject: '驳回',
  resolveObjection: '处理异议',
  recordAcceptance: '登记验收',
  accept: '验收通过',
  rectify: '整改',
  objection: '提出异议',
  fileObjection: '提出异议',
  noticeStarted: '开始公示',
  noticeEnded: '公示期满',
  'notice.elapsed': '公示期满',
  close: '销号',
};

export const stateLabels: Record<string, string> = {
  draft: '草稿',
  application: '申报中',
  returnedToApplicant: '退回申报人',
  review: '审核中',
  villageReview: '村级审核',
  townshipReview: '乡镇审核',
  countyReview: '县级审核',
  publicNotice: '公示中',
  'publicNotice.running': '公示中',
  'publicNotice.onHold': '异议待处理（公示暂停）',
  running: '公示中',
  noticeRunning: '公示中',
  objectionPending: '异议待处理',
  onHold: '异议待处理（公示暂停）',
  acceptance: '验收中',
  rectifying: '整改中',
  closed: '已销号',
  rejected: '已驳回',
  withdrawn: '已撤回',
};

export const relationOptions: Relation[] = ['户主', '配偶', '子女', '父母', '孙子女', '兄弟姐妹', '其他'];

export const povertyCauseLabels: Record<PovertyCause, string> = {
  illness: '因病',
  disability: '因残',
  schooling: '因学',
  disaster: '因灾',
  lackOfLand: '缺土地',
  lackOfWater: '缺水',
  lackOfSkills: '缺技术',
  lackOfLabour: '缺劳力',
  lackOfFunds: '缺资金',
  poorTransport: '交通条件落后',
  lackOfMotivation: '自身发展动力不足',
  marriage: '因婚',
  other: '其他',
};

export const attributeLabels: Record<HouseholdAttribute, string> = {
  general: '一般贫困户',
  minimumLiving: '低保贫困户',
  destitute: '特困供养贫困户',
};

export const housingGradeLabels: Record<HousingGrade, string> = {
  A: 'A 级（安全）',
  B: 'B 级（基本安全）',
  C: 'C 级（局部危险）',
  D: 'D 级（整栋危险）',
};

export const educationStageLabels: Record<EducationStage, string> = {
  seniorHigh: '高中',
  vocational: '中职/高职',
  university: '大学本科',
  juniorCollege: '专科',
  boardingJuniorHigh: '初中寄宿生',
  boardingPrimary: '小学寄宿生',
  preschool: '在园幼儿',
  nonBoarding: '非寄宿生',
};

export const housingMethodLabels: Record<'rebuild' | 'repair', string> = {
  rebuild: '拆除重建',
  repair: '修缮加固',
};

export const caseOriginLabels: Record<string, string> = {
  village: '村级申报',
  roster: '建档时发现（发现一户解决一户）',
};

export const exitChecklistLabels: Record<string, string> = {
  incomeAboveLine: '收入稳定超过扶贫标准',
  noWorryFood: '不愁吃',
  noWorryClothing: '不愁穿',
  basicMedical: '基本医疗有保障',
  compulsoryEducation: '义务教育有保障',
  safeHousing: '住房安全有保障',
  safeDrinkingWater: '饮水安全',
};

export const householdStatusLabels: Record<HouseholdStatus, string> = {
  notExited: '未脱贫',
  exited: '已脱贫',
  returnedToPoverty: '返贫',
};

export const objectionStatusLabels: Record<string, string> = {
  open: '待处理',
  pending: '待处理',
  upheld: '异议成立',
  dismissed: '异议不成立',
};

export const objectionOutcomeLabels: Record<ObjectionOutcome, string> = {
  upheld: '异议成立',
  dismissed: '异议不成立，恢复公示',
};

export const objectionThenLabels: Record<'review' | 'rejected', string> = {
  review: '退回重新审核',
  rejected: '驳回申请',
};

export const returnToLabels: Record<ReturnTo, string> = {
  applicant: '申报人',
  previous: '上一级',
};

/** A sampled exited household's verdict (`exitVerdict` of a finding). */
export const exitVerdictLabels: Record<ExitVerdict, string> = {
  correct: '退出准确',
  wronglyExited: '错退（不应退出）',
};

export const acceptanceCheckLabels: Record<string, string> = {
  dataComparison: '县级信息比对',
  dataEntry: '建档立卡信息录入',
  completionInspection: '竣工联合验收',
  jointInspection: '竣工联合验收',
  moveIn: '入住',
  movedIn: '入住',
  payment: '资金拨付确认',
  paymentConfirmed: '资金拨付确认',
  consent: '户主签字确认',
  consentSigned: '户主签字确认',
  countyCheck: '县级核查',
  thirdPartySampling: '第三方抽查',
};

/** Labels for case `data` fields, by dotted path; array indexes are dropped before lookup. */
export const dataFieldLabels: Record<string, string> = {
  kind: '类别',
  householdId: '农户编号',
  townshipCode: '乡镇代码',
  villageCode: '村代码',
  householdHead: '户主',
  'householdHead.name': '户主姓名',
  'householdHead.idNumber': '户主身份证号',
  members: '家庭成员',
  'members.name': '姓名',
  'members.idNumber': '身份证号',
  'members.relation': '与户主关系',
  perCapitaNetIncomeYuan: '家庭人均纯收入（元/年）',
  povertyCause: '主要致贫原因',
  attribute: '贫困户属性',
  assessment: '两不愁三保障',
  'assessment.food': '不愁吃',
  'assessment.clothing': '不愁穿',
  'assessment.medical': '基本医疗有保障',
  'assessment.education': '义务教育有保障',
  'assessment.housing': '住房安全有保障',
  phone: '联系电话',
  housingGrade: '住房鉴定等级',
  year: '年度',
  appraisalGrade: '危房鉴定等级',
  appraisalReport: '鉴定报告编号',
  method: '改造方式',
  origin: '来源',
  household: '建档信息',
  'household.headName': '户主',
  'household.size': '家庭人口',
  'household.status': '脱贫状态',
  subsidy: '补助核定',
  'subsidy.grade': '鉴定等级',
  'subsidy.amountFen': '补助金额',
  'subsidy.rule': '依据',
  'subsidy.policyId': '政策版本',
  patient: '患者',
  'patient.name': '患者姓名',
  'patient.idNumber': '患者身份证号',
  settledOn: '一站式结算日期',
  selfPaidFen: '自付合规医疗费用',
  rateBp: '救助比例',
  hospital: '就诊医院',
  diagnosis: '诊断（病种）',
  relief: '救助核定',
  'relief.amountFen': '救助金额',
  'relief.rateBp': '救助比例',
  'relief.uncappedFen': '封顶前金额',
  'relief.cappedBy': '封顶扣减',
  'relief.remainingCapFen': '本年剩余封顶额',
  'relief.priorSelfPaidFen': '本年此前自付',
  'relief.priorReliefFen': '本年此前救助',
  'relief.rule': '依据',
  student: '学生',
  'student.name': '学生姓名',
  'student.idNumber': '学生身份证号',
  stage: '就读学段',
  schoolYear: '学年',
  school: '就读学校',
  survey: '入户核验',
  'survey.perCapitaNetIncomeYuan': '家庭人均纯收入（元/年）',
  'survey.incomeStable': '收入稳定',
  'survey.noWorryFood': '不愁吃',
  'survey.noWorryClothing': '不愁穿',
  'survey.safeDrinkingWater': '饮水安全',
  'survey.noChildOutOfSchool': '无因贫失学辍学',
  'survey.surveyedOn': '核验日期',
  'survey.surveyedBy': '核验人',
  checklist: '退出条件核验',
  unmet: '未达标项',
  'unmet.item': '项目',
  'unmet.label': '条件',
  'unmet.reason': '原因',
};

/** Kinds of personal data the gateway masks (libs/policy personal-data.ts). */
export const personalDataKindLabels: Record<string, string> = {
  idNumbers: '身份证号',
  income: '收入',
  health: '病情与医疗费用',
  phone: '电话',
  bank: '银行账户',
};

export const yesNo = (v: boolean): string => (v ? '是' : '否');

/** Looks a code up in a label map, falling back to the code. */
export function label(map: Record<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  return map[code] ?? code;
}

/** A machine state like "review.township" → "审核 · 乡镇" when it is not in the map. */
export function stateLabel(state: string | null | undefined): string {
  if (!state) return '—';
  if (stateLabels[state]) return stateLabels[state];
  const segments = state.split('.');
  // "review.township" → "乡镇级审核"
  if (segments.length === 2 && stageLabels[segments[0] as StageCode] && levelLabels[segments[1] as LevelCode]) {
    return `${levelLabels[segments[1] as LevelCode]}级${stageLabels[segments[0] as StageCode]}`;
  }
  if (segments.length > 1) {
    return segments
      .map(
        (s) =>
          stateLabels[s] ??
          (stageLabels as Record<string, string>)[s] ??
          (levelLabels as Record<string, string>)[s] ??
          s,
      )
      .join(' · ');
  }
  return (stageLabels as Record<string, string>)[state] ?? state;
}

/** The state, plus the acting level when the state's own label does not already say it. */
export function stateWithLevel(state: string | null | undefined, level: string | null | undefined): string {
  const s = stateLabel(state);
  if (!level || !(level in levelLabels)) return s;
  const lv = levelLabels[level as LevelCode];
  return s.includes(lv) ? s : `${s}（${lv}级）`;
}

export const serviceLabel = (s: string | null | undefined) => label(serviceLabels, s);
export const stageLabel = (s: string | null | undefined) => label(stageLabels, s);
export const levelLabel = (s: string | null | undefined) => label({ ...otherLevelLabels, ...levelLabels }, s);
export const roleLabel = (s: string | null | undefined) => label({ ...otherRoleLabels, ...roleLabels }, s);
export const actionLabel = (s: string | null | undefined) => label(actionLabels, s);
