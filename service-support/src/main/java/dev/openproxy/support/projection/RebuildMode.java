package dev.openproxy.support.projection;

import org.springframework.core.env.Environment;

/**
 * Whether this process is a projection rebuild ({@code openproxy.projections.rebuild=true}): it then serves nothing,
 * runs no background work, replays its events into its read models and exits (docs/operations.md, "Rebuild a
 * projection"). Handlers that also touch write-side state (reservations, keys, the outbox) or check rules ask it:
 * a replayed event is a fact already accepted, and write-side state is not derived from events, so a replay must
 * leave both alone.
 */
public final class RebuildMode {

    public static final String PROPERTY = "openproxy.projections.rebuild";

    private final boolean on;

    public RebuildMode(boolean on) {
        this.on = on;
    }

    public static boolean isOn(Environment environment) {
        return environment.getProperty(PROPERTY, Boolean.class, false);
    }

    /** True in a rebuild: every event a handler sees is a replay. */
    public boolean isOn() {
        return on;
    }
}
