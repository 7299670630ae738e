import { type DataSource, QueryFailedError } from 'typeorm';

export type AppRoleOutcome = { active: true; role: string } | { active: false; role: string; reason: string };

/** Serialises the grants of concurrent start-ups on one database (concurrent GRANTs on one table can fail). */
const GRANT_LOCK = 7_240_318_553;

/** SQLSTATEs that mean "this deployment does not let the connecting user do that". */
const NOT_ALLOWED = new Set(['42501', '0LP01', '0L000', '28000']);

/**
 * Makes the application role: NOLOGIN, SELECT/INSERT/UPDATE/DELETE on every table and USAGE on
 * every sequence, but only SELECT and INSERT on `audit_event` (and only SELECT on TypeORM's
 * `migrations`), so UPDATE, DELETE and TRUNCATE of the audit trail fail on privileges before any
 * trigger runs. Run by the owner after migrations, at every start (new tables get their grants).
 * The role is cluster-wide and several processes (or test databases cloned from one template)
 * start at once: creating it tolerates losing the race. Where the connecting user may not create
 * roles or grant, the outcome says why and nothing changes.
 */
export async function ensureAppRole(owner: DataSource, role: string): Promise<AppRoleOutcome> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`Not a plain role name: ${role}`);
  try {
    await owner.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE "${role}" NOLOGIN; END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await becomeMember(owner, role);
    await owner.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [GRANT_LOCK]);
      await manager.query(`GRANT USAGE ON SCHEMA public TO "${role}"`);
      await manager.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${role}"`);
      await manager.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "${role}"`);
      await manager.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM "${role}"`);
      await manager.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM "${role}"`);
    });
  } catch (error) {
    const code = sqlState(error);
    if (code !== undefined && NOT_ALLOWED.has(code)) return { active: false, role, reason: `${(error as Error).message} (SQLSTATE ${code})` };
    throw error;
  }
  const ungranted = await tablesWithout(owner, role);
  if (ungranted.length > 0) return { active: false, role, reason: `the role lacks privileges on ${ungranted.join(', ')} (tables owned by another user?)` };
  return { active: true, role };
}

/** SET ROLE needs membership; a superuser has it implicitly, others are granted it (needs CREATEROLE or ADMIN). */
async function becomeMember(owner: DataSource, role: string): Promise<void> {
  const [me]: { member: boolean }[] = await owner.query(
    `SELECT rolsuper OR pg_has_role(current_user, $1, 'MEMBER') AS member FROM pg_roles WHERE rolname = current_user`,
    [role],
  );
  if (me?.member) return;
  try {
    await owner.query(`GRANT "${role}" TO CURRENT_USER`);
  } catch (error) {
    // Another process granted it a moment ago.
    if (sqlState(error) !== '23505') throw error;
  }
}

async function tablesWithout(owner: DataSource, role: string): Promise<string[]> {
  const rows: { name: string }[] = await owner.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
       AND NOT (has_table_privilege($1, c.oid, 'SELECT') AND (c.relname = 'migrations' OR has_table_privilege($1, c.oid, 'INSERT')))
     ORDER BY 1`,
    [role],
  );
  return rows.map((row) => row.name);
}

function sqlState(error: unknown): string | undefined {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: unknown }) : (error as { code?: unknown } | null);
  return typeof driverError?.code === 'string' ? driverError.code : undefined;
}
