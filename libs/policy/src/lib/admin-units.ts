/**
 * Administrative units of 本溪满族自治县 (county code 210521): its towns, its one township (乡),
 * 观音阁街道办事处, and villages under them.
 *
 * Codes follow the 12-digit statistical division pattern (统计用区划代码): county (6) + township
 * (3: 0xx 街道, 1xx 镇, 2xx 乡) + village (3: 2xx 村委会), with township-level codes ending in 000.
 * The township and village names are real where noted, but the 3-digit suffixes below were assigned
 * here in a plausible order and have NOT been checked against the published code list; replace
 * them from the county's 统计用区划代码 before any exchange with provincial systems.
 */

import { deepFreeze } from './deep-freeze';

/** The level of a township-level unit. */
export type TownshipKind = 'town' | 'township' | 'subdistrict';

/** Chinese labels of township kinds. */
export const TOWNSHIP_KIND_LABELS: Readonly<Record<TownshipKind, string>> = {
  town: '镇',
  township: '乡',
  subdistrict: '街道',
};

/** A village (行政村) with the code of the township it belongs to. */
export interface Village {
  readonly code: string;
  readonly name: string;
  readonly townshipCode: string;
}

/** A township-level unit (镇, 乡 or 街道办事处) and its villages. */
export interface Township {
  readonly code: string;
  readonly name: string;
  readonly kind: TownshipKind;
  readonly countyCode: string;
  readonly villages: readonly Village[];
}

/** A county and its township-level units. */
export interface County {
  readonly code: string;
  readonly name: string;
  readonly townships: readonly Township[];
}

const COUNTY_CODE = '210521';

/**
 * [township suffix, name, kind, village names]. Town names are real. Village names are synthetic
 * placeholders for demo data except 小市镇上堡村, which the 2019 plan names (三(二)1(4)).
 */
const TOWNSHIP_ROWS: ReadonlyArray<
  readonly [string, string, TownshipKind, readonly [string, string, string]]
> = [
  ['001', '观音阁街道办事处', 'subdistrict', ['阁前村', '山城子村', '河东村']],
  ['100', '小市镇', 'town', ['上堡村', '东岭村', '河西村']],
  ['101', '草河掌镇', 'town', ['掌东村', '石湖村', '北沟村']],
  ['102', '草河城镇', 'town', ['城东村', '松树台村', '西岔村']],
  ['103', '草河口镇', 'town', ['口前村', '南岔村', '柳林村']],
  ['104', '连山关镇', 'town', ['关门村', '岭下村', '东庄村']],
  ['105', '清河城镇', 'town', ['城北村', '河沿村', '杨家堡村']],
  ['106', '泉水镇', 'town', ['泉东村', '泉西村', '太平村']],
  ['107', '田师付镇', 'town', ['付家村', '东山村', '前进村']],
  ['108', '南甸镇', 'town', ['甸南村', '新立村', '双岭村']],
  ['109', '碱厂镇', 'town', ['厂前村', '卧龙村', '红旗村']],
  ['110', '高官镇', 'town', ['官东村', '高台子村', '民主村']],
  ['200', '东营坊乡', 'township', ['营坊村', '东沟村', '长岭村']],
];

/** 本溪满族自治县 with its 13 township-level units, three villages each. Deeply frozen. */
export const BENXI_COUNTY: County = deepFreeze({
  code: COUNTY_CODE,
  name: '本溪满族自治县',
  townships: TOWNSHIP_ROWS.map(
    ([suffix, name, kind, villageNames]): Township => {
      const code = `${COUNTY_CODE}${suffix}000`;
      return {
        code,
        name,
        kind,
        countyCode: COUNTY_CODE,
        villages: villageNames.map((villageName, i) => ({
          code: `${COUNTY_CODE}${suffix}${201 + i}`,
          name: villageName,
          townshipCode: code,
        })),
      };
    },
  ),
});

const TOWNSHIPS_BY_CODE = new Map(
  BENXI_COUNTY.townships.map((t) => [t.code, t]),
);
const VILLAGES_BY_CODE = new Map(
  BENXI_COUNTY.townships.flatMap((township) =>
    township.villages.map((village) => [village.code, village] as const),
  ),
);

/** The township-level unit with this 12-digit code, or undefined. */
export function findTownship(code: string): Township | undefined {
  return TOWNSHIPS_BY_CODE.get(code);
}

/** The village with this 12-digit code together with its township, or undefined. */
export function findVillage(
  code: string,
): { readonly village: Village; readonly township: Township } | undefined {
  const village = VILLAGES_BY_CODE.get(code);
  const township = village && TOWNSHIPS_BY_CODE.get(village.townshipCode);
  return village && township ? { village, township } : undefined;
}

/** The township-level unit a village belongs to, or undefined for an unknown village code. */
export function townshipOfVillage(villageCode: string): Township | undefined {
  return findVillage(villageCode)?.township;
}
