-- Issue 8 (scale): the load of each proxy number, kept up to date with active_pairs, so that automatic selection
-- reads a few rows per number instead of counting every active pair of the Service (which grew linearly with the
-- Sessions: about 200,000 rows per CreateParticipant at 100,000 Sessions).
--
-- Why a trigger: every change of active_pairs (reserve, release of a participant or a session, reactivation, the
-- restore after session.reopened) then moves the count in the same transaction, so the two cannot disagree, whatever
-- code path or future change writes the pairs.
--
-- Why shards: selection is deterministic (the least loaded number wins), so concurrent CreateParticipants of one
-- Service usually pick the same number. One counter row per number would make them queue on its row lock until each
-- commits; 16 rows per number, chosen by the participant, let them pass each other. A pair's insert and its delete
-- hit the same shard (the participant's), so no shard goes negative. The load is the sum of a number's shards.
CREATE TABLE pool_number_load (
    proxy_number_sid VARCHAR(34) NOT NULL,
    shard            SMALLINT    NOT NULL,
    active_pairs     INTEGER     NOT NULL,
    PRIMARY KEY (proxy_number_sid, shard)
);

CREATE FUNCTION pool_number_load_follow_active_pairs() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO pool_number_load (proxy_number_sid, shard, active_pairs)
        VALUES (NEW.proxy_number_sid, hashtext(NEW.participant_sid) & 15, 1)
        ON CONFLICT (proxy_number_sid, shard) DO UPDATE SET active_pairs = pool_number_load.active_pairs + 1;
        RETURN NEW;
    END IF;
    UPDATE pool_number_load SET active_pairs = active_pairs - 1
    WHERE proxy_number_sid = OLD.proxy_number_sid AND shard = hashtext(OLD.participant_sid) & 15;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

-- No UPDATE trigger: pairs are only ever inserted and deleted (ActivePairs).
CREATE TRIGGER active_pairs_load
    AFTER INSERT OR DELETE ON active_pairs
    FOR EACH ROW EXECUTE FUNCTION pool_number_load_follow_active_pairs();

INSERT INTO pool_number_load (proxy_number_sid, shard, active_pairs)
SELECT proxy_number_sid, hashtext(participant_sid) & 15, count(*) FROM active_pairs
GROUP BY proxy_number_sid, hashtext(participant_sid) & 15;

-- Automatic selection reads only the unreserved numbers of a Service (reserved ones are only used when named).
CREATE INDEX pool_numbers_by_service_reserved ON pool_numbers (service_sid, reserved);
