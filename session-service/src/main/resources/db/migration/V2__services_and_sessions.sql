-- Read models of session-service, kept by subscribing processors in the command's own transaction.
-- They answer reads and enforce set-based rules (unique names) with unique indexes.

CREATE TABLE services (
    sid                         VARCHAR(34)  PRIMARY KEY,
    account_sid                 VARCHAR(34)  NOT NULL,
    unique_name                 VARCHAR(191) NOT NULL,
    default_ttl                 INTEGER      NOT NULL,
    callback_url                TEXT,
    geo_match_level             VARCHAR(16)  NOT NULL,
    number_selection_behavior   VARCHAR(16)  NOT NULL,
    intercept_callback_url      TEXT,
    out_of_session_callback_url TEXT,
    chat_instance_sid           VARCHAR(34),
    date_created                TIMESTAMPTZ  NOT NULL,
    date_updated                TIMESTAMPTZ  NOT NULL
);
-- Service UniqueName is unique within an account.
CREATE UNIQUE INDEX services_unique_name ON services (account_sid, unique_name);
CREATE INDEX services_by_account ON services (account_sid, date_created, sid);

CREATE TABLE sessions (
    sid                   VARCHAR(34)  PRIMARY KEY,
    service_sid           VARCHAR(34)  NOT NULL,
    account_sid           VARCHAR(34)  NOT NULL,
    unique_name           VARCHAR(191),
    status                VARCHAR(16)  NOT NULL,
    mode                  VARCHAR(32)  NOT NULL,
    ttl                   INTEGER      NOT NULL,
    date_expiry           TIMESTAMPTZ,
    date_started          TIMESTAMPTZ,
    date_ended            TIMESTAMPTZ,
    date_last_interaction TIMESTAMPTZ,
    closed_reason         VARCHAR(32),
    -- Start of the Ttl clock: creation, re-opening or the last interaction.
    last_activity         TIMESTAMPTZ  NOT NULL,
    -- When the session closes by itself (DateExpiry, else last_activity + ttl); null if never or already closed.
    expires_at            TIMESTAMPTZ,
    date_created          TIMESTAMPTZ  NOT NULL,
    date_updated          TIMESTAMPTZ  NOT NULL
);
-- Session UniqueName is unique within its Service (Twilio error 80603).
CREATE UNIQUE INDEX sessions_unique_name ON sessions (service_sid, unique_name) WHERE unique_name IS NOT NULL;
CREATE INDEX sessions_by_service ON sessions (service_sid, date_created, sid);
-- The expiry scheduler's work list.
CREATE INDEX sessions_due ON sessions (expires_at) WHERE expires_at IS NOT NULL;
