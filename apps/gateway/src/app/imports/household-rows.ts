import {
  RELATION_VALUES,
  type ImportRowError,
  type ImportedHousehold,
} from '@poverty/contracts';
import {
  BENXI_COUNTY,
  HOUSEHOLD_ATTRIBUTE_LABELS,
  POVERTY_CAUSE_LABELS,
  ROSTER_STATUS_LABELS,
  validateIdNumber,
  type Township,
} from '@poverty/policy';

/**
 * The columns of a county's 建档立卡 sheet, one row per person, a household's rows together under
 * its 户编号; the household's facts are on its 户主 row. Accepted header spellings are listed.
 */
export const COLUMNS = {
  registryNo: ['户编号', '户码'],
  township: ['乡镇', '乡镇(街道)', '乡镇（街道）', '乡（镇）', '乡(镇)'],
  village: ['行政村', '村', '村(社区)', '村（社区）'],
  name: ['姓名'],
  idNumber: ['身份证号', '身份证号码', '证件号码'],
  relation: ['与户主关系'],
  attribute: ['贫困户属性', '户属性'],
  povertyCause: ['主要致贫原因', '致贫原因'],
  income: ['人均纯收入', '人均纯收入(元)', '人均纯收入（元）'],
  status: ['脱贫状态', '贫困户状态', '脱贫标识'],
  year: ['识别年度', '建档立卡年度'],
  exitYear: ['脱贫年度'],
  housingGrade: ['危房等级', '住房鉴定等级'],
} as const;
export type Column = keyof typeof COLUMNS;

const REQUIRED: Column[] = [
  'registryNo',
  'township',
  'village',
  'name',
  'idNumber',
  'relation',
  'attribute',
  'povertyCause',
  'income',
  'status',
  'year',
];
const HEAD_ONLY: Column[] = [
  'attribute',
  'povertyCause',
  'income',
  'status',
  'year',
];

/** The sheet's own name of a column, for error messages. */
export const columnLabel = (column: Column) => COLUMNS[column][0];

const invert = <K extends string>(
  labels: Readonly<Record<K, string>>,
  extra: Record<string, K> = {},
) =>
  new Map<string, K>([
    ...Object.entries(labels).map(
      ([code, label]) => [label as string, code as K] as const,
    ),
    ...Object.keys(labels).map((code) => [code, code as K] as const),
    ...Object.entries(extra),
  ]);

const ATTRIBUTES = invert(HOUSEHOLD_ATTRIBUTE_LABELS, {
  一般户: 'general',
  低保户: 'minimumLiving',
  特困户: 'destitute',
  特困供养户: 'destitute',
} as any);
const CAUSES = invert(POVERTY_CAUSE_LABELS);
const STATUSES = invert(ROSTER_STATUS_LABELS, {
  已脱贫户: 'exited',
  未脱贫户: 'notExited',
  脱贫: 'exited',
  贫困: 'notExited',
} as any);

export type HeaderMap = Partial<Record<Column, number>>;

/** Finds each known column in the header row; errors name every required column that is missing. */
export function mapHeader(cells: string[]): {
  map: HeaderMap;
  errors: ImportRowError[];
} {
  const normalised = cells.map((c) => c.replace(/\s+/g, ''));
  const map: HeaderMap = {};
  for (const column of Object.keys(COLUMNS) as Column[]) {
    const index = normalised.findIndex((c) =>
      (COLUMNS[column] as readonly string[]).includes(c),
    );
    if (index >= 0) map[column] = index;
  }
  const errors = REQUIRED.filter((c) => map[c] === undefined).map((c) => ({
    line: 1,
    field: columnLabel(c),
    message: `missing column (one of: ${COLUMNS[c].join(', ')})`,
  }));
  return { map, errors };
}

function findTownshipByNameOrCode(value: string): Township | undefined {
  return BENXI_COUNTY.townships.find(
    (t) => t.code === value || t.name === value,
  );
}

interface PersonRow {
  line: number;
  registryNo: string;
  townshipCode?: string;
  villageCode?: string;
  name: string;
  idNumber: string;
  relation: string;
  head?: Omit<
    ImportedHousehold,
    'line' | 'registryNo' | 'townshipCode' | 'villageCode' | 'members'
  >;
}

