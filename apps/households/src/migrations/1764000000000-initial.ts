import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit table, append-only (a trigger refuses UPDATE and DELETE): the SQL of `auditTableSql()`
 * (@epg/persistence), frozen here: replaying this migration must not follow later changes of the
 * helper.
 */
const AUDIT_TABLE_SQL = [
  `CREATE TABLE audit_entry (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      subject text NOT NULL,
      role text NOT NULL,
      region_scope text NOT NULL,
      request_id text,
      operation text NOT NULL,
      entity_type text NOT NULL,
      entity_id text,
      before jsonb,
      after jsonb
    )`,
  `CREATE INDEX audit_entry_entity_idx ON audit_entry (entity_type, entity_id)`,
  `CREATE INDEX audit_entry_at_idx ON audit_entry (at)`,
  `CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END $$`,
  `CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry
     FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`,
];

/**
 * The households ledger: regions and poor-village facts, registered households with their
 * status history, help ledger and members, import requests, and the change feed columns
 * (`change_xid`, `change_seq`) that other services' projections page through.
 */
export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of AUDIT_TABLE_SQL) await q.query(sql);
    await q.query(`
      CREATE TABLE region (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3}){0,2}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        level text NOT NULL CHECK (level IN ('PROVINCE','CITY','COUNTY','TOWNSHIP','VILLAGE')),
        parent_code text REFERENCES region (code)
      )`);
    await q.query(`CREATE INDEX region_parent_idx ON region (parent_code)`);
    await q.query(`CREATE INDEX region_code_prefix_idx ON region (code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE village_poverty_fact (
        village_code text NOT NULL REFERENCES region (code),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        incidence_percent numeric(5,2) NOT NULL CHECK (incidence_percent BETWEEN 0 AND 100),
        income_per_capita_fen integer NOT NULL CHECK (income_per_capita_fen >= 0),
        has_collective_income boolean NOT NULL,
        PRIMARY KEY (village_code, year)
      )`);
    await q.query(`CREATE SEQUENCE change_seq`);
    await q.query(`
      CREATE TABLE household (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        registration_number text NOT NULL UNIQUE,
        village_code text NOT NULL REFERENCES region (code),
        category text NOT NULL,
        poverty_causes text[] NOT NULL,
        annual_income_per_capita_fen integer NOT NULL CHECK (annual_income_per_capita_fen >= 0),
        income_sources jsonb NOT NULL DEFAULT '[]',
        identified_on date NOT NULL,
        status text NOT NULL CHECK (status IN ('IDENTIFIED','EXITED','RELAPSED','REMOVED')),
        status_on date NOT NULL,
        last_exited_on date,
        monitoring_class text CHECK (monitoring_class IN ('POLICY_GUARANTEED','CONSOLIDATING')),
        risk_flags text[] NOT NULL DEFAULT '{}',
        helper_name text,
        helper_unit text,
        helper_phone text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX household_village_idx ON household (village_code text_pattern_ops, registration_number)`);
    await q.query(`
      CREATE TABLE household_status_change (
        id bigserial PRIMARY KEY,
        household_id uuid NOT NULL REFERENCES household (id),
        status text NOT NULL,
        on_date date NOT NULL,
        reason text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX household_status_change_household_idx ON household_status_change (household_id, id)`);
    await q.query(`
      CREATE TABLE help_measure (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES household (id),
        measure text NOT NULL,
        goal text NOT NULL,
        started_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX help_measure_household_idx ON help_measure (household_id)`);
    await q.query(`
      CREATE TABLE help_progress (
        id bigserial PRIMARY KEY,
        measure_id uuid NOT NULL REFERENCES help_measure (id),
        on_date date NOT NULL,
        note text NOT NULL
      )`);
    await q.query(`CREATE INDEX help_progress_measure_idx ON help_progress (measure_id, on_date)`);
    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES household (id),
        name text NOT NULL,
        id_number text NOT NULL CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
        gender text NOT NULL CHECK (gender IN ('MALE','FEMALE')),
        birth_date date NOT NULL,
        relation_to_head text NOT NULL,
        has_disability boolean NOT NULL DEFAULT false,
        village_code text NOT NULL,
        live boolean NOT NULL DEFAULT true,
        labour_capacity text CHECK (labour_capacity IN ('FULL','PARTIAL','NONE')),
        labour_skills text[] NOT NULL DEFAULT '{}',
        employed boolean,
        employer text,
        labour_updated_on date,
        changed_at timestamptz NOT NULL DEFAULT now(),
        change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        change_seq bigint NOT NULL DEFAULT nextval('change_seq')
      )`);
    await q.query(`CREATE INDEX person_household_idx ON person (household_id)`);
    await q.query(`CREATE INDEX person_village_idx ON person (village_code text_pattern_ops)`);
    // One person belongs to at most one live registered household.
    await q.query(`CREATE UNIQUE INDEX person_live_id_number_idx ON person (id_number) WHERE live`);
    await q.query(`CREATE INDEX person_change_idx ON person (change_xid, change_seq)`);
    await q.query(`CREATE INDEX person_changed_at_idx ON person (changed_at)`);
    // Every change to a person moves it to the end of the feed, ordered by transaction.
    await q.query(`
      CREATE FUNCTION person_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.changed_at := now();
        NEW.change_xid := pg_current_xact_id();
        NEW.change_seq := nextval('change_seq');
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER person_touch BEFORE INSERT OR UPDATE ON person FOR EACH ROW EXECUTE FUNCTION person_touch()`);
    // A household's facts travel with its members in the feed: a change re-announces them.
    await q.query(`
      CREATE FUNCTION household_announce_members() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE person SET live = (NEW.status <> 'REMOVED'), village_code = NEW.village_code
         WHERE household_id = NEW.id;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER household_announce_members AFTER UPDATE ON household FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.category IS DISTINCT FROM NEW.category
            OR OLD.village_code IS DISTINCT FROM NEW.village_code OR OLD.last_exited_on IS DISTINCT FROM NEW.last_exited_on)
      EXECUTE FUNCTION household_announce_members()`);
    await q.query(`
      CREATE TABLE import_request (
        idempotency_key text PRIMARY KEY,
        subject text NOT NULL,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['import_request', 'help_progress', 'help_measure', 'household_status_change', 'person', 'household', 'village_poverty_fact', 'region', 'audit_entry']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION household_announce_members`);
    await q.query(`DROP FUNCTION person_touch`);
    await q.query(`DROP FUNCTION audit_entry_append_only`);
    await q.query(`DROP SEQUENCE change_seq`);
  }
}
