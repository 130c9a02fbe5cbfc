package dev.openproxy.routing.polling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * A worker that claims rows from the database in batches on one daemon thread: every {@link #interval()}, or at once
 * when {@link #wake()} is called (e.g. after a transaction that inserted a due row committed), it runs
 * {@link #runBatch()} until a batch comes back short (a full batch means more may be due). All its state is in the
 * database, so a failed round is logged and simply tried again at the next tick, a lost wake-up costs at most one
 * interval, and replicas share the work through their claims ({@code FOR UPDATE SKIP LOCKED}). It stops before the
 * command bus and the database go.
 */
public abstract class BatchPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchPoller.class);

    private final String name;
    private final int batchSize;
    private final Object signal = new Object();
    private boolean woken;
    private Thread worker;
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

    /** Runs a round now rather than at the next tick (or right after the round in progress). Never blocks. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
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

    private void loop() {
        long every = interval().toMillis();
        while (running) {
            synchronized (signal) {
                try {
                    if (!woken) {
                        signal.wait(every);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                woken = false;
            }
            if (running) {
                tick();
            }
        }
    }

    @Override
    public void start() {
        running = true;
        if (!enabled()) {
            return;
        }
        worker = new Thread(this::loop, name);
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            wake();
            try {
                worker.join(stopGrace().toMillis());
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
