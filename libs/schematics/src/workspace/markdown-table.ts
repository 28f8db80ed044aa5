/**
 * The markdown with `cells` as a new row after the first row that `after` matches, the whole table
 * aligned again as Prettier aligns it (every column as wide as its widest cell). Undefined when no row
 * matches.
 */
export function insertTableRow(
  markdown: string,
  after: (cells: string[]) => boolean,
  cells: string[],
): string | undefined {
  const lines = markdown.split('\n');
  const anchor = lines.findIndex((line) => isRow(line) && after(cellsOf(line)));
  if (anchor === -1) return undefined;
  let first = anchor;
  while (first > 0 && isRow(lines[first - 1])) first -= 1;
  let last = anchor;
  while (last + 1 < lines.length && isRow(lines[last + 1])) last += 1;

  const rows = lines.slice(first, last + 1).map(cellsOf);
  rows.splice(anchor - first + 1, 0, cells);
  const isSeparator = (row: string[]) => row.every((cell) => /^-+$/.test(cell));
  const widths = rows[0].map((_, column) =>
    Math.max(3, ...rows.filter((row) => !isSeparator(row)).map((row) => row[column]?.length ?? 0)),
  );
  const render = (row: string[]) =>
    `| ${widths.map((width, column) => (isSeparator(row) ? '-'.repeat(width) : (row[column] ?? '').padEnd(width))).join(' | ')} |`;
  lines.splice(first, last - first + 1, ...rows.map(render));
  return lines.join('\n');
}

function isRow(line: string): boolean {
  return line.startsWith('|') && line.trimEnd().endsWith('|');
}

function cellsOf(line: string): string[] {
  return line
    .trim()
    .slice(1, -1)
    .split('|')
    .map((cell) => cell.trim());
}
