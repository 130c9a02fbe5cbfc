-- Service webhooks (CallbackUrl, InterceptCallbackUrl, OutOfSessionCallbackUrl) are signed with the account's auth
-- token, as Twilio signs them, so the token itself must be recoverable: it is kept sealed (AES-256-GCM under the
-- gateway's webhook-signing key, bound to the account SID), next to the hash that authenticates. Null when the
-- gateway has no signing key, or for tokens set before this column existed: such accounts' webhooks go unsigned
-- until the token is set again (docs/operations.md).
ALTER TABLE accounts ADD COLUMN auth_token_sealed BYTEA;
