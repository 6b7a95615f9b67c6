import { label, serviceLabels, stateLabel, stateWithLevel } from './zh';

describe('labels', () => {
  it('names every service in Chinese', () => {
    expect(Object.values(serviceLabels)).toEqual(['精准识别', '危房改造', '医疗救助', '教育救助', '脱贫退出']);
  });

  it('reads nested machine states', () => {
    expect(stateLabel('review.township')).toBe('乡镇级审核');
    expect(stateLabel('review.county')).toBe('县级审核');
    expect(stateLabel('publicNotice')).toBe('公示中');
    expect(stateLabel('publicNotice.objectionPending')).toBe('公示中 · 异议待处理');
    expect(stateLabel('somethingNew')).toBe('somethingNew');
  });

  it('adds the level only when the state does not say it', () => {
    expect(stateWithLevel('review.township', 'township')).toBe('乡镇级审核');
    expect(stateWithLevel('acceptance', 'county')).toBe('验收中（县级）');
    expect(stateWithLevel('closed', null)).toBe('已销号');
  });

  it('falls back to the code for unknown values and a dash for none', () => {
    expect(label(serviceLabels, 'unknown')).toBe('unknown');
    expect(label(serviceLabels, undefined)).toBe('—');
  });
});
