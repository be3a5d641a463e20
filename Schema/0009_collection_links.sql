-- Public questionnaire links: an unguessable token for one survey version and one unit
-- version. Whoever holds the link (a QR code at the one-stop desk, a link on a dossier
-- receipt) may answer that unit's questionnaire, channel `web`; each questionnaire is a
-- `responses` row submitted by `link:<link_id>`, so its client id (the form's own nonce) is
-- unique per link. Links are revoked or expire, never deleted.
CREATE TABLE collection_links (
    link_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token            text NOT NULL UNIQUE CHECK (token ~ '^[A-Za-z0-9_-]{22,64}$'),
    survey_id        integer NOT NULL REFERENCES surveys,
    unit_id          bigint NOT NULL REFERENCES units,
    valid_until      date,
    require_dossier  boolean NOT NULL DEFAULT false,
    created_by       text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    revoked_at       timestamptz
);
CREATE INDEX collection_links_unit_idx ON collection_links (unit_id);
