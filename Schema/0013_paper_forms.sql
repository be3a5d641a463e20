-- Paper questionnaires printed by sipas (`sipas forms print`): the layout every form of a
-- print run was drawn with — each answer box's place in millimetres, so any scan can be read
-- against it — and the serial of every printed form. A serial never repeats for a unit (code):
-- `form_serials` hands them out in blocks, and a scanned page must name a printed serial.
--
-- Never edit once merged: add a new file.

CREATE TABLE form_layouts (
    layout_id      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    survey_id      integer NOT NULL REFERENCES surveys,
    layout         jsonb NOT NULL,
    layout_sha256  text NOT NULL CHECK (layout_sha256 ~ '^[0-9a-f]{64}$'),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (survey_id, layout_sha256)
);

CREATE TABLE form_serials (
    unit_code  text PRIMARY KEY,
    last       integer NOT NULL CHECK (last >= 0)
);

CREATE TABLE paper_forms (
    unit_code   text NOT NULL,
    serial      integer NOT NULL CHECK (serial > 0),
    unit_id     bigint NOT NULL REFERENCES units,
    layout_id   integer NOT NULL REFERENCES form_layouts,
    printed_by  text NOT NULL,
    printed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_code, serial)
);
