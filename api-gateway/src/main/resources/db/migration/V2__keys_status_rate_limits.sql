-- Accounts can be suspended (their credentials stop working, their data stays); revoking is deleting the row.
ALTER TABLE accounts
    ADD COLUMN status       VARCHAR(16) NOT NULL DEFAULT 'active',
    ADD COLUMN date_updated TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD CONSTRAINT accounts_status CHECK (status IN ('active', 'suspended'));

-- API keys (SK...) authenticate as their account, as Twilio's do. Only a SHA-256 hash of the secret is kept.
-- A revoked key is a deleted row; deleting an account deletes its keys.
CREATE TABLE api_keys (
    sid           VARCHAR(34)  PRIMARY KEY,
    account_sid   VARCHAR(34)  NOT NULL REFERENCES accounts (sid) ON DELETE CASCADE,
    secret_hash   BYTEA        NOT NULL,
    friendly_name VARCHAR(255) NOT NULL,
    date_created  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT api_keys_sid_format CHECK (sid ~ '^SK[0-9a-fA-F]{32}$'),
    CONSTRAINT api_keys_hash_length CHECK (octet_length(secret_hash) = 32)
);
CREATE INDEX api_keys_by_account ON api_keys (account_sid, date_created, sid);

-- Rate-limit counters shared by every gateway replica: requests let through per bucket (account, endpoint,
-- Service) and epoch second. UNLOGGED: no WAL for counters that only matter for a few seconds (a crash empties
-- the table, which only forgets the current window). Old seconds are deleted by RateLimitBucketCleanup.
CREATE UNLOGGED TABLE rate_limit_buckets (
    bucket TEXT    NOT NULL,
    second BIGINT  NOT NULL,
    hits   INTEGER NOT NULL,
    PRIMARY KEY (bucket, second)
);
