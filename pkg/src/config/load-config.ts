import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { applyEnvOverrides } from './env-overrides.js';

export interface LoadConfigOptions {
  /** Path of the stage YAML; defaults to the STAGE environment variable. */
  stage?: string;
  /** Stage used when neither `stage` nor STAGE is given (tools such as migrations default to local). */
  defaultStage?: string;
  /** Environment used for STAGE and overrides; defaults to process.env. */
  env?: Record<string, string | undefined>;
}

export interface LoadedConfig<T> {
  config: T;
  source: string;
  overriddenKeys: string[];
}

const readYaml = (path: string): Record<string, unknown> => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read file: ${(error as Error).message}`]);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new ConfigError(path, [`not valid YAML: ${(error as Error).message}`]);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(path, ['top level must be a mapping']);
  return doc as Record<string, unknown>;
};

const describeIssue = (issue: z.core.$ZodIssue): string => {
  const key = issue.path.map(String).join('.') || '(root)';
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((k) => `${key === '(root)' ? '' : `${key}.`}${k}: unknown key`).join('\n  - ');
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `${key}: missing`;
  return `${key}: ${issue.message}`;
};

/**
 * Loads the stage YAML named by STAGE, applies CONFIG__* environment overrides and validates the result
 * against `schema`. Throws one ConfigError naming every missing or invalid key.
 */
export const loadConfig = <S extends z.ZodType>(schema: S, options: LoadConfigOptions = {}): LoadedConfig<z.infer<S>> => {
  const env = options.env ?? process.env;
  const stage = options.stage ?? (env.STAGE || undefined) ?? options.defaultStage;
  if (stage === undefined || stage === '') {
    throw new ConfigError('STAGE', ['STAGE is not set: point it at a stage file, e.g. STAGE=config/local.yaml']);
  }
  const source = resolve(stage);
  const { doc, keys } = applyEnvOverrides(readYaml(source), env);
  const result = schema.safeParse(doc);
  if (!result.success) throw new ConfigError(stage, result.error.issues.map(describeIssue));
  return { config: result.data, source, overriddenKeys: keys };
};
