-- The floor for POST /api/submissions: the same rows inserted straight into a plain table.
SET client_min_messages = warning;
DROP TABLE IF EXISTS plain_submissions;
CREATE TABLE plain_submissions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id     text NOT NULL UNIQUE,
    survey        text NOT NULL,
    unit          text NOT NULL,
    response_date date NOT NULL,
    channel       text NOT NULL,
    answers       jsonb NOT NULL
);
