import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The non-test TypeScript of one service, as one text: what the deploy tests hold the manifests' grants to. */
export const codeOf = (service: string): string =>
  readdirSync(`service.${service}/src`, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
