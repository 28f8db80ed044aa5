import { nestsDeeperThan } from './json-depth';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('accepts nesting up to the limit, arrays and objects alike', () => {
    expect(nestsDeeperThan(nested(3), 3)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
  });

  it('refuses one level more', () => {
    expect(nestsDeeperThan(nested(4), 3)).toBe(true);
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
  });

  it('counts siblings once, not their sum', () => {
    expect(nestsDeeperThan('[[1],[2],[3],[4]]', 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ content: '[[[[{{{{' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ content: 'say \\"[[[[\\"' }), 1)).toBe(false);
  });

  it('finds 5,000 nested arrays without recursion', () => {
    expect(nestsDeeperThan(nested(5_000), 64)).toBe(true);
  });
});
