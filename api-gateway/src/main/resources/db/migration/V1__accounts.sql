-- Accounts that may call the API. Only a SHA-256 hash of the auth token is kept, so a database dump
-- does not hand out working credentials.
CREATE TABLE accounts (
    sid             VARCHAR(34)  PRIMARY KEY,
    auth_token_hash BYTEA        NOT NULL,
    friendly_name   VARCHAR(255) NOT NULL,
    date_created    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT accounts_sid_format CHECK (sid ~ '^AC[0-9a-fA-F]{32}$'),
    CONSTRAINT accounts_hash_length CHECK (octet_length(auth_token_hash) = 32)
);
