package dev.openproxy.e2e;

import dev.openproxy.e2e.GatewayHttpClient.Exchange;
import dev.openproxy.e2e.SpecOperations.Operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which operations of Twilio's spec a test suite has really exercised. Listens to {@link GatewayHttpClient}s: an
 * operation counts as covered once one of its requests got a 2xx response that conformed to the spec, so an
 * operation that was only ever answered with an error (or with a body the spec rejects) is still missing.
 */
public final class OperationCoverage implements GatewayHttpClient.ExchangeListener {

    private final SpecOperations spec;
    private final Set<Operation> covered = new LinkedHashSet<>();
    /** Per operation not (yet) covered: the statuses it was answered with, to explain why it is missing. */
    private final Map<Operation, Set<Integer>> otherAnswers = new LinkedHashMap<>();
    private final Set<String> outsideSpec = new TreeSet<>();

    public OperationCoverage(SpecOperations spec) {
        this.spec = spec;
    }

    @Override
    public synchronized void checked(Exchange exchange, List<String> contractErrors) {
        spec.match(exchange.method(), exchange.path()).ifPresentOrElse(operation -> {
            boolean success = exchange.status() >= 200 && exchange.status() < 300;
            if (success && contractErrors.isEmpty()) {
                covered.add(operation);
            } else {
                otherAnswers.computeIfAbsent(operation, o -> new TreeSet<>()).add(exchange.status());
            }
        }, () -> outsideSpec.add(exchange.method() + " " + exchange.path()));
    }

    public synchronized Set<Operation> covered() {
        return Set.copyOf(covered);
    }

    /** The spec's operations that no conforming 2xx answered yet, in the spec's order. */
    public synchronized List<Operation> missing() {
        return spec.all().stream().filter(operation -> !covered.contains(operation)).toList();
    }

    /** Requests whose path and method are no operation of the spec (e.g. the removed ShortCodes). */
    public synchronized Set<String> outsideSpec() {
        return Set.copyOf(outsideSpec);
    }

    /** Fails, naming each one, when an operation of the spec was not exercised with a conforming answer. */
    public synchronized void assertEveryOperationCovered() {
        List<String> lines = new ArrayList<>();
        for (Operation operation : missing()) {
            Set<Integer> answers = otherAnswers.get(operation);
            lines.add(operation + (answers == null ? ": never called" : ": only answered " + answers
                    + " or with a body the spec rejects"));
        }
        if (!lines.isEmpty()) {
            throw new AssertionError(lines.size() + " of the " + spec.all().size()
                    + " operations of Twilio's spec were not exercised with a conforming answer:"
                    + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", lines));
        }
    }
}
