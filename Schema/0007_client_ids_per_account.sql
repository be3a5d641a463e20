-- sipas schema, seventh version: a client id belongs to the account that sent it.
--
-- A kiosk numbers its questionnaires itself (client ids), so the same id can come from two
-- kiosks: unique per survey across all accounts, the second kiosk's questionnaire was taken
-- for a retry of the first one and lost. A single submission's client id is now unique per
-- survey and submitting account; the ids of questionnaire files stay unique per survey, as
-- before. Every existing row satisfies both (the old index was stricter).
--
-- Never edit once merged: add a new file.

DROP INDEX responses_client_id_idx;
CREATE UNIQUE INDEX responses_file_client_id_idx ON responses (survey_id, client_id)
    WHERE client_id IS NOT NULL AND upload_id IS NOT NULL;
CREATE UNIQUE INDEX responses_submission_client_id_idx ON responses (survey_id, submitted_by, client_id)
    WHERE client_id IS NOT NULL AND upload_id IS NULL;
ALTER TABLE responses ADD CONSTRAINT responses_submission_has_sender CHECK (upload_id IS NOT NULL OR submitted_by IS NOT NULL);
