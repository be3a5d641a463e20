-- The dossiers (hồ sơ) each unit handled, from the one-stop system's export
-- (`sipas dossiers import`): the sample frame of the survey (how many dossiers a unit returned
-- in a month, which ones to call) and, for links made with --require-dossier, the receipts
-- whose holders may answer, one questionnaire per dossier.
CREATE TABLE dossier_imports (
    dossier_import_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_name          text NOT NULL,
    sha256             text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    row_count          integer NOT NULL CHECK (row_count >= 0),
    imported_by        text NOT NULL,
    imported_at        timestamptz NOT NULL DEFAULT now()
);

-- A dossier number is unique within its unit's code; a later file with the same number
-- corrects its dates (the dossier was returned, a date was mistyped).
CREATE TABLE dossiers (
    dossier_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_code          text NOT NULL,
    unit_id            bigint NOT NULL REFERENCES units,
    number             text NOT NULL CHECK (number ~ '^[^[:space:]]([^\r\n]*[^[:space:]])?$' AND length(number) <= 64),
    received_on        date NOT NULL,
    returned_on        date CHECK (returned_on >= received_on),
    dossier_import_id  bigint NOT NULL REFERENCES dossier_imports,
    UNIQUE (unit_code, number)
);
CREATE INDEX dossiers_returned_idx ON dossiers (returned_on, unit_code);

-- The questionnaire answered for a dossier through a link that requires one: a second
-- questionnaire for the same dossier cannot be stored (the primary key), in the statement
-- that stores the questionnaire itself.
CREATE TABLE dossier_answers (
    dossier_id   bigint PRIMARY KEY REFERENCES dossiers,
    response_id  bigint NOT NULL UNIQUE,
    answered_at  timestamptz NOT NULL DEFAULT now()
);

-- How many days after its return a dossier's holder may still answer through such a link.
ALTER TABLE collection_links ADD COLUMN dossier_days integer NOT NULL DEFAULT 30 CHECK (dossier_days BETWEEN 1 AND 366);
