import { passwordProblems } from './password-policy';

describe('password rules', () => {
  it.each([
    ['Short1!', 'at least 10 characters'],
    ['alllowercaseletters', 'at least three of'],
    ['Password123', 'too common'],
    ['Wang.Jianguo#2019', 'must not contain the username'],
  ])('refuses %s (%s)', (password, problem) => {
    expect(passwordProblems(password, 'wang.jianguo').join('; ')).toContain(problem);
  });

  it('accepts a long, varied password', () => {
    expect(passwordProblems('Shangbao#Village2019', 'village.xiaoshi')).toEqual([]);
  });
});
