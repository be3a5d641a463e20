-- sipas schema, first version: surveys, units and their changes, uploads, questionnaires,
-- tallies, the aggregate counts every report reads, accounts and the audit trail.
-- Applied by `sipas db migrate` in one transaction. Never edit once merged: add a new file.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Survey definitions, one row per (code, version). Immutable once stored.
CREATE TABLE surveys (
    survey_id     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code          text    NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
    version       integer NOT NULL CHECK (version > 0),
    title_vi      text    NOT NULL,
    title_en      text    NOT NULL,
    source        text    NOT NULL,
    definition    jsonb   NOT NULL,
    content_hash  text    NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (code, version)
);

-- A stored survey version never changes: a new wording is a new version.
CREATE FUNCTION surveys_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'survey % version % is stored and cannot be changed; add a new version', OLD.code, OLD.version
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER surveys_no_update BEFORE UPDATE ON surveys
    FOR EACH ROW EXECUTE FUNCTION surveys_immutable();

-- Administrative units. A unit is its code *and* its validity: codes are reused after
-- reorganisations, so each version of a unit is a row valid from valid_from to valid_to
-- (inclusive; NULL = still valid). Two versions of one code never overlap.
CREATE TABLE units (
    unit_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code         text NOT NULL CHECK (code <> ''),
    level        text NOT NULL CHECK (level IN ('province', 'district', 'commune', 'department')),
    type         text NOT NULL DEFAULT '',
    name         text NOT NULL CHECK (name <> ''),
    parent_code  text,
    valid_from   date NOT NULL,
    valid_to     date,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CHECK (parent_code IS NULL OR parent_code <> code),
    EXCLUDE USING gist (code WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
);
CREATE INDEX units_parent_idx ON units (parent_code);

-- Successions between unit versions: old_code (valid the day before effective_on) ->
-- new_code (valid on effective_on). A split lists several rows for one old code; one of them
-- is the default successor, and shares, when given, say how counts divide.
CREATE TABLE unit_changes (
    unit_change_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    old_code       text NOT NULL,
    new_code       text NOT NULL,
    effective_on   date NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),
    is_default     boolean NOT NULL DEFAULT false,
    share          numeric CHECK (share IS NULL OR (share > 0 AND share <= 1)),
    note           text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (old_code, new_code, effective_on)
);
CREATE UNIQUE INDEX unit_changes_one_default_idx
    ON unit_changes (old_code, effective_on) WHERE is_default;

-- Accounts. An uploader's scope is its unit code and that unit's descendants.
CREATE TABLE app_users (
    user_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
    display_name   text NOT NULL DEFAULT '',
    password_hash  text,
    role           text NOT NULL CHECK (role IN ('admin', 'analyst', 'uploader', 'viewer')),
    unit_code      text,
    disabled       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (role <> 'uploader' OR unit_code IS NOT NULL)
);

CREATE TABLE api_tokens (
    api_token_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES app_users,
    token_hash    text NOT NULL UNIQUE,
    label         text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);

CREATE TABLE sessions (
    session_id    text PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES app_users,
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);

-- Every imported file. Superseded uploads stay, out of every analysis.
CREATE TABLE uploads (
    upload_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('tallies', 'responses')),
    survey_id      integer NOT NULL REFERENCES surveys,
    file_name      text NOT NULL,
    sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    uploaded_by    text NOT NULL,
    user_id        bigint REFERENCES app_users,
    uploaded_at    timestamptz NOT NULL DEFAULT now(),
    status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'superseded')),
    supersedes     bigint[] NOT NULL DEFAULT '{}',
    superseded_by  bigint REFERENCES uploads,
    row_count      integer NOT NULL DEFAULT 0 CHECK (row_count >= 0),
    unit_count     integer NOT NULL DEFAULT 0 CHECK (unit_count >= 0),
    questionnaires integer NOT NULL DEFAULT 0 CHECK (questionnaires >= 0),
    UNIQUE (kind, survey_id, sha256)
);

