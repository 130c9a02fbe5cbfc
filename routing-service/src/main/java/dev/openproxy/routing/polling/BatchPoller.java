package dev.openproxy.routing.polling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A worker that claims rows from the database in batches on one daemon thread: every {@link #interval()} it runs
 * {@link #runBatch()} until a batch comes back short (a full batch means more may be due). All its state is in the
 * database, so a failed round is logged and simply tried again at the next tick, and replicas share the work through
 * their claims ({@code FOR UPDATE SKIP LOCKED}). It stops before the command bus and the database go.
 */
public abstract class BatchPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchPoller.class);

    private final String name;
    private final int batchSize;
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    protected BatchPoller(String name, int batchSize) {
        this.name = name;
        this.batchSize = batchSize;
    }

    /** One batch: claims at most {@code batchSize} rows, handles them, returns how many it claimed. */
    protected abstract int runBatch();

    protected abstract Duration interval();

    /** How long stopping waits for a batch in progress. */
    protected abstract Duration stopGrace();

    /** False: the worker starts no thread (e.g. switched off by configuration). */
    protected boolean enabled() {
        return true;
    }

    private void tick() {
        try {
            while (running && runBatch() == batchSize) {
                // a full batch: more may be due
            }
        } catch (RuntimeException e) {
            log.warn("{}: round failed, tried again at the next tick: {}", name, e.toString());
        }
    }

    @Override
    public void start() {
        running = true;
        if (!enabled()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        long every = interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(stopGrace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
