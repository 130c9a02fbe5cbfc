-- Narrower key scopes (docs/adr/0012-crypto-shredding.md): an Interaction's personal fields are encrypted under the
-- Interaction's own key, so deleting one Interaction erases it alone. Its row names the Session as its parent, so that
-- erasing the Session (its DELETE, its Service's, retention) erases every key under it in the same statement.
ALTER TABLE personal_data_keys ADD COLUMN parent_scope_id VARCHAR(64);

CREATE INDEX personal_data_keys_by_parent ON personal_data_keys (parent_scope_id) WHERE parent_scope_id IS NOT NULL;
