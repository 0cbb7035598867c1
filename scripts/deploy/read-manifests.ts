import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One YAML document of a manifest file, with where it came from for error messages. */
export interface ManifestObject {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  [field: string]: unknown;
}

const yamlFilesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();

/** Every non-empty document of every YAML file under `dir` (what Terraform will apply). Throws on a YAML error. */
export const readManifests = (dir: string): ManifestObject[] =>
  yamlFilesUnder(dir).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).flatMap((doc): ManifestObject[] => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      const value = doc.toJS() as ManifestObject | null;
      return value === null ? [] : [{ ...value, file }];
    }),
  );
