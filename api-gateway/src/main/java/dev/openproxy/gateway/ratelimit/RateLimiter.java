package dev.openproxy.gateway.ratelimit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * A sliding-window counter shared by every gateway replica through the gateway's PostgreSQL database: one row per
 * bucket and epoch second, holding the requests let through in that second. A request is let through when the
 * bucket's current second plus the previous {@code window - 1} seconds hold fewer than {@code limit}. So no window
 * of {@code window} consecutive seconds ever admits more than {@code limit} (ADR 0009).
 *
 * <p>One statement decides and counts: the upsert locks the (bucket, second) row, so concurrent requests on any
 * replica take turns on it, and the condition sees every earlier increment. A refused request is not counted, so
 * a client that keeps retrying is let through again as soon as the window has room.
 */
@Component
public class RateLimiter {

    private final JdbcClient jdbc;

    public RateLimiter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What {@link #acquire} decided; {@code retryAfterSeconds} is meaningful when refused. */
    public record Decision(boolean allowed, int retryAfterSeconds) {

        static final Decision ALLOWED = new Decision(true, 0);
    }

    public Decision acquire(String bucket, int limit, int windowSeconds, long epochSecond) {
        Optional<Integer> counted = jdbc.sql("""
                        INSERT INTO rate_limit_buckets AS b (bucket, second, hits)
                        SELECT :bucket, :second, 1
                        WHERE (SELECT coalesce(sum(p.hits), 0) FROM rate_limit_buckets p
                               WHERE p.bucket = :bucket AND p.second > :second - :window AND p.second < :second) < :limit
                        ON CONFLICT (bucket, second) DO UPDATE SET hits = b.hits + 1
                        WHERE b.hits + (SELECT coalesce(sum(p.hits), 0) FROM rate_limit_buckets p
                               WHERE p.bucket = :bucket AND p.second > :second - :window AND p.second < :second) < :limit
                        RETURNING b.hits
                        """)
                .param("bucket", bucket)
                .param("second", epochSecond)
                .param("window", windowSeconds)
                .param("limit", limit)
                .query(Integer.class)
                .optional();
        return counted.isPresent() ? Decision.ALLOWED
                : new Decision(false, retryAfter(bucket, limit, windowSeconds, epochSecond));
    }

    /** Seconds until enough of the window's oldest counts have slid out for one more request to fit. */
    private int retryAfter(String bucket, int limit, int windowSeconds, long epochSecond) {
        List<long[]> seconds = jdbc.sql("""
                        SELECT second, hits FROM rate_limit_buckets
                        WHERE bucket = :bucket AND second > :second - :window AND second <= :second
                        """)
                .param("bucket", bucket)
                .param("second", epochSecond)
                .param("window", windowSeconds)
                .query((rs, row) -> new long[] {rs.getLong("second"), rs.getLong("hits")})
                .list();
        for (int wait = 1; wait < windowSeconds; wait++) {
            long oldestKept = epochSecond + wait - windowSeconds + 1;
            long stillCounted = seconds.stream().filter(s -> s[0] >= oldestKept).mapToLong(s -> s[1]).sum();
            if (stillCounted < limit) {
                return wait;
            }
        }
        return windowSeconds;
    }

    /** Deletes counters that can no longer fall in any window; returns how many rows went. */
    public int deleteBefore(long epochSecond) {
        return jdbc.sql("DELETE FROM rate_limit_buckets WHERE second < :second").param("second", epochSecond).update();
    }
}
