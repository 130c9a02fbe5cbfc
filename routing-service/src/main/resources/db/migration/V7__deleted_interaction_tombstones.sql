-- Per-Interaction keys (docs/adr/0012-crypto-shredding.md): an Interaction deleted before they existed gets its
-- tombstone now, under its Session, so that no key is ever created for it (PersonalDataReencryption then stores its
-- personal fields as erased instead of re-encrypting them).
INSERT INTO personal_data_keys (scope_id, parent_scope_id, data_key, erased_at)
SELECT sid, session_sid, NULL, now() FROM interactions WHERE deleted
ON CONFLICT (scope_id) DO NOTHING;
