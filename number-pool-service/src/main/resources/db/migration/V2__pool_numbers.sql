-- The pool_numbers projection: which proxy numbers belong to which Service, and how busy each one is. It answers
-- the PhoneNumber API's reads and the participant service's number selection, and its unique constraint is the
-- rule that a number belongs to at most one Service, checked in the command's own transaction. Created empty
-- here; filled by the subscribing projection in the issue that delivers the PhoneNumber resource (issue 3).
CREATE TABLE pool_numbers (
    sid           VARCHAR(34) NOT NULL PRIMARY KEY,
    account_sid   VARCHAR(34) NOT NULL,
    service_sid   VARCHAR(34) NOT NULL,
    phone_number  VARCHAR(32) NOT NULL UNIQUE,
    is_reserved   BOOLEAN     NOT NULL DEFAULT FALSE,
    in_use        INTEGER     NOT NULL DEFAULT 0,
    date_created  TIMESTAMPTZ NOT NULL,
    date_updated  TIMESTAMPTZ NOT NULL
);

CREATE INDEX pool_numbers_by_service ON pool_numbers (service_sid, date_created, sid);
