package dev.openproxy.support.axon;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Retries a command that lost an optimistic-locking race on its aggregate: another replica appended an event
 * to the same aggregate first. Within one JVM Axon already serialises commands per aggregate; across replicas
 * the loser retries against the new state instead of failing the request with a 500. Business rejections are
 * never retried: they would fail the same way again.
 */
public class ConcurrencyRetryScheduler implements RetryScheduler {

    private final ScheduledExecutorService executor;
    private final int maxRetries;
    private final long intervalMillis;

    public ConcurrencyRetryScheduler(ScheduledExecutorService executor, int maxRetries, long intervalMillis) {
        this.executor = executor;
        this.maxRetries = maxRetries;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (failures.size() > maxRetries || !causedByConcurrency(lastFailure)) {
            return false;
        }
        executor.schedule(commandDispatch, intervalMillis * failures.size(), TimeUnit.MILLISECONDS);
        return true;
    }

    private static boolean causedByConcurrency(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
