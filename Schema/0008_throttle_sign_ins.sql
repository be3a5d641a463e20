-- sipas schema, eighth version: sign-in throttling per (account name, client address).
--
-- Failed sign-ins used to be counted per name OR address from the audit trail, checked before
-- bcrypt and never reserved: five wrong passwords for `admin` from anywhere locked `admin` out
-- for everybody, parallel posts all passed the check, and behind a proxy every user shared one
-- address. Now each (name, address) pair has one row here: an attempt is reserved atomically
-- (one UPDATE … WHERE not_before <= now() RETURNING) before bcrypt runs, so parallel guesses
-- from one address wait their turn, and each failure beyond a few free ones pushes the pair's
-- next allowed attempt further away (growing delays). Another address is not slowed: the
-- right password from the right place still signs in at once.
--
-- `key` is the SHA-256 of name and address, so neither is stored in clear here (a password
-- typed into the name field is not kept). Rows quiet for a day are removed by the service.
--
-- Never edit once merged: add a new file.

CREATE TABLE login_throttle (
    key bytea PRIMARY KEY CHECK (octet_length(key) = 32),
    failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    not_before timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The service removes quiet pairs now and then (SignInThrottleStore.prune).
CREATE INDEX login_throttle_updated_at_idx ON login_throttle (updated_at);
