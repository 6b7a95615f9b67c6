import { commentText } from './case-timeline';

describe('timeline comments', () => {
  it('names the acceptance check and the objection outcome recorded in a comment', () => {
    expect(commentText({ action: 'recordAcceptance', comment: 'dataComparison: 比对无异常' }, { dataComparison: '县级信息比对' })).toBe(
      '县级信息比对：比对无异常',
    );
    expect(commentText({ action: 'resolveObjection', comment: 'dismissed: 车辆为亲属所有' })).toBe('异议不成立：车辆为亲属所有');
    expect(commentText({ action: 'resolveObjection', comment: 'upheld' })).toBe('异议成立');
  });

  it('leaves ordinary comments alone', () => {
    expect(commentText({ action: 'approve', comment: '情况属实' })).toBe('情况属实');
    expect(commentText({ action: 'approve', comment: 'OK' })).toBe('OK');
  });
});
