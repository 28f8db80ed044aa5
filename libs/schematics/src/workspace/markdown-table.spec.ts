import { insertTableRow } from './markdown-table';

describe('insertTableRow', () => {
  const table = ['text', '', '| app | port |', '| --- | ---- |', '| a   | 1    |', '| b   | 2    |', '', 'more'].join(
    '\n',
  );

  it('puts the row after the matching one and aligns every column to its widest cell, as Prettier does', () => {
    expect(insertTableRow(table, (cells) => cells[0] === 'a', ['inventory', '3'])).toBe(
      [
        'text',
        '',
        '| app       | port |',
        '| --------- | ---- |',
        '| a         | 1    |',
        '| inventory | 3    |',
        '| b         | 2    |',
        '',
        'more',
      ].join('\n'),
    );
  });

  it('leaves the text alone when no row matches', () => {
    expect(insertTableRow(table, (cells) => cells[0] === 'z', ['z', '9'])).toBeUndefined();
  });
});
