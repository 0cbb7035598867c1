/** Environment variables that override configuration keys start with this prefix. */
export const ENV_PREFIX = 'CONFIG__';

type Tree = Record<string, unknown>;

const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

// An env var is always a string; give it the type the YAML already has at that key so that
// CONFIG__SERVICES__CART__HTTP__PORT=9000 stays a number and a password "123" stays a string.
const coerce = (raw: string, current: unknown): unknown => {
  if (typeof current === 'number') return raw.trim() === '' ? raw : Number(raw);
  if (typeof current === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (Array.isArray(current) || isTree(current)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
};

/**
 * Applies `CONFIG__A__B_C=value` as key `a.b_c`: segments split on `__`, lower-cased. Returns a new tree and
 * the keys that were overridden (for the start-up log; values are not logged because they may be secrets).
 */
export const applyEnvOverrides = (doc: Tree, env: Record<string, string | undefined>): { doc: Tree; keys: string[] } => {
  const result = structuredClone(doc);
  const keys: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const path = name.slice(ENV_PREFIX.length).toLowerCase().split('__').filter(Boolean);
    if (path.length === 0) continue;
    let node: Tree = result;
    for (const segment of path.slice(0, -1)) {
      if (!isTree(node[segment])) node[segment] = {};
      node = node[segment] as Tree;
    }
    const leaf = path[path.length - 1]!;
    node[leaf] = coerce(raw, node[leaf]);
    keys.push(path.join('.'));
  }
  return { doc: result, keys };
};
