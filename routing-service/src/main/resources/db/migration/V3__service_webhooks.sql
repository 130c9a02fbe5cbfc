-- openproxy.phone-numbers.v1: which Service a proxy number belongs to, so that a contact from an unknown sender
-- (no route) can still be handed to that Service's OutOfSessionCallbackUrl. Proxy numbers are the operator's, not
-- personal data.
CREATE TABLE known_numbers (
    phone_number VARCHAR(255) PRIMARY KEY,
    service_sid  VARCHAR(34)  NOT NULL,
    account_sid  VARCHAR(34)  NOT NULL,
    phone_number_sid VARCHAR(34) NOT NULL
);

CREATE INDEX known_numbers_by_service ON known_numbers (service_sid);
