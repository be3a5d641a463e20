-- sipas schema, sixth version: least privilege for the running service.
--
-- Migrations run as the database's owner. The service (`sipas serve`) and the command line's
-- data commands connect as a login role that is a member of `sipas_service`, which may read
-- and write the data but change no table: no DDL, and on the append-only audit trail only
-- SELECT and INSERT — so the service cannot rewrite its own trail, whatever its triggers.
--
-- Roles belong to the whole PostgreSQL cluster. The embedded cluster (and any owner allowed
-- to create roles) gets both `sipas_service` and the login role `sipas_app` here; on a server
-- where the owner may not create roles, an administrator creates them first (README,
-- "Security") and this migration stops with that advice until they exist. Later migrations
-- inherit the grants through the default privileges below; a later table that must be
-- append-only revokes like audit_events.
--
-- Never edit once merged: add a new file.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sipas_service') THEN
        CREATE ROLE sipas_service NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sipas_app') THEN
        CREATE ROLE sipas_app LOGIN IN ROLE sipas_service;
    END IF;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'sipas: % may not create the roles sipas_service and sipas_app; create them as an administrator (README, "Security"), then migrate again', current_user;
    WHEN duplicate_object OR unique_violation THEN
        NULL; -- another database of the cluster created them at the same moment
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO sipas_service', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO sipas_service;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO sipas_service;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM sipas_service;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO sipas_service;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO sipas_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sipas_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO sipas_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO sipas_service;
