package dev.openproxy.participant.participants.command;

/**
 * The set-based half of adding a participant, run by the aggregate inside the command's database transaction:
 * the session must be open or in-progress, and the (identifier, proxy number) pair must not be active in another
 * session. Implemented over the {@code active_pairs} table ({@code pairs.ActivePairs}); see docs/adr/0008.
 */
public interface PairReservations {

    /**
     * Reserves the pair for this participant until it is removed or its session closes.
     *
     * @throws dev.openproxy.support.web.TwilioApiException 20404 if the session is unknown, 80607 if it is closed
     * @throws dev.openproxy.participant.pairs.PairTakenException if another session holds the pair
     */
    void reserve(String sessionSid, String participantSid, String identifier, String proxyNumberSid);
}
