-- PhoneNumbers (issue 3). Tables kept by the subscribing projection in the command's own transaction:
--   pool_numbers   one row per number in a pool; its UNIQUE (phone_number) from V2 is the 80601 rule
--   pool_capacity  per-Service counts, raised with a conditional UPDATE: the 500 / 5,000 limits, race-free
-- and Kafka-fed tables (each update in the same transaction as its projection_offsets row):
--   services                the Services that exist (openproxy.services.v1), checked before a number joins one
--   session_states          whether a Session is active (openproxy.sessions.v1)
--   participant_assignments which proxy number each Participant uses (openproxy.participants.v1)
-- pool_numbers.in_use and .active_participants are recounted from the last two whenever either changes.

ALTER TABLE pool_numbers
    ADD COLUMN friendly_name       VARCHAR(64),
    ADD COLUMN iso_country         VARCHAR(2),
    ADD COLUMN sms                 BOOLEAN NOT NULL DEFAULT TRUE,
    ADD COLUMN mms                 BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN voice               BOOLEAN NOT NULL DEFAULT TRUE,
    ADD COLUMN fax                 BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN active_participants INTEGER NOT NULL DEFAULT 0;

CREATE TABLE pool_capacity (
    service_sid VARCHAR(34) NOT NULL PRIMARY KEY,
    reserved    INTEGER     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    unreserved  INTEGER     NOT NULL DEFAULT 0 CHECK (unreserved >= 0)
);

CREATE TABLE services (
    sid          VARCHAR(34) NOT NULL PRIMARY KEY,
    account_sid  VARCHAR(34) NOT NULL,
    date_created TIMESTAMPTZ NOT NULL
);

CREATE TABLE session_states (
    session_sid VARCHAR(34) NOT NULL PRIMARY KEY,
    service_sid VARCHAR(34) NOT NULL,
    -- active (open or in-progress), closed, or deleted (kept, so a late participant event for it counts for nothing)
    state       VARCHAR(16) NOT NULL
);
CREATE INDEX session_states_by_service ON session_states (service_sid);

CREATE TABLE participant_assignments (
    participant_sid  VARCHAR(34) NOT NULL PRIMARY KEY,
    session_sid      VARCHAR(34) NOT NULL,
    service_sid      VARCHAR(34) NOT NULL,
    phone_number_sid VARCHAR(34) NOT NULL
);
CREATE INDEX participant_assignments_by_number ON participant_assignments (phone_number_sid);
CREATE INDEX participant_assignments_by_session ON participant_assignments (session_sid);
CREATE INDEX participant_assignments_by_service ON participant_assignments (service_sid);
