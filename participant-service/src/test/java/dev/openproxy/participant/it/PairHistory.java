package dev.openproxy.participant.it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays an event history and finds every moment an (identifier, proxy number) pair was active in two sessions.
 * A participant is active from its {@code participant.added} until its {@code participant.removed}, but only while
 * its session is open or in-progress (created or re-opened, until closed or deleted). Times are compared at
 * millisecond precision, as Axon stores event timestamps.
 */
final class PairHistory {

    enum SessionChange { CREATED, CLOSED, REOPENED, DELETED }

    record SessionEvent(String sessionSid, SessionChange change, Instant at) {
    }

    record Added(String participantSid, String sessionSid, String identifier, String proxyNumberSid, Instant at) {
    }

    record Removed(String participantSid, Instant at) {
    }

    record Interval(String sessionSid, String participantSid, Instant start, Instant end) {
    }

    record Overlap(String pair, Interval first, Interval second) {
    }

    private final List<SessionEvent> sessionEvents = new ArrayList<>();
    private final List<Added> added = new ArrayList<>();
    private final Map<String, Instant> removed = new HashMap<>();

    void session(SessionEvent event) {
        sessionEvents.add(event);
    }

    void added(Added event) {
        added.add(event);
    }

    void removed(Removed event) {
        removed.merge(event.participantSid(), ms(event.at()), (a, b) -> a.isBefore(b) ? a : b);
    }

    /** Every pair that was active in two sessions at once; empty when the rule held throughout. */
    List<Overlap> overlaps() {
        Map<String, List<Interval>> activeSessions = activeIntervalsBySession();
        Map<String, List<Interval>> byPair = new HashMap<>();
        for (Added participant : added) {
            Instant start = ms(participant.at());
            Instant end = removed.getOrDefault(participant.participantSid(), Instant.MAX);
            for (Interval session : activeSessions.getOrDefault(participant.sessionSid(), List.of())) {
                Instant from = max(start, session.start());
                Instant to = min(end, session.end());
                if (from.isBefore(to)) {
                    byPair.computeIfAbsent(participant.identifier() + "|" + participant.proxyNumberSid(), k -> new ArrayList<>())
                            .add(new Interval(participant.sessionSid(), participant.participantSid(), from, to));
                }
            }
        }
        List<Overlap> overlaps = new ArrayList<>();
        byPair.forEach((pair, intervals) -> {
            intervals.sort(Comparator.comparing(Interval::start));
            Interval longest = null;
            for (Interval interval : intervals) {
                if (longest != null && interval.start().isBefore(longest.end())
                        && !interval.sessionSid().equals(longest.sessionSid())) {
                    overlaps.add(new Overlap(pair, longest, interval));
                }
                if (longest == null || interval.end().isAfter(longest.end())) {
                    longest = interval;
                }
            }
        });
        return overlaps;
    }

    int participantsAdded() {
        return added.size();
    }

    private Map<String, List<Interval>> activeIntervalsBySession() {
        Map<String, List<SessionEvent>> bySession = new HashMap<>();
        for (SessionEvent event : sessionEvents) {
            bySession.computeIfAbsent(event.sessionSid(), k -> new ArrayList<>()).add(event);
        }
        Map<String, List<Interval>> active = new HashMap<>();
        bySession.forEach((session, events) -> {
            events.sort(Comparator.comparing(SessionEvent::at));
            List<Interval> intervals = new ArrayList<>();
            Instant openedAt = null;
            for (SessionEvent event : events) {
                Instant at = ms(event.at());
                switch (event.change()) {
                    case CREATED, REOPENED -> {
                        if (openedAt == null) {
                            openedAt = at;
                        }
                    }
                    case CLOSED, DELETED -> {
                        if (openedAt != null) {
                            intervals.add(new Interval(session, null, openedAt, at));
                            openedAt = null;
                        }
                    }
                }
            }
            if (openedAt != null) {
                intervals.add(new Interval(session, null, openedAt, Instant.MAX));
            }
            active.put(session, intervals);
        });
        return active;
    }

    private static Instant ms(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
