-- sipas schema, fifth version: accounts that fit their job, tokens that end.
--
-- A kiosk (a tablet at the one-stop desk, the public-service portal) is an account of its own
-- role: it may only post questionnaires for its unit. API tokens get an end (expires_at; the
-- CLI sets one by default) and remember when they were last used. Disabling an account,
-- changing its password or its role revokes its tokens and ends its sessions (sipas does it
-- in the same transaction; nothing here brings them back).
--
-- Never edit once merged: add a new file.

ALTER TABLE app_users DROP CONSTRAINT app_users_role_check;
ALTER TABLE app_users ADD CONSTRAINT app_users_role_check CHECK (role IN ('admin', 'analyst', 'uploader', 'viewer', 'kiosk'));
ALTER TABLE app_users DROP CONSTRAINT app_users_check;
ALTER TABLE app_users ADD CONSTRAINT app_users_unit_check CHECK (role NOT IN ('uploader', 'kiosk') OR unit_code IS NOT NULL);

ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
