-- Crypto-shredding (docs/adr/0012-crypto-shredding.md): one AES-256 data key per scope (a Session SID). Every
-- @PersonalData field of an event is stored and published encrypted with its scope's key; erasing the scope
-- destroys the key, and with it every copy of those fields (event store, Kafka, backups of either).
-- An erased scope keeps its row with data_key NULL (a tombstone), so that a late event of a deleted Session
-- cannot get a fresh key: its personal fields are stored as erased. Retention deletes the row instead, so a
-- re-opened Session gets a new key for what it says next.
CREATE TABLE personal_data_keys (
    scope_id   VARCHAR(64) PRIMARY KEY,
    data_key   BYTEA,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    erased_at  TIMESTAMPTZ
);
