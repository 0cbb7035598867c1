// infrastructure/postgres/service-role.sql (what the cluster's postgres-roles Job runs) against the real local
// PostgreSQL, through psql as the Job runs it: the role it makes owns its database and nothing more, the
// service's migrations run as that role, and a database another service owns refuses it. Its own roles and
// databases (suffix _rt<pid>), dropped at the end.
import { infraConfigSchema, loadConfig } from '@micro-ecommerce/pkg/config';
import { migrateDatabase } from '@micro-ecommerce/pkg/postgres';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const SQL_FILE = 'infrastructure/postgres/service-role.sql';
const { config } = loadConfig(infraConfigSchema, {});
const superuser = config.postgres;
const suffix = `_rt${process.pid}`;
// Named like the cluster's (a service's database name) plus this run's suffix; `order` needs quoting everywhere.
const ROLE = `order${suffix}`;
const OTHER = `payment${suffix}`;
const PASSWORDS: Record<string, string> = { [ROLE]: `pw-${ROLE}-it's`, [OTHER]: `pw-${OTHER}` };

const runRoleScript = (role: string) =>
  spawnSync('psql', ['-X', '-q', '-d', 'postgres', '-v', `role=${role}`, '-v', `password=${PASSWORDS[role]}`, '-f', SQL_FILE], {
    encoding: 'utf8',
    // psql's own variables only (no PATH: the kernel's default search finds /usr/bin/psql).
    env: {
      PGHOST: superuser.host,
      PGPORT: String(superuser.port),
      PGUSER: superuser.user,
      PGPASSWORD: superuser.password,
    },
  });

const connectAs = async (user: string, database: string, password = PASSWORDS[user] ?? superuser.password) => {
  const client = new pg.Client({ host: superuser.host, port: superuser.port, user, password, database });
  await client.connect();
  return client;
};

const asSuperuser = async <T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = await connectAs(superuser.user, database, superuser.password);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

afterAll(async () => {
  await asSuperuser('postgres', async (client) => {
    for (const role of [ROLE, OTHER]) {
      await client.query(`DROP DATABASE IF EXISTS "${role}" WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS "${role}"`);
    }
  });
});

describe('service-role.sql', () => {
  it('hands a database the superuser created, with its tables, to a new role without superuser powers', async () => {
    await asSuperuser('postgres', (client) => client.query(`CREATE DATABASE "${ROLE}"`));
    await asSuperuser(ROLE, (client) =>
      client.query(
        'CREATE TABLE earlier (id serial PRIMARY KEY, note text); CREATE FUNCTION earlier_fn() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
      ),
    );
    const run = runRoleScript(ROLE);
    expect(run.status, run.stderr).toBe(0);
    // Twice: the Job may run again (a replaced Job, a retried pod).
    const again = runRoleScript(ROLE);
    expect(again.status, again.stderr).toBe(0);

    const role = await asSuperuser('postgres', (client) =>
      client.query(
        `SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin, rolpassword IS NOT NULL AS has_password
         FROM pg_authid WHERE rolname = $1`,
        [ROLE],
      ),
    );
    expect(role.rows).toEqual([
      {
        rolsuper: false,
        rolcreatedb: false,
        rolcreaterole: false,
        rolreplication: false,
        rolbypassrls: false,
        rolcanlogin: true,
        has_password: true,
      },
    ]);
    const owners = await asSuperuser(ROLE, (client) =>
      client.query(
        `SELECT (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS database,
                (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'earlier') AS tab,
                (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'earlier_id_seq') AS seq,
                (SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'earlier_fn') AS fn,
                (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public') AS schema`,
      ),
    );
    expect(owners.rows).toEqual([{ database: ROLE, tab: ROLE, seq: ROLE, fn: ROLE, schema: ROLE }]);
  });

  it("runs the service's real migrations as the role, which then reads and writes its tables", async () => {
    const applied = await migrateDatabase({
      config: { ...superuser, user: ROLE, password: PASSWORDS[ROLE]!, database_suffix: suffix },
      database: 'order',
    });
    expect(applied.length).toBeGreaterThan(0);
    const client = await connectAs(ROLE, ROLE);
    try {
      const tables = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = $1`, [ROLE]);
      expect(tables.rows[0].n).toBeGreaterThan(1);
      await client.query(`INSERT INTO earlier (note) VALUES ('as the role')`);
      await expect(client.query('CREATE ROLE intruder')).rejects.toThrow(/permission denied/);
      await expect(client.query('CREATE DATABASE intruder')).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });

  it("refuses the role another service's database, and that service's role this one", async () => {
    const run = runRoleScript(OTHER);
    expect(run.status, run.stderr).toBe(0);
    await expect(connectAs(ROLE, OTHER)).rejects.toThrow(/permission denied for database/);
    await expect(connectAs(OTHER, ROLE)).rejects.toThrow(/permission denied for database/);
    // Made by the script, as in a fresh cluster: owned by its role from the start.
    const owner = await asSuperuser('postgres', (client) =>
      client.query('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [OTHER]),
    );
    expect(owner.rows).toEqual([{ owner: OTHER }]);
  });
});
