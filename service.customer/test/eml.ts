import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The header fields of an RFC 5322 message (unfolded, names lower-cased) and its body. Enough for tests that
 * read the .eml files the local sender writes; the subjects they check are ASCII (no encoded words).
 */
export const parseEml = (raw: string): { headers: Record<string, string>; body: string } => {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: rest.join('\n\n') };
};

/** The .eml files in `dir` whose name contains one of `ids` (their notification ids), parsed. */
export const emlFilesOf = async (dir: string, ids: readonly string[]) => {
  const names = (await readdir(dir).catch(() => [] as string[])).filter(
    (name) => name.endsWith('.eml') && ids.some((id) => name.includes(id)),
  );
  return Promise.all(names.sort().map(async (name) => ({ name, ...parseEml(await readFile(join(dir, name), 'utf8')) })));
};