-- Periods: a month (period_kind 'month', period_start the first day) or a quarter
-- ('quarter', period_start the first day of its first month).
-- What each upload covers, to find conflicting uploads for a (survey, unit, period).
CREATE TABLE upload_scopes (
    upload_id     bigint  NOT NULL REFERENCES uploads,
    survey_id     integer NOT NULL REFERENCES surveys,
    unit_id       bigint  NOT NULL REFERENCES units,
    period_kind   text    NOT NULL CHECK (period_kind IN ('month', 'quarter')),
    period_start  date    NOT NULL CHECK (extract(day FROM period_start) = 1),
    PRIMARY KEY (upload_id, unit_id, period_kind, period_start)
);
CREATE INDEX upload_scopes_lookup_idx ON upload_scopes (survey_id, unit_id, period_start);
CREATE INDEX uploads_status_idx ON uploads (survey_id, status);

-- Individual questionnaires, as they came. answers[i] is the option index of the survey's
-- i-th item (in the stored definition's item order), 0 = no answer.
CREATE TABLE responses (
    response_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    upload_id      bigint  REFERENCES uploads,
    survey_id      integer NOT NULL REFERENCES surveys,
    unit_id        bigint  NOT NULL REFERENCES units,
    response_date  date    NOT NULL,
    channel        text    NOT NULL CHECK (channel IN ('paper', 'kiosk', 'web', 'phone', 'post')),
    client_id      text,
    answers        smallint[] NOT NULL,
    profile        jsonb   NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (survey_id, client_id)
);
CREATE INDEX responses_upload_idx ON responses (upload_id);

-- Tally sheets, long format: how many questionnaires chose each option of each item.
-- item_code 'questionnaires' with option_code '' holds the number of questionnaires.
CREATE TABLE tallies (
    upload_id     bigint  NOT NULL REFERENCES uploads,
    survey_id     integer NOT NULL REFERENCES surveys,
    unit_id       bigint  NOT NULL REFERENCES units,
    period_kind   text    NOT NULL CHECK (period_kind IN ('month', 'quarter')),
    period_start  date    NOT NULL CHECK (extract(day FROM period_start) = 1),
    item_code     text    NOT NULL,
    option_code   text    NOT NULL,
    count         integer NOT NULL CHECK (count >= 0),
    PRIMARY KEY (upload_id, unit_id, period_kind, period_start, item_code, option_code)
);

-- The counts each upload contributes (a tally's counts; the questionnaires of a responses
-- upload counted at import). item_counts is their sum over active uploads, so a supersede or
-- revert subtracts or adds exactly what one upload brought.
CREATE TABLE upload_counts (
    upload_id     bigint  NOT NULL REFERENCES uploads,
    unit_id       bigint  NOT NULL REFERENCES units,
    period_kind   text    NOT NULL CHECK (period_kind IN ('month', 'quarter')),
    period_start  date    NOT NULL CHECK (extract(day FROM period_start) = 1),
    item_code     text    NOT NULL,
    option_code   text    NOT NULL,
    channel       text    NOT NULL DEFAULT '',
    count         bigint  NOT NULL CHECK (count >= 0),
    PRIMARY KEY (upload_id, unit_id, period_kind, period_start, item_code, option_code, channel)
);

-- The aggregate every report reads: counts summed over active uploads, kept current in the
-- same transaction as each import, supersede and revert.
CREATE TABLE item_counts (
    survey_id     integer NOT NULL REFERENCES surveys,
    unit_id       bigint  NOT NULL REFERENCES units,
    period_kind   text    NOT NULL CHECK (period_kind IN ('month', 'quarter')),
    period_start  date    NOT NULL CHECK (extract(day FROM period_start) = 1),
    item_code     text    NOT NULL,
    option_code   text    NOT NULL,
    channel       text    NOT NULL DEFAULT '',
    count         bigint  NOT NULL CHECK (count >= 0),
    PRIMARY KEY (survey_id, period_start, period_kind, unit_id, item_code, option_code, channel)
);

-- Append-only audit trail of every write.
CREATE TABLE audit_events (
    audit_event_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor           text NOT NULL,
    user_id         bigint REFERENCES app_users,
    action          text NOT NULL,
    object_type     text NOT NULL DEFAULT '',
    object_id       text NOT NULL DEFAULT '',
    details         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
