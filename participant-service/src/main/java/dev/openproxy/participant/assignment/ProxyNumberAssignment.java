package dev.openproxy.participant.assignment;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.participant.directory.Directory;
import dev.openproxy.participant.directory.DirectoryRepository;
import dev.openproxy.participant.directory.KnownService;
import dev.openproxy.participant.directory.KnownSession;
import dev.openproxy.participant.directory.PoolNumber;
import dev.openproxy.participant.pairs.ActivePairs;
import dev.openproxy.participant.pairs.IdentifierDigest;
import dev.openproxy.participant.participants.api.Identifier;
import dev.openproxy.participant.participants.query.ParticipantRepository;
import dev.openproxy.support.web.TwilioApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gathers what proxy-number choice depends on (pool, load, the identifier's pairs and history) and applies the
 * rules: {@link ProxyNumberSelector} for automatic choice, pool membership (80605) and the pair rule (80604) for a
 * number the client named. A refusal is only final once the pool and session projections have caught up with Kafka:
 * a number just added, or a session just closed, may not have reached this service yet. Final refusals of automatic
 * choice are counted in {@code openproxy.participants.assignment.refused{code}}: the pool is exhausted for someone.
 */
@Component
public class ProxyNumberAssignment {

    /** The codes {@link ProxyNumberSelector} refuses with; registered up front so every series exists at 0. */
    private static final List<ErrorCode> SELECTION_REFUSALS = List.of(ErrorCode.NO_PROXIES_FOR_SERVICE,
            ErrorCode.NO_UNRESERVED_PROXY, ErrorCode.NO_AVAILABLE_MESSAGE_PROXY, ErrorCode.NO_AVAILABLE_PROXY,
            ErrorCode.NO_AVAILABLE_PROXY_FOR_COUNTRY, ErrorCode.NO_AVAILABLE_UNUSED_PROXY);

    private final DirectoryRepository repository;
    private final Directory directory;
    private final ActivePairs pairs;
    private final ParticipantRepository participants;
    private final MeterRegistry meters;

    public ProxyNumberAssignment(DirectoryRepository repository, Directory directory, ActivePairs pairs,
                                 ParticipantRepository participants, MeterRegistry meters) {
        this.repository = repository;
        this.directory = directory;
        this.pairs = pairs;
        this.participants = participants;
        this.meters = meters;
        SELECTION_REFUSALS.forEach(code -> refusals(code.code()));
    }

    private Counter refusals(int code) {
        return Counter.builder("openproxy.participants.assignment.refused")
                .description("Automatic proxy-number choices refused (Twilio code): no number of the pool was left")
                .tag("code", Integer.toString(code))
                .register(meters);
    }

    /**
     * @param excluded numbers that concurrent requests took while this one was choosing
     */
    public Candidate choose(KnownService service, KnownSession session, Identifier identifier, Set<String> excluded) {
        try {
            return ProxyNumberSelector.select(request(service, session, identifier, excluded));
        } catch (TwilioApiException refused) {
            directory.catchUpWithPool();
            directory.catchUpWithSessions();
            try {
                return ProxyNumberSelector.select(request(service, session, identifier, excluded));
            } catch (TwilioApiException stillRefused) {
                refusals(stillRefused.error().code()).increment();
                throw stillRefused;
            }
        }
    }

    /** The pool entry the client named with ProxyIdentifierSid and/or ProxyIdentifier; reserved numbers included. */
    public PoolNumber named(KnownService service, String proxyIdentifier, String proxyIdentifierSid) {
        Optional<PoolNumber> found = lookUp(service, proxyIdentifier, proxyIdentifierSid);
        if (found.isEmpty()) {
            directory.catchUpWithPool();
            found = lookUp(service, proxyIdentifier, proxyIdentifierSid);
        }
        String named = proxyIdentifier == null ? "ProxyIdentifierSid"
                : proxyIdentifierSid == null ? "ProxyIdentifier" : "ProxyIdentifier and ProxyIdentifierSid";
        return found.orElseThrow(() -> new TwilioApiException(ErrorCode.PROXY_IDENTIFIER_NOT_IN_SERVICE,
                "Proxy identifier not associated with service: " + named + " must name a number of the Service's pool"));
    }

    /** Twilio 80604: the identifier already talks to another session through this number. */
    public void requireFree(Identifier identifier, PoolNumber number, String sessionSid) {
        String digest = IdentifierDigest.of(identifier.value());
        if (heldElsewhere(digest, number.sid(), sessionSid)) {
            directory.catchUpWithSessions();
            if (heldElsewhere(digest, number.sid(), sessionSid)) {
                throw new TwilioApiException(ErrorCode.PROXY_IDENTIFIER_IN_USE,
                        "Proxy identifier already in use with requested identifier in another Session");
            }
        }
    }

    private boolean heldElsewhere(String digest, String numberSid, String sessionSid) {
        return pairs.holder(digest, numberSid).filter(holder -> !holder.equals(sessionSid)).isPresent();
    }

    private Optional<PoolNumber> lookUp(KnownService service, String proxyIdentifier, String proxyIdentifierSid) {
        Optional<PoolNumber> bySid = proxyIdentifierSid == null ? Optional.empty()
                : repository.poolNumberBySid(service.sid(), proxyIdentifierSid);
        if (proxyIdentifier == null) {
            return bySid;
        }
        Optional<String> e164 = Identifier.normaliseNumber(proxyIdentifier);
        Optional<PoolNumber> byNumber = e164.flatMap(number -> repository.poolNumberByNumber(service.sid(), number));
        if (proxyIdentifierSid == null) {
            return byNumber;
        }
        // Both named: they must be the same pool entry.
        return bySid.filter(number -> byNumber.map(other -> other.sid().equals(number.sid())).orElse(false));
    }

    private SelectionRequest request(KnownService service, KnownSession session, Identifier identifier,
                                     Set<String> excluded) {
        String digest = IdentifierDigest.of(identifier.value());
        Map<String, Integer> load = pairs.loadOfPool(service.sid());
        List<Candidate> pool = repository.poolForAutomaticSelection(service.sid()).stream()
                .map(number -> new Candidate(number.sid(), number.phoneNumber(),
                        Location.ofE164(number.phoneNumber(), number.isoCountry()), number.sms(), number.voice(),
                        number.reserved(), load.getOrDefault(number.sid(), 0)))
                .toList();
        return new SelectionRequest(pool, session.mode(), Location.of(identifier.phone()), service.geoMatchLevel(),
                service.numberSelectionBehavior(), pairs.numbersUsedBy(digest),
                participants.mostRecentNumber(service.sid(), digest).orElse(null), Set.copyOf(excluded));
    }
}
