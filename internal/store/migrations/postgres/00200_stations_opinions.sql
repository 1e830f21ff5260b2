-- Liaison stations, reception days and the reception log; citizens' opinions
-- (one record whatever the channel), 12345 work orders, integrations and the
-- submission throttle. Instants are TEXT in UTC, days TEXT 2006-01-02.

-- +goose Up
CREATE TABLE stations (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('township','village','special')),
    sector      TEXT NOT NULL DEFAULT '',
    region_id   TEXT NOT NULL REFERENCES regions(id),
    township_id TEXT NOT NULL REFERENCES regions(id),
    address     TEXT NOT NULL DEFAULT '',
    lat         DOUBLE PRECISION,
    lng         DOUBLE PRECISION,
    hours       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    intro       TEXT NOT NULL DEFAULT '',
    model       BOOLEAN NOT NULL DEFAULT FALSE,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX stations_township ON stations(township_id, kind);

CREATE TABLE station_deputies (
    station_id TEXT NOT NULL REFERENCES stations(id),
    deputy_id  TEXT NOT NULL REFERENCES deputies(id),
    head       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (station_id, deputy_id)
);
CREATE INDEX station_deputies_deputy ON station_deputies(deputy_id);

CREATE TABLE duties (
    id          TEXT PRIMARY KEY,
    station_id  TEXT NOT NULL REFERENCES stations(id),
    day         TEXT NOT NULL,
    start_time  TEXT NOT NULL,
    end_time    TEXT NOT NULL,
    topic       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('planned','held','cancelled')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX duties_station ON duties(station_id, day);
CREATE INDEX duties_day ON duties(day, status);

CREATE TABLE duty_deputies (
    duty_id   TEXT NOT NULL REFERENCES duties(id),
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (duty_id, deputy_id)
);
CREATE INDEX duty_deputies_deputy ON duty_deputies(deputy_id);

CREATE TABLE receptions (
    id          TEXT PRIMARY KEY,
    station_id  TEXT NOT NULL REFERENCES stations(id),
    duty_id     TEXT REFERENCES duties(id),
    day         TEXT NOT NULL,
    visitors    INTEGER NOT NULL DEFAULT 0,
    summary     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX receptions_station ON receptions(station_id, day);

CREATE TABLE reception_deputies (
    reception_id TEXT NOT NULL REFERENCES receptions(id),
    deputy_id    TEXT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (reception_id, deputy_id)
);

CREATE TABLE opinions (
    id               TEXT PRIMARY KEY,
    tracking_code    TEXT NOT NULL UNIQUE,
    channel          TEXT NOT NULL CHECK (channel IN ('qr','reception','hotline','open311','deputy')),
    state            TEXT NOT NULL,
    station_id       TEXT REFERENCES stations(id),
    deputy_id        TEXT REFERENCES deputies(id),
    handler_id       TEXT REFERENCES deputies(id),
    township_id      TEXT REFERENCES regions(id),
    region_id        TEXT REFERENCES regions(id),
    category         TEXT NOT NULL DEFAULT '',
    content          TEXT NOT NULL,
    address          TEXT NOT NULL DEFAULT '',
    lat              DOUBLE PRECISION,
    lng              DOUBLE PRECISION,
    name_enc         TEXT NOT NULL DEFAULT '',
    phone_enc        TEXT NOT NULL DEFAULT '',
    phone_index      TEXT NOT NULL DEFAULT '',
    consent          BOOLEAN NOT NULL DEFAULT FALSE,
    due              TEXT,
    answer           TEXT NOT NULL DEFAULT '',
    answered_at      TEXT,
    forward_to       TEXT NOT NULL DEFAULT '',
    forward_org_id   TEXT REFERENCES organizations(id),
    complex          BOOLEAN NOT NULL DEFAULT FALSE,
    extended         BOOLEAN NOT NULL DEFAULT FALSE,
    forwarded_at     TEXT,
    unit_reply       TEXT NOT NULL DEFAULT '',
    replied_at       TEXT,
    rating           TEXT NOT NULL DEFAULT '',
    rating_note      TEXT NOT NULL DEFAULT '',
    rated_at         TEXT,
    close_reason     TEXT NOT NULL DEFAULT '',
    closed_at        TEXT,
    suggestion_id    TEXT NOT NULL DEFAULT '',
    hotline_order_id TEXT NOT NULL DEFAULT '',
    reception_id     TEXT REFERENCES receptions(id),
    erased_at        TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX opinions_handler ON opinions(handler_id, state);
CREATE INDEX opinions_township ON opinions(township_id, state);
CREATE INDEX opinions_due ON opinions(state, due);
CREATE INDEX opinions_org ON opinions(forward_org_id, state);
CREATE INDEX opinions_station ON opinions(station_id, created_at);
CREATE INDEX opinions_created ON opinions(created_at);
CREATE INDEX opinions_recurring ON opinions(township_id, category, created_at);
CREATE INDEX opinions_phone ON opinions(phone_index);
CREATE INDEX opinions_reception ON opinions(reception_id);

CREATE TABLE hotline_orders (
    id          TEXT PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    channel     TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    region_code TEXT NOT NULL,
    type        TEXT NOT NULL,
    content     TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('api','import')),
    opinion_id  TEXT NOT NULL REFERENCES opinions(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX hotline_orders_received ON hotline_orders(received_at);

CREATE TABLE hotline_events (
    dedupe_key TEXT PRIMARY KEY,
    opinion_id TEXT NOT NULL REFERENCES opinions(id),
    event      TEXT NOT NULL,
    at         TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX hotline_events_opinion ON hotline_events(opinion_id);

CREATE TABLE integrations (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('hotline','open311')),
    name         TEXT NOT NULL,
    secret_enc   TEXT NOT NULL,
    key_index    TEXT NOT NULL UNIQUE,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
);

CREATE TABLE opinion_throttle (
    id        TEXT PRIMARY KEY,
    kind      TEXT NOT NULL,
    key_index TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX opinion_throttle_key ON opinion_throttle(kind, key_index, at);

-- +goose Down
DROP TABLE opinion_throttle;
DROP TABLE integrations;
DROP TABLE hotline_events;
DROP TABLE hotline_orders;
DROP TABLE opinions;
DROP TABLE reception_deputies;
DROP TABLE receptions;
DROP TABLE duty_deputies;
DROP TABLE duties;
DROP TABLE station_deputies;
DROP TABLE stations;
