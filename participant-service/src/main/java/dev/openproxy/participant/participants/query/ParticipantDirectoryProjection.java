package dev.openproxy.participant.participants.query;

import dev.openproxy.contracts.events.participant.ParticipantAddedEvent;
import dev.openproxy.contracts.events.participant.ParticipantRemovedEvent;
import dev.openproxy.participant.pairs.ActivePairs;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@code participants} table in the command's transaction (subscribing processor), so the response and
 * the next read show the write. A removal frees the participant's pair in the same transaction. (The pair itself is
 * reserved by the aggregate's command handler: see docs/adr/0008-proxy-number-pairs.md.)
 */
@Component
@ProcessingGroup("participant-directory")
public class ParticipantDirectoryProjection {

    private final ParticipantRepository participants;
    private final ActivePairs pairs;

    public ParticipantDirectoryProjection(ParticipantRepository participants, ActivePairs pairs) {
        this.participants = participants;
        this.pairs = pairs;
    }

    /**
     * An event read back with its identifier erased belongs to a deleted Session (its key was destroyed with it):
     * a rebuild leaves it out, as the deletion removed its row.
     */
    @EventHandler
    void on(ParticipantAddedEvent event) {
        if (event.identifier() == null) {
            return;
        }
        participants.insert(new ParticipantRow(event.participantSid(), event.accountSid(), event.serviceSid(),
                event.sessionSid(), event.identifier(), event.friendlyName(), event.proxyIdentifier(),
                event.proxyIdentifierSid(), event.addedAt(), event.addedAt(), null));
    }

    @EventHandler
    void on(ParticipantRemovedEvent event) {
        participants.markRemoved(event.participantSid(), event.removedAt());
        pairs.releaseParticipant(event.participantSid());
    }

    @ResetHandler
    void reset() {
        participants.deleteAll();
    }
}
