import type { Actor } from '@poverty/workflow';

/** The password every demo account starts with (printed by `npm start`). */
export const DEMO_PASSWORD = 'Demo@2019';

const XIAOSHI = '210521100000';
const SHANGBAO = '210521100201';
const CAOHEZHANG = '210521101000';

/** One demo account per role, in 小市镇 上堡村 unless said otherwise. */
export const DEMO_ACCOUNTS: Array<Omit<Actor, 'userId'> & { username: string; displayName: string }> = [
  { username: 'village.xiaoshi', displayName: '上堡村 村两委 王建国', roles: ['village_officer'], townshipCode: XIAOSHI, villageCode: SHANGBAO },
  { username: 'village.xiaoshi.2', displayName: '上堡村 驻村工作队 李明', roles: ['village_officer'], townshipCode: XIAOSHI, villageCode: SHANGBAO },
  { username: 'township.xiaoshi', displayName: '小市镇 审核员 张丽', roles: ['township_reviewer'], townshipCode: XIAOSHI },
  { username: 'township.caohezhang', displayName: '草河掌镇 审核员 赵强', roles: ['township_reviewer'], townshipCode: CAOHEZHANG },
  { username: 'county.poverty', displayName: '县扶贫办 刘洋', roles: ['county_officer'], department: 'poverty_office' },
  { username: 'county.poverty.2', displayName: '县扶贫办 陈静', roles: ['county_officer'], department: 'poverty_office' },
  { username: 'county.housing', displayName: '县住建局 孙伟', roles: ['county_officer'], department: 'housing_bureau' },
  { username: 'county.medical', displayName: '县医保局 周敏', roles: ['county_officer'], department: 'medical_security' },
  { username: 'county.education', displayName: '县教育局 吴磊', roles: ['county_officer'], department: 'education_bureau' },
  { username: 'auditor', displayName: '县审计局 郑华', roles: ['auditor'] },
  { username: 'evaluator', displayName: '第三方评估 冯波', roles: ['evaluator'] },
  { username: 'admin', displayName: '系统管理员', roles: ['admin'] },
];
