import {
  EXIT_CHECKLIST_ITEMS,
  evaluateExitChecklist,
  type ExitChecklist,
} from './exit.rules';
import { BENXI_2019 } from './policy-versions';

const evidence = {
  met: true,
  source: 'village survey by 驻村工作队',
  at: '2019-10-20T09:00:00+08:00',
};
const allMet: ExitChecklist = Object.fromEntries(
  EXIT_CHECKLIST_ITEMS.map((item) => [item, evidence]),
);

describe('exit checklist (一(四))', () => {
  it('is complete when every item is met and evidenced', () => {
    expect(evaluateExitChecklist(BENXI_2019, allMet)).toEqual({
      complete: true,
      unmet: [],
      policyId: 'benxi-210521-2019',
    });
  });

  it('counts missing items as unmet, in checklist order, with their labels', () => {
    const result = evaluateExitChecklist(BENXI_2019, {});
    expect(result.complete).toBe(false);
    expect(result.unmet.map((u) => u.item)).toEqual([...EXIT_CHECKLIST_ITEMS]);
    expect(result.unmet.every((u) => u.reason === 'missing')).toBe(true);
    expect(result.unmet.map((u) => u.label)).toEqual([
      '年人均纯收入稳定超过国家扶贫标准（2019年 3,218元）',
      '不愁吃',
      '不愁穿',
      '基本医疗有保障（参加新农合和大病保险）',
      '义务教育有保障（无因贫辍学学生）',
      '住房安全有保障（无未改造的C、D级危房）',
      '有安全饮水',
    ]);
  });

  it('lists an item assessed as not met', () => {
    const result = evaluateExitChecklist(BENXI_2019, {
      ...allMet,
      safeHousing: { ...evidence, met: false },
    });
    expect(result).toMatchObject({
      complete: false,
      unmet: [
        {
          item: 'safeHousing',
          label: '住房安全有保障（无未改造的C、D级危房）',
          reason: 'notMet',
        },
      ],
    });
  });

  it('does not accept an item marked met without a source or a valid time', () => {
    const result = evaluateExitChecklist(BENXI_2019, {
      ...allMet,
      basicMedical: { ...evidence, source: '  ' },
      safeDrinkingWater: { ...evidence, at: 'yesterday' },
    });
    expect(result.unmet).toEqual([
      expect.objectContaining({
        item: 'basicMedical',
        reason: 'evidenceIncomplete',
      }),
      expect.objectContaining({
        item: 'safeDrinkingWater',
        reason: 'evidenceIncomplete',
      }),
    ]);
  });
});
