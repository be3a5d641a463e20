-- Pairing a kiosk (a tablet at the one-stop desk) with a one-time code.
--
-- `sipas kiosk pair --unit U` makes a short code (8 digits) that a clerk types on the tablet's
-- /kiosk page once; the tablet then holds an API token of its own kiosk account for the unit.
-- Only the SHA-256 of the code is kept. A code is good once and for a short while: redeeming
-- it marks it used, in the same transaction that creates the account and its token, so two
-- tablets typing the same code cannot both be paired. Codes are never deleted: they show who
-- paired which device when.
--
-- Never edit once merged: add a new file.

CREATE TABLE kiosk_pairings (
    kiosk_pairing_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code_hash         bytea NOT NULL CHECK (octet_length(code_hash) = 32),
    survey_id         integer NOT NULL REFERENCES surveys,
    unit_id           bigint NOT NULL REFERENCES units,
    created_by        text NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    expires_at        timestamptz NOT NULL,
    used_at           timestamptz,
    -- The kiosk account and token the code was redeemed for.
    user_id           bigint REFERENCES app_users,
    api_token_id      bigint REFERENCES api_tokens,
    CHECK (expires_at > created_at),
    CHECK ((used_at IS NULL) = (user_id IS NULL) AND (used_at IS NULL) = (api_token_id IS NULL))
);

-- A code that is still to be used names one pairing only (a new code that happens to equal
-- one of them is drawn again).
CREATE UNIQUE INDEX kiosk_pairings_open_code_idx ON kiosk_pairings (code_hash) WHERE used_at IS NULL;
CREATE INDEX kiosk_pairings_code_idx ON kiosk_pairings (code_hash);
