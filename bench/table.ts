/** A printed table: a title, column headers and rows of cells already formatted. */
export interface Table {
  title: string;
  headers: string[];
  rows: Array<Array<string | number>>;
}

/** Prints `table` as Markdown, so a run's output can be pasted into the README or a commit message as is. */
export const printTable = (table: Table): void => {
  console.log(`\n${table.title}`);
  console.log(`| ${table.headers.join(' | ')} |`);
  console.log(`|${table.headers.map(() => '---').join('|')}|`);
  for (const row of table.rows) console.log(`| ${row.join(' | ')} |`);
};

/** `value` rounded to `digits` decimals for a table cell; '–' when there is no value. */
export const fixed = (value: number | undefined, digits = 1): string =>
  value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);

/** `part / whole` to two decimals, the ratio-to-baseline cell. */
export const ratio = (part: number, whole: number): string => (whole > 0 ? (part / whole).toFixed(2) : '–');
