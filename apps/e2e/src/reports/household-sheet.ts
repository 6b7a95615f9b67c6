import {
  BENXI_COUNTY,
  HOUSEHOLD_ATTRIBUTE_LABELS,
  POVERTY_CAUSE_LABELS,
  syntheticIdNumber,
} from '@poverty/policy';

/**
 * A synthetic 建档立卡 sheet, one row per person with a household's rows together, for the import
 * tests and the import benchmark (tools/bench/generate-households.ts). Names are synthetic; ID
 * numbers are synthetic with valid check digits.
 */
export const SHEET_HEADER = [
  '户编号',
  '乡镇',
  '行政村',
  '姓名',
  '身份证号',
  '与户主关系',
  '贫困户属性',
  '主要致贫原因',
  '人均纯收入',
  '脱贫状态',
  '识别年度',
  '脱贫年度',
  '危房等级',
];

export interface GenerateOptions {
  rows: number;
  idBase?: number;
  exitedBp?: number;
  year?: number;
  /** Person rows to spoil (a bad ID check digit, an unknown village, an income that is not a number…). */
  bad?: number;
  /** Only these township codes (default: every township of the county). */
  townships?: string[];
  /** Prefix of 户编号, so two files never share one. */
  registryPrefix?: string;
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '高',
  '罗',
];
const GIVEN = [
  '建国',
  '秀英',
  '桂兰',
  '玉兰',
  '志强',
  '小山',
  '小河',
  '丽',
  '伟',
  '敏',
  '静',
  '磊',
  '洋',
  '军',
  '娟',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
];
const RELATIONS = ['配偶', '子女', '子女', '父母', '孙子女'];
const ATTRIBUTES = Object.values(HOUSEHOLD_ATTRIBUTE_LABELS);
const CAUSES = Object.values(POVERTY_CAUSE_LABELS);

/** A small deterministic PRNG so the same options always give the same file. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The person rows of the sheet, one at a time (never the whole sheet in memory). */
export function* householdRows(options: GenerateOptions): Generator<string[]> {
  const random = prng(options.idBase ?? 1);
  const idBase = options.idBase ?? 2_000_000;
  const exitedBp = options.exitedBp ?? 3_000;
  const year = options.year ?? 2016;
  const townships = BENXI_COUNTY.townships.filter(
    (t) => !options.townships || options.townships.includes(t.code),
  );
  const badEvery = options.bad
    ? Math.max(1, Math.floor(options.rows / options.bad))
    : 0;
  const prefix = options.registryPrefix ?? `G${idBase}`;
  let written = 0;
  let household = 0;
  let badLeft = options.bad ?? 0;
  while (written < options.rows) {
    household++;
    const township = townships[household % townships.length];
    const village =
      township.villages[Math.floor(random() * township.villages.length)];
    const size = Math.min(options.rows - written, 1 + Math.floor(random() * 4));
    const surname = SURNAMES[Math.floor(random() * SURNAMES.length)];
    const exited = random() * 10_000 < exitedBp;
    const grade = random() < 0.02 ? 'B' : '';
    for (let m = 0; m < size; m++) {
      const head = m === 0;
      const row = [
        `${prefix}-${String(household).padStart(7, '0')}`,
        township.name,
        village.name,
        `${surname}${GIVEN[Math.floor(random() * GIVEN.length)]}`,
        syntheticIdNumber(idBase + written),
        head ? '户主' : RELATIONS[(m - 1) % RELATIONS.length],
        head ? ATTRIBUTES[Math.floor(random() * ATTRIBUTES.length)] : '',
        head ? CAUSES[Math.floor(random() * CAUSES.length)] : '',
        head ? String(2000 + Math.floor(random() * 2500)) : '',
        head ? (exited ? '已脱贫' : '未脱贫') : '',
        head ? String(year) : '',
        head && exited ? '2019' : '',
        head ? grade : '',
      ];
      written++;
      if (badEvery && badLeft > 0 && written % badEvery === 0) {
        badLeft--;
        // Spoil one field, by turns: the ID check digit, the village, the relation.
        const kind = badLeft % 3;
        if (kind === 0)
          row[4] = row[4].slice(0, 17) + (row[4][17] === '0' ? '1' : '0');
        else if (kind === 1) row[2] = '不存在村';
        else row[5] = '邻居';
      }
      yield row;
    }
  }
}
