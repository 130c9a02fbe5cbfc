-- Kafka-fed projections of other services' events (each write is idempotent; positions in projection_offsets).

-- openproxy.services.v1: owner and the Service's webhook URLs.
CREATE TABLE known_services (
    sid                         VARCHAR(34)  PRIMARY KEY,
    account_sid                 VARCHAR(34)  NOT NULL,
    callback_url                TEXT,
    intercept_callback_url      TEXT,
    out_of_session_callback_url TEXT
);

-- openproxy.sessions.v1: status decides whether a pair routes; mode whether a call may be relayed.
CREATE TABLE known_sessions (
    sid         VARCHAR(34) PRIMARY KEY,
    service_sid VARCHAR(34) NOT NULL,
    account_sid VARCHAR(34) NOT NULL,
    mode        VARCHAR(32) NOT NULL,
    status      VARCHAR(32) NOT NULL
);

CREATE INDEX known_sessions_by_service ON known_sessions (service_sid);

-- The routing table, from openproxy.participants.v1: an inbound SMS or call from `identifier` to `proxy_identifier`
-- belongs to the session whose status is open or in-progress (participant-service keeps such a pair active in at
-- most one session). Rows hold phone numbers: they are removed with their session.
CREATE TABLE routing_table (
    participant_sid  VARCHAR(34)  PRIMARY KEY,
    session_sid      VARCHAR(34)  NOT NULL,
    service_sid      VARCHAR(34)  NOT NULL,
    account_sid      VARCHAR(34)  NOT NULL,
    identifier       VARCHAR(255) NOT NULL,
    proxy_identifier VARCHAR(255) NOT NULL,
    removed          BOOLEAN      NOT NULL DEFAULT FALSE
);

CREATE INDEX routing_table_by_pair ON routing_table (identifier, proxy_identifier) WHERE NOT removed;
CREATE INDEX routing_table_by_session ON routing_table (session_sid);

-- Interactions, kept by a subscribing projection in the command's transaction. The unique inbound resource SID makes
-- a retried webhook (same MessageSid) fail to create a second interaction, and so a second outbound leg.
CREATE TABLE interactions (
    sid                      VARCHAR(34)  PRIMARY KEY,
    session_sid              VARCHAR(34)  NOT NULL,
    service_sid              VARCHAR(34)  NOT NULL,
    account_sid              VARCHAR(34)  NOT NULL,
    type                     VARCHAR(16)  NOT NULL,
    data                     TEXT,
    inbound_participant_sid  VARCHAR(34),
    inbound_resource_sid     VARCHAR(64),  -- null for a MessageInteraction (no inbound leg)
    inbound_resource_type    VARCHAR(16),
    inbound_resource_status  VARCHAR(32),
    outbound_participant_sid VARCHAR(34),
    outbound_resource_sid    VARCHAR(64),
    outbound_resource_type   VARCHAR(16),
    outbound_resource_status VARCHAR(32),
    date_created             TIMESTAMPTZ  NOT NULL,
    date_updated             TIMESTAMPTZ  NOT NULL,
    deleted                  BOOLEAN      NOT NULL DEFAULT FALSE
);

CREATE UNIQUE INDEX interactions_inbound_resource ON interactions (inbound_resource_sid);
CREATE INDEX interactions_by_session ON interactions (session_sid, date_created, sid);
CREATE INDEX interactions_by_outbound_resource ON interactions (outbound_resource_sid);

-- The outbox of relayed SMS, written in the same transaction as the interaction. A poller claims due rows, calls the
-- carrier and retries with backoff; the body and number are cleared once the leg is sent or has failed for good.
CREATE TABLE outbound_messages (
    interaction_sid VARCHAR(34)  PRIMARY KEY,
    session_sid     VARCHAR(34)  NOT NULL,
    from_number     VARCHAR(255) NOT NULL,
    to_number       VARCHAR(255),
    body            TEXT,
    status          VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    last_error      VARCHAR(255),
    created_at      TIMESTAMPTZ  NOT NULL
);

CREATE INDEX outbound_messages_due ON outbound_messages (next_attempt_at) WHERE status = 'pending';

-- The built-in sandbox carrier (no PROXY_CARRIER_BASE_URL): the SMS it was asked to send.
CREATE TABLE sandbox_messages (
    sid             VARCHAR(34)  PRIMARY KEY,
    from_number     VARCHAR(255) NOT NULL,
    to_number       VARCHAR(255) NOT NULL,
    body            TEXT,
    status_callback TEXT,
    date_created    TIMESTAMPTZ  NOT NULL
);
