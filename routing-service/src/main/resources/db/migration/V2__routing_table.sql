-- The routing table: which session (and which participant in it) an inbound SMS or call belongs to, found by
-- the sender's address and the proxy number it wrote to. The key mirrors the participant service's rule that an
-- (identifier, proxy number) pair is active in at most one session, so a lookup finds one route. Created empty here; filled from the participant
-- service's events in the issue that delivers Interactions and the carrier edge (issue 5). Rows hold phone
-- numbers: they are removed with their session.
CREATE TABLE routing_table (
    sender                   VARCHAR(255) NOT NULL,
    proxy_number             VARCHAR(255) NOT NULL,
    account_sid              VARCHAR(34)  NOT NULL,
    service_sid              VARCHAR(34)  NOT NULL,
    session_sid              VARCHAR(34)  NOT NULL,
    participant_sid          VARCHAR(34)  NOT NULL,
    PRIMARY KEY (sender, proxy_number)
);

CREATE INDEX routing_table_by_session ON routing_table (session_sid);
