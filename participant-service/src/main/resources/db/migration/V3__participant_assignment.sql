-- Participants (issue 4): soft delete, and the tables behind proxy-number assignment and the pair rule.

-- Twilio's DELETE is a soft delete: the row stays, listed, with date_deleted set.
ALTER TABLE participants ADD COLUMN date_deleted TIMESTAMPTZ;
-- SHA-256 of the normalised identifier: looks up an identifier's earlier numbers (sticky selection) without an
-- index on the phone number itself.
ALTER TABLE participants ADD COLUMN identifier_digest VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE participants ALTER COLUMN identifier_digest DROP DEFAULT;
CREATE INDEX participants_by_identifier ON participants (service_sid, identifier_digest, date_created, sid);

-- The rule at the heart of Proxy: an (identifier, proxy number) pair is active in at most one session, because
-- that pair is how an inbound message or call finds its session. One row per pair of a participant of an open or
-- in-progress session; the unique index makes a concurrent second use fail (see docs/adr/0008).
-- identifier_digest, not the identifier: PostgreSQL prints the key of a violated index in its error and its log.
CREATE TABLE active_pairs (
    identifier_digest VARCHAR(64) NOT NULL,
    proxy_number_sid  VARCHAR(34) NOT NULL,
    session_sid       VARCHAR(34) NOT NULL,
    participant_sid   VARCHAR(34) NOT NULL
);
CREATE UNIQUE INDEX active_pairs_pair ON active_pairs (identifier_digest, proxy_number_sid);
CREATE INDEX active_pairs_by_session ON active_pairs (session_sid);
CREATE INDEX active_pairs_by_participant ON active_pairs (participant_sid);
CREATE INDEX active_pairs_by_number ON active_pairs (proxy_number_sid);

-- Projections of other services' events, fed from Kafka (idempotent through projection_offsets).

-- openproxy.services.v1: what number selection needs of a Service.
CREATE TABLE known_services (
    sid                       VARCHAR(34) PRIMARY KEY,
    account_sid               VARCHAR(34) NOT NULL,
    geo_match_level           VARCHAR(16) NOT NULL,
    number_selection_behavior VARCHAR(16) NOT NULL
);

-- openproxy.sessions.v1: the Sessions participants can join, with their mode and status.
CREATE TABLE known_sessions (
    sid         VARCHAR(34) PRIMARY KEY,
    service_sid VARCHAR(34) NOT NULL,
    account_sid VARCHAR(34) NOT NULL,
    mode        VARCHAR(32) NOT NULL,
    status      VARCHAR(16) NOT NULL
);
CREATE INDEX known_sessions_by_service ON known_sessions (service_sid);

-- openproxy.phone-numbers.v1: each Service's pool of proxy numbers.
CREATE TABLE pool_numbers (
    sid          VARCHAR(34) PRIMARY KEY,
    service_sid  VARCHAR(34) NOT NULL,
    account_sid  VARCHAR(34) NOT NULL,
    phone_number VARCHAR(32) NOT NULL,
    iso_country  VARCHAR(2),
    sms          BOOLEAN     NOT NULL,
    mms          BOOLEAN     NOT NULL,
    voice        BOOLEAN     NOT NULL,
    fax          BOOLEAN     NOT NULL,
    reserved     BOOLEAN     NOT NULL
);
CREATE INDEX pool_numbers_by_service ON pool_numbers (service_sid);
