-- The participants projection: what the Participant API reads (fetch, and list by session). Created empty here;
-- filled by a subscribing projection, in the command's own transaction, in the issue that delivers the
-- Participant resource (issue 4), which also adds what that issue's rules need. Rows hold phone numbers:
-- they are removed with their session.
CREATE TABLE participants (
    sid                   VARCHAR(34)  NOT NULL PRIMARY KEY,
    account_sid           VARCHAR(34)  NOT NULL,
    service_sid           VARCHAR(34)  NOT NULL,
    session_sid           VARCHAR(34)  NOT NULL,
    identifier            VARCHAR(255) NOT NULL,
    proxy_identifier      VARCHAR(255),
    proxy_identifier_sid  VARCHAR(34),
    friendly_name         VARCHAR(255),
    date_created          TIMESTAMPTZ  NOT NULL,
    date_updated          TIMESTAMPTZ  NOT NULL
);

CREATE INDEX participants_by_session ON participants (session_sid, date_created, sid);
