import {
  BENXI_COUNTY,
  findTownship,
  findVillage,
  townshipOfVillage,
} from './admin-units';

describe('administrative units of 本溪满族自治县', () => {
  it('lists the twelve towns and townships and 观音阁街道办事处', () => {
    expect(BENXI_COUNTY.code).toBe('210521');
    expect(BENXI_COUNTY.name).toBe('本溪满族自治县');
    expect(BENXI_COUNTY.townships.map((t) => t.name).sort()).toEqual(
      [
        '小市镇',
        '草河掌镇',
        '草河城镇',
        '草河口镇',
        '连山关镇',
        '清河城镇',
        '泉水镇',
        '田师付镇',
        '南甸镇',
        '碱厂镇',
        '高官镇',
        '东营坊乡',
        '观音阁街道办事处',
      ].sort(),
    );
  });

  it('gives every unit a unique 12-digit code nested under its parent', () => {
    const codes = new Set<string>();
    for (const township of BENXI_COUNTY.townships) {
      expect(township.code).toMatch(/^210521\d{3}000$/);
      expect(township.countyCode).toBe('210521');
      expect(township.villages).toHaveLength(3);
      codes.add(township.code);
      for (const village of township.villages) {
        expect(village.code).toMatch(/^\d{12}$/);
        expect(village.code.slice(0, 9)).toBe(township.code.slice(0, 9));
        expect(village.code.endsWith('000')).toBe(false);
        expect(village.townshipCode).toBe(township.code);
        codes.add(village.code);
      }
    }
    expect(codes.size).toBe(13 * 4);
  });

  it('classifies towns, the township and the subdistrict', () => {
    expect(
      BENXI_COUNTY.townships.find((t) => t.name === '东营坊乡')?.kind,
    ).toBe('township');
    expect(
      BENXI_COUNTY.townships.find((t) => t.name === '观音阁街道办事处')?.kind,
    ).toBe('subdistrict');
    expect(
      BENXI_COUNTY.townships.filter((t) => t.kind === 'town'),
    ).toHaveLength(11);
  });

  it('finds a township by code', () => {
    const xiaoshi = BENXI_COUNTY.townships.find((t) => t.name === '小市镇');
    expect(xiaoshi).toBeDefined();
    expect(findTownship(xiaoshi?.code ?? '')).toBe(xiaoshi);
    expect(findTownship('210521999000')).toBeUndefined();
  });

  it('finds a village together with its township', () => {
    const xiaoshi = BENXI_COUNTY.townships.find((t) => t.name === '小市镇');
    const shangpu = xiaoshi?.villages.find((v) => v.name === '上堡村');
    expect(shangpu).toBeDefined();
    expect(findVillage(shangpu?.code ?? '')).toEqual({
      village: shangpu,
      township: xiaoshi,
    });
    expect(townshipOfVillage(shangpu?.code ?? '')).toBe(xiaoshi);
  });

  it('answers undefined for unknown codes, including a township code used as a village', () => {
    expect(findVillage('210521100299')).toBeUndefined();
    expect(findVillage('210521100000')).toBeUndefined();
    expect(townshipOfVillage('nonsense')).toBeUndefined();
  });

  it('cannot be modified by a caller', () => {
    expect(Object.isFrozen(BENXI_COUNTY)).toBe(true);
    expect(Object.isFrozen(BENXI_COUNTY.townships[0].villages[0])).toBe(true);
  });
});
