/** The environment for a child process: this process's environment plus `overrides` (e.g. STAGE). */
export const childEnv = (overrides: Record<string, string>): Record<string, string | undefined> => ({ ...process.env, ...overrides });
