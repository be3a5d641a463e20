-- Answers through public links that may not come from a person reading the form: posted
-- faster than the form can be read, or in a burst from one address. They are stored (a
-- flag is a doubt, not a proof) and counted as usual; `sipas report --exclude-flagged`
-- leaves them out and says how many.
--
-- No raw address is stored: `address_hash` is SHA-256 of the address with a salt of the day
-- (`service_keys`, 'address:YYYY-MM-DD'); salts older than yesterday are deleted, after
-- which nobody can tell which address a hash came from. It serves abuse checks only (how
-- many answers one address sent in the last minutes) and is cleared after two days.
--
-- Never edit once merged: add a new file.

ALTER TABLE responses ADD COLUMN flag text CHECK (flag IN ('fast', 'burst'));
ALTER TABLE responses ADD COLUMN address_hash bytea;
CREATE INDEX responses_address_idx ON responses (address_hash, created_at) WHERE address_hash IS NOT NULL;

-- Folded submissions keep flagged and unflagged answers in separate vectors, so a report
-- can leave the flagged ones out without reading a single questionnaire.
ALTER TABLE submission_vectors ADD COLUMN flagged boolean NOT NULL DEFAULT false;
ALTER TABLE submission_vectors DROP CONSTRAINT submission_vectors_pkey;
ALTER TABLE submission_vectors ADD PRIMARY KEY (survey_id, period_start, unit_id, channel, flagged);

-- Keys the service makes for itself: the salts of the address hashes (one a day, name
-- 'address:<day>') and the key that signs when a public form was opened ('form').
CREATE TABLE service_keys (
    name        text PRIMARY KEY,
    key         bytea NOT NULL CHECK (length(key) >= 32),
    created_at  timestamptz NOT NULL DEFAULT now()
);