/** Validates one person row; returns the row or every problem with it, each naming its column. */
export function validateRow(
  map: HeaderMap,
  line: number,
  cells: string[],
): { row: PersonRow; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const cell = (column: Column) =>
    map[column] === undefined ? '' : (cells[map[column]!] ?? '').trim();
  const fail = (column: Column, message: string) =>
    errors.push({ line, field: columnLabel(column), message });
  const required = (column: Column) => {
    const value = cell(column);
    if (!value) fail(column, 'required');
    return value;
  };

  const registryNo = required('registryNo');
  if (registryNo.length > 40) fail('registryNo', 'at most 40 characters');
  const townshipText = required('township');
  const township = townshipText
    ? findTownshipByNameOrCode(townshipText)
    : undefined;
  if (townshipText && !township)
    fail('township', `not a township of ${BENXI_COUNTY.name}`);
  const villageText = required('village');
  const village = township?.villages.find(
    (v) => v.code === villageText || v.name === villageText,
  );
  if (villageText && township && !village)
    fail('village', `not a village of ${township.name}`);
  const name = required('name');
  if (name.length > 50) fail('name', 'at most 50 characters');
  const idNumber = required('idNumber').toUpperCase();
  if (idNumber) {
    const verdict = validateIdNumber(idNumber);
    // The number itself never goes into the message.
    if (!verdict.valid)
      fail('idNumber', `invalid ID number (${verdict.reason})`);
  }
  const relation = required('relation');
  if (relation && !(RELATION_VALUES as readonly string[]).includes(relation))
    fail('relation', `must be one of ${RELATION_VALUES.join(', ')}`);

  const row: PersonRow = {
    line,
    registryNo,
    townshipCode: township?.code,
    villageCode: village?.code,
    name,
    idNumber,
    relation,
  };
  if (relation === '户主') {
    const attributeText = required('attribute');
    const attribute = ATTRIBUTES.get(attributeText);
    if (attributeText && !attribute)
      fail(
        'attribute',
        `must be one of ${Object.values(HOUSEHOLD_ATTRIBUTE_LABELS).join(', ')}`,
      );
    const causeText = required('povertyCause');
    const povertyCause = CAUSES.get(causeText);
    if (causeText && !povertyCause)
      fail(
        'povertyCause',
        `must be one of ${Object.values(POVERTY_CAUSE_LABELS).join(', ')}`,
      );
    const incomeText = required('income');
    const income = Number(incomeText.replace(/,/g, ''));
    if (
      incomeText &&
      (!/^\d+(\.0+)?$/.test(incomeText.replace(/,/g, '')) ||
        !Number.isSafeInteger(income) ||
        income > 100_000_000)
    )
      fail('income', 'must be whole yuan, 0 or more');
    const statusText = required('status');
    const status = STATUSES.get(statusText);
    if (statusText && !status)
      fail(
        'status',
        `must be one of ${Object.values(ROSTER_STATUS_LABELS).join(', ')}`,
      );
    const yearText = required('year');
    const year = Number(yearText);
    if (yearText && !(Number.isInteger(year) && year >= 2014 && year <= 2100))
      fail('year', 'must be a year from 2014');
    const exitYearText = cell('exitYear');
    const exitYear = exitYearText ? Number(exitYearText) : null;
    if (
      exitYear !== null &&
      !(Number.isInteger(exitYear) && exitYear >= 2014 && exitYear <= 2100)
    )
      fail('exitYear', 'must be a year from 2014');
    else if (status === 'exited' && exitYear === null)
      fail('exitYear', 'required for a household that has exited (已脱贫)');
    else if (exitYear !== null && Number.isInteger(year) && exitYear < year)
      fail('exitYear', 'cannot be before the year of identification');
    const gradeText = cell('housingGrade').replace(/级$/, '').toUpperCase();
    if (gradeText && !['A', 'B', 'C', 'D'].includes(gradeText))
      fail('housingGrade', 'must be A, B, C or D (or empty)');
    row.head = {
      attribute: attribute ?? '',
      povertyCause: povertyCause ?? '',
      perCapitaNetIncomeYuan: Number.isSafeInteger(income) ? income : 0,
      status: (status ?? 'notExited') as ImportedHousehold['status'],
      year: Number.isInteger(year) ? year : 0,
      exitYear:
        exitYear !== null && Number.isInteger(exitYear) ? exitYear : null,
      housingGrade: (gradeText || null) as ImportedHousehold['housingGrade'],
    };
  }
  return { row, errors };
}

/**
 * Groups consecutive person rows into households and checks each household as a whole: one 户主,
 * the same township and village on every row, a 户编号 not used by an earlier household.
 * Finished households are handed out as soon as their last row has been read.
 */
export class HouseholdAssembler {
  private rows: PersonRow[] = [];
  private rowsHaveErrors = false;
  private readonly seen = new Set<string>();

  constructor(
    private readonly emit: (household: ImportedHousehold) => void,
    private readonly reject: (error: ImportRowError) => void,
  ) {}

  add(row: PersonRow, hasErrors: boolean): void {
    if (this.rows.length && row.registryNo !== this.rows[0].registryNo)
      this.flush();
    this.rows.push(row);
    this.rowsHaveErrors ||= hasErrors;
  }

  flush(): void {
    const rows = this.rows;
    const rowsHaveErrors = this.rowsHaveErrors;
    this.rows = [];
    this.rowsHaveErrors = false;
    if (rows.length === 0) return;
    const first = rows[0];
    const field = columnLabel('registryNo');
    if (first.registryNo && this.seen.has(first.registryNo)) {
      this.reject({
        line: first.line,
        field,
        message:
          "户编号 used by an earlier household: a household's rows must be together",
      });
      return;
    }
    if (first.registryNo) this.seen.add(first.registryNo);
    const heads = rows.filter((r) => r.relation === '户主');
    if (heads.length !== 1) {
      this.reject({
        line: first.line,
        field: columnLabel('relation'),
        message:
          heads.length === 0
            ? 'the household has no 户主 row'
            : `the household has ${heads.length} 户主 rows`,
      });
      return;
    }
    const head = heads[0];
    let consistent = true;
    for (const r of rows) {
      if (
        r !== head &&
        head.townshipCode &&
        head.villageCode &&
        r.villageCode &&
        (r.townshipCode !== head.townshipCode ||
          r.villageCode !== head.villageCode)
      ) {
        this.reject({
          line: r.line,
          field: columnLabel('village'),
          message: "not the same township and village as the household's 户主",
        });
        consistent = false;
      }
    }
    if (
      rowsHaveErrors ||
      !consistent ||
      !head.head ||
      !head.townshipCode ||
      !head.villageCode
    )
      return;
    const members = [head, ...rows.filter((r) => r !== head)];
    this.emit({
      line: first.line,
      registryNo: first.registryNo,
      townshipCode: head.townshipCode,
      villageCode: head.villageCode,
      ...head.head,
      members: members.map((m) => ({
        name: m.name,
        idNumber: m.idNumber,
        relation: m.relation,
        line: m.line,
      })),
    });
  }
}
