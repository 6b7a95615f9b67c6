import type { ImportRowError, ImportedHousehold } from '@poverty/contracts';
import { syntheticIdNumber } from '@poverty/policy';
import { HouseholdAssembler, mapHeader, validateRow } from './household-rows';

const HEADER = [
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
const { map } = mapHeader(HEADER);
const head = (overrides: Partial<Record<string, string>> = {}) =>
  HEADER.map(
    (h) =>
      ({
        户编号: 'H1',
        乡镇: '小市镇',
        行政村: '上堡村',
        姓名: '王大山',
        身份证号: syntheticIdNumber(900_001),
        与户主关系: '户主',
        贫困户属性: '一般贫困户',
        主要致贫原因: '因病',
        人均纯收入: '2800',
        脱贫状态: '已脱贫',
        识别年度: '2016',
        脱贫年度: '2019',
        危房等级: '',
        ...overrides,
      })[h] ?? '',
  );
const member = (overrides: Partial<Record<string, string>> = {}) =>
  head({
    姓名: '王小山',
    身份证号: syntheticIdNumber(900_002),
    与户主关系: '子女',
    贫困户属性: '',
    主要致贫原因: '',
    人均纯收入: '',
    脱贫状态: '',
    识别年度: '',
    脱贫年度: '',
    ...overrides,
  });

function assemble(rows: string[][]) {
  const households: ImportedHousehold[] = [];
  const errors: ImportRowError[] = [];
  const assembler = new HouseholdAssembler(
    (h) => households.push(h),
    (e) => errors.push(e),
  );
  rows.forEach((cells, i) => {
    const { row, errors: rowErrors } = validateRow(map, i + 2, cells);
    errors.push(...rowErrors);
    assembler.add(row, rowErrors.length > 0);
  });
  assembler.flush();
  return { households, errors };
}

describe('validating 建档立卡 rows', () => {
  it('names every missing required column of the header', () => {
    expect(mapHeader(['户编号', '姓名']).errors.map((e) => e.field)).toEqual([
      '乡镇',
      '行政村',
      '身份证号',
      '与户主关系',
      '贫困户属性',
      '主要致贫原因',
      '人均纯收入',
      '脱贫状态',
      '识别年度',
    ]);
  });

  it('assembles a household from its 户主 row and its members, codes resolved from names', () => {
    const { households, errors } = assemble([head(), member()]);
    expect(errors).toEqual([]);
    expect(households).toEqual([
      expect.objectContaining({
        line: 2,
        registryNo: 'H1',
        townshipCode: '210521100000',
        villageCode: '210521100201',
        attribute: 'general',
        povertyCause: 'illness',
        perCapitaNetIncomeYuan: 2800,
        status: 'exited',
        year: 2016,
        exitYear: 2019,
        housingGrade: null,
        members: [
          expect.objectContaining({
            name: '王大山',
            relation: '户主',
            line: 2,
          }),
          expect.objectContaining({
            name: '王小山',
            relation: '子女',
            line: 3,
          }),
        ],
      }),
    ]);
  });

  it('reports each bad field of each row by line and column, never echoing an ID number', () => {
    const badId = syntheticIdNumber(900_003).slice(0, 17) + 'Y';
    const { households, errors } = assemble([
      head({ 行政村: '不存在村', 人均纯收入: '两千' }),
      member({ 身份证号: badId }),
      head({ 户编号: 'H2', 脱贫年度: '' }),
    ]);
    expect(households).toEqual([]);
    expect(errors.map(({ line, field }) => ({ line, field }))).toEqual([
      { line: 2, field: '行政村' },
      { line: 2, field: '人均纯收入' },
      { line: 3, field: '身份证号' },
      { line: 4, field: '脱贫年度' },
    ]);
    expect(JSON.stringify(errors)).not.toContain(badId);
  });

  it('refuses a household without exactly one 户主, and a 户编号 that comes back after another household', () => {
    const { errors } = assemble([
      member(),
      head({ 户编号: 'H2', 身份证号: syntheticIdNumber(900_004) }),
      member({ 户编号: 'H1', 身份证号: syntheticIdNumber(900_005) }),
    ]);
    expect(errors).toEqual([
      {
        line: 2,
        field: '与户主关系',
        message: 'the household has no 户主 row',
      },
      expect.objectContaining({ line: 4, field: '户编号' }),
    ]);
  });
});
