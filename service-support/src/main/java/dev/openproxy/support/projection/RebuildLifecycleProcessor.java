package dev.openproxy.support.projection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.LifecycleProcessor;

import java.io.PrintStream;
import java.util.List;

/**
 * The context's lifecycle processor in {@link RebuildMode}: instead of starting the service's lifecycle components
 * (web server, Axon's event processors, Kafka listener containers, pollers), it rebuilds the projections and starts
 * nothing. So nothing reads or writes the tables while they are rebuilt, and nothing is published or sent.
 */
public class RebuildLifecycleProcessor implements LifecycleProcessor {

    private final ObjectProvider<ProjectionRebuild> rebuild;
    private final String service;
    private final PrintStream out;
    private volatile boolean running;
    private volatile List<ProjectionRebuild.Result> results = List.of();

    public RebuildLifecycleProcessor(ObjectProvider<ProjectionRebuild> rebuild, String service, PrintStream out) {
        this.rebuild = rebuild;
        this.service = service;
        this.out = out;
    }

    @Override
    public void onRefresh() {
        running = true;
        results = rebuild.getObject().rebuildAll();
        out.println(report(service, results));
    }

    /** What the rebuild did, once the context is refreshed. */
    public List<ProjectionRebuild.Result> results() {
        return results;
    }

    static String report(String service, List<ProjectionRebuild.Result> results) {
        StringBuilder text = new StringBuilder("Projections of ").append(service).append(" rebuilt:\n");
        text.append(String.format("%-42s %-48s %9s %9s %10s%n", "projection", "from", "events", "seconds", "events/s"));
        for (ProjectionRebuild.Result result : results) {
            text.append(String.format("%-42s %-48s %9d %9.2f %10d%n", result.projection(), result.source(),
                    result.events(), result.elapsed().toMillis() / 1000.0, result.eventsPerSecond()));
        }
        return text.toString();
    }

    @Override
    public void onClose() {
        running = false;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
