-- sipas schema, third version: counts as vectors.
--
-- Until now every count was a row keyed by (unit, period, item, option, channel): a year of a
-- province's questionnaires made two million rows in upload_counts and as many again in
-- item_counts, and imports and reports spent most of their time writing and reading them.
-- Now a unit's counts for one period and channel are one row holding an array: counts[k + 1]
-- is the count of slot k of the survey (count_slots says which item and option a slot is;
-- slot 0 is the number of questionnaires). A year of a province is about 13,000 rows.
--
-- item_counts, upload_counts and submission_counts stay, as views with their old columns
-- (zero counts are not listed; submission_counts lists folded submissions). item_counts is
-- no longer kept as a table: at most one active upload covers a unit and period, so reports
-- read the active uploads' vectors directly, and superseding or reverting an upload only
-- changes its status.
--
-- Questionnaires (`responses`) lose their foreign keys: an import writes a million rows whose
-- upload, survey and unit the importer has just checked in the same transaction, and the
-- three checks per row cost PostgreSQL three times the copy itself. Uploads, surveys and unit
-- versions are never deleted. The unique client id is indexed only where there is one.
--
-- Never edit once merged: add a new file.

-- The slots of a survey version, in the order sipas counts them (`CountSlots`): slot 0 is
-- ('questionnaires', ''); then item by item (the elements' items, then the other items, in
-- the definition's order) "na" unless the item is a free-text profile item, the levels 1–5
-- of a satisfaction item or the option codes of any other item. Written by `sipas survey add`;
-- this function fills it for surveys stored before, from their stored definition.
CREATE TABLE count_slots (
    survey_id    integer NOT NULL REFERENCES surveys,
    slot         integer NOT NULL CHECK (slot >= 0),
    item_code    text    NOT NULL,
    option_code  text    NOT NULL,
    PRIMARY KEY (survey_id, slot),
    UNIQUE (survey_id, item_code, option_code)
);

CREATE FUNCTION sipas_count_slots(definition jsonb)
RETURNS TABLE (slot integer, item_code text, option_code text)
LANGUAGE sql IMMUTABLE AS $$
    WITH items AS (
        SELECT e.ord * 100000 + i.ord AS ord, i.item
        FROM jsonb_array_elements(coalesce(definition -> 'elements', '[]')) WITH ORDINALITY AS e(element, ord),
             jsonb_array_elements(coalesce(e.element -> 'items', '[]')) WITH ORDINALITY AS i(item, ord)
        UNION ALL
        SELECT 1000000000000 + i.ord, i.item
        FROM jsonb_array_elements(coalesce(definition -> 'items', '[]')) WITH ORDINALITY AS i(item, ord)
    ), possible AS (
        SELECT it.ord, it.item ->> 'code' AS item_code, p.option_code, p.position
        FROM items it, LATERAL (
            SELECT 'na' AS option_code, 0::bigint AS position
            WHERE NOT (it.item ->> 'kind' = 'profile' AND jsonb_array_length(coalesce(it.item -> 'options', '[]')) = 0)
            UNION ALL
            SELECT level::text, level FROM generate_series(1, 5) AS level WHERE it.item ->> 'kind' = 'satisfaction'
            UNION ALL
            SELECT o.option ->> 'code', o.ord
            FROM jsonb_array_elements(coalesce(it.item -> 'options', '[]')) WITH ORDINALITY AS o(option, ord)
            WHERE it.item ->> 'kind' <> 'satisfaction'
        ) p
    ), first_of_each AS (
        SELECT DISTINCT ON (ord, option_code) ord, item_code, option_code, position
        FROM possible ORDER BY ord, option_code, position
    )
    SELECT 0, 'questionnaires', ''
    UNION ALL
    SELECT (row_number() OVER (ORDER BY ord, position))::integer, item_code, option_code FROM first_of_each
$$;

INSERT INTO count_slots (survey_id, slot, item_code, option_code)
SELECT s.survey_id, c.slot, c.item_code, c.option_code FROM surveys s, sipas_count_slots(s.definition) c;

-- a + b, element by element (the longer array's length; a missing element counts 0).
CREATE FUNCTION sipas_add_counts(a bigint[], b bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY k) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, k)
$$;

-- What each upload brings, one vector per unit version, period and channel ('' for tallies).
CREATE TABLE upload_vectors (
    upload_id     bigint  NOT NULL REFERENCES uploads,
    survey_id     integer NOT NULL REFERENCES surveys,
    unit_id       bigint  NOT NULL REFERENCES units,
    period_kind   text    NOT NULL CHECK (period_kind IN ('month', 'quarter')),
    period_start  date    NOT NULL CHECK (extract(day FROM period_start) = 1),
    channel       text    NOT NULL DEFAULT '',
    counts        bigint[] NOT NULL CHECK (cardinality(counts) > 0 AND 0 <= ALL (counts)),
    PRIMARY KEY (upload_id, unit_id, period_kind, period_start, channel)
);
CREATE INDEX upload_vectors_read_idx ON upload_vectors (survey_id, period_start);

-- Single submissions (kiosks, the portal), added up per unit version, month and channel. A
-- submission is stored by itself (one insert: kiosks of one commune never wait for each
-- other) and folded into its vector soon after (`sipas serve` does it every few seconds);
-- until then it is `NOT folded` and reports count it from its answers, in the same snapshot.
CREATE TABLE submission_vectors (
    survey_id     integer NOT NULL REFERENCES surveys,
    unit_id       bigint  NOT NULL REFERENCES units,
    period_start  date    NOT NULL CHECK (extract(day FROM period_start) = 1),
    channel       text    NOT NULL,
    counts        bigint[] NOT NULL CHECK (cardinality(counts) > 0 AND 0 <= ALL (counts)),
    PRIMARY KEY (survey_id, period_start, unit_id, channel)
);

-- The counts stored so far, as vectors. Every (item, option) must have a slot: if one has
-- none, the migration stops rather than drop it.
DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(DISTINCT format('%s/%s (survey %s)', c.item_code, c.option_code, u.survey_id), ', ') INTO missing
    FROM upload_counts c JOIN uploads u USING (upload_id)
    WHERE NOT EXISTS (SELECT 1 FROM count_slots s WHERE s.survey_id = u.survey_id AND s.item_code = c.item_code AND s.option_code = c.option_code);
    IF missing IS NULL THEN
        SELECT string_agg(DISTINCT format('%s/%s (survey %s)', c.item_code, c.option_code, c.survey_id), ', ') INTO missing
        FROM submission_counts c
        WHERE NOT EXISTS (SELECT 1 FROM count_slots s WHERE s.survey_id = c.survey_id AND s.item_code = c.item_code AND s.option_code = c.option_code);
    END IF;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'counts without a slot: %; nothing was changed', missing;
    END IF;
END;
$$;

INSERT INTO upload_vectors (upload_id, survey_id, unit_id, period_kind, period_start, channel, counts)
SELECT k.upload_id, k.survey_id, k.unit_id, k.period_kind, k.period_start, k.channel,
       array_agg(coalesce(c.count, 0) ORDER BY s.slot)
FROM (SELECT DISTINCT c.upload_id, u.survey_id, c.unit_id, c.period_kind, c.period_start, c.channel
      FROM upload_counts c JOIN uploads u USING (upload_id)) k
JOIN count_slots s ON s.survey_id = k.survey_id
LEFT JOIN upload_counts c ON c.upload_id = k.upload_id AND c.unit_id = k.unit_id AND c.period_kind = k.period_kind
     AND c.period_start = k.period_start AND c.channel = k.channel AND c.item_code = s.item_code AND c.option_code = s.option_code
GROUP BY k.upload_id, k.survey_id, k.unit_id, k.period_kind, k.period_start, k.channel;

INSERT INTO submission_vectors (survey_id, unit_id, period_start, channel, counts)
SELECT k.survey_id, k.unit_id, k.period_start, k.channel, array_agg(coalesce(c.count, 0) ORDER BY s.slot)
FROM (SELECT DISTINCT survey_id, unit_id, period_start, channel FROM submission_counts) k
JOIN count_slots s ON s.survey_id = k.survey_id
LEFT JOIN submission_counts c ON c.survey_id = k.survey_id AND c.unit_id = k.unit_id AND c.period_start = k.period_start
     AND c.channel = k.channel AND c.item_code = s.item_code AND c.option_code = s.option_code
GROUP BY k.survey_id, k.unit_id, k.period_start, k.channel;

DROP TABLE item_counts;
DROP TABLE upload_counts;
DROP TABLE submission_counts;

-- The old tables' columns, for exports and for anyone reading them with SQL.
CREATE VIEW upload_counts AS
SELECT v.upload_id, v.unit_id, v.period_kind, v.period_start, s.item_code, s.option_code, v.channel, v.counts[s.slot + 1] AS count
FROM upload_vectors v JOIN count_slots s ON s.survey_id = v.survey_id
WHERE v.counts[s.slot + 1] <> 0;

CREATE VIEW item_counts AS
SELECT v.survey_id, v.unit_id, v.period_kind, v.period_start, s.item_code, s.option_code, v.channel,
       sum(v.counts[s.slot + 1])::bigint AS count
FROM upload_vectors v
JOIN uploads u ON u.upload_id = v.upload_id AND u.status = 'active'
JOIN count_slots s ON s.survey_id = v.survey_id
WHERE v.counts[s.slot + 1] <> 0
GROUP BY v.survey_id, v.unit_id, v.period_kind, v.period_start, s.item_code, s.option_code, v.channel;

CREATE VIEW submission_counts AS
SELECT v.survey_id, v.unit_id, 'month'::text AS period_kind, v.period_start, s.item_code, s.option_code, v.channel,
       v.counts[s.slot + 1] AS count
FROM submission_vectors v JOIN count_slots s ON s.survey_id = v.survey_id
WHERE v.counts[s.slot + 1] <> 0;

-- Submissions stored before are counted in submission_counts, hence in their vectors.
ALTER TABLE responses ADD COLUMN folded boolean NOT NULL DEFAULT false;
UPDATE responses SET folded = true WHERE upload_id IS NULL;
CREATE INDEX responses_unfolded_idx ON responses (survey_id, response_date) WHERE upload_id IS NULL AND NOT folded;

-- Questionnaires: no per-row foreign keys (see above); the client id indexed where given.
ALTER TABLE responses DROP CONSTRAINT responses_upload_id_fkey,
                      DROP CONSTRAINT responses_survey_id_fkey,
                      DROP CONSTRAINT responses_unit_id_fkey;
CREATE UNIQUE INDEX responses_client_id_idx ON responses (survey_id, client_id) WHERE client_id IS NOT NULL;
ALTER TABLE responses DROP CONSTRAINT responses_survey_id_client_id_key;
-- Rows of one upload lie together: a block-range index finds them at a fraction of the cost.
DROP INDEX responses_upload_idx;
CREATE INDEX responses_upload_idx ON responses USING brin (upload_id);


