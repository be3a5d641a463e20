-- Scanned pages of printed forms (`sipas scan import`). Every page is kept as evidence (an
-- 8-bit grey PNG) with what was read on it; a page whose items are all clear is `read`, one
-- with an item in doubt waits for `review`. Once every page of a form is read, the form
-- becomes a questionnaire (`responses`, channel `paper`, client id scan:<unit>:<serial>,
-- counted like any single submission) and its pages point to it. A form's page is scanned
-- once: a second scan of the same serial and page is refused. Files are imported whole or not
-- at all, and the same file (by SHA-256) only once. A reviewer's decision on an item in doubt
-- (`sipas scan review`, audited) makes it read; a page with no item left in doubt is read.
--
-- Never edit once merged: add a new file.

CREATE TABLE scan_files (
    scan_file_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256        text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    name          text NOT NULL,
    survey_id     integer NOT NULL REFERENCES surveys,
    period_start  date NOT NULL CHECK (extract(day FROM period_start) = 1),
    imported_by   text NOT NULL,
    imported_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scan_pages (
    scan_page_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scan_file_id  bigint NOT NULL REFERENCES scan_files,
    page_in_file  integer NOT NULL CHECK (page_in_file > 0),
    layout_id     integer NOT NULL REFERENCES form_layouts,
    unit_code     text NOT NULL,
    serial        integer NOT NULL,
    page          integer NOT NULL CHECK (page > 0),
    status        text NOT NULL CHECK (status IN ('read', 'review')),
    -- item code → the options read ([] for a blank item), and the items in doubt with why.
    answers       jsonb NOT NULL,
    doubts        jsonb NOT NULL DEFAULT '{}',
    image_png     bytea NOT NULL,
    -- Where the form lies on the kept image: x = a·mm_x + b·mm_y + c, y = d·mm_x + e·mm_y + f.
    transform     double precision[] NOT NULL CHECK (cardinality(transform) = 6),
    response_id   bigint,
    UNIQUE (unit_code, serial, page),
    FOREIGN KEY (unit_code, serial) REFERENCES paper_forms (unit_code, serial)
);
CREATE INDEX scan_pages_file_idx ON scan_pages (scan_file_id);
