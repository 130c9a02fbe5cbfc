package dev.openproxy.testsupport;

import dev.openproxy.support.projection.ProjectionRebuild;
import dev.openproxy.support.projection.RebuildLifecycleProcessor;
import dev.openproxy.support.projection.RebuildMode;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection rebuild as an operator runs it (docs/operations.md, "Rebuild a projection"): the service is stopped,
 * then its jar's rebuild mode runs against the same database and Kafka. Every table of the database is dumped before
 * and after, all rows and all columns, ordered: the projections must come back equal, and everything else (event
 * store, tokens, keys, reservations, outbox) must not change at all. Mark the calling test {@code @DirtiesContext}:
 * the service's context stays stopped.
 */
public final class ProjectionRebuildCheck {

    /** What the rebuild takes over from the test's context: where the database and the broker are, and its settings. */
    private static final List<String> COPIED_PREFIXES = List.of("spring.datasource.", "spring.kafka.", "openproxy.");

    private ProjectionRebuildCheck() {
    }

    /** @return what the rebuild reported, per projection */
    public static List<ProjectionRebuild.Result> assertRebuildReproducesEveryTable(ConfigurableApplicationContext service,
                                                                                   Class<?> application) {
        JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
        service.stop();
        Map<String, List<String>> before = dump(jdbc);
        List<ProjectionRebuild.Result> results = runRebuild(service.getEnvironment(), application);
        Map<String, List<String>> after = dump(jdbc);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((table, rows) -> assertThat(after.get(table)).as("table %s after the rebuild", table)
                .containsExactlyElementsOf(rows));
        return results;
    }

    /** Every table of schema public, each row as JSON (every column), in a stable order. */
    public static Map<String, List<String>> dump(JdbcTemplate jdbc) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : jdbc.queryForList("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name", String.class)) {
            tables.put(table, jdbc.queryForList("SELECT to_jsonb(r)::text AS row FROM public.\"" + table.replace("\"", "\"\"")
                    + "\" r ORDER BY 1", String.class));
        }
        return tables;
    }

    private static List<ProjectionRebuild.Result> runRebuild(ConfigurableEnvironment serviceEnvironment, Class<?> application) {
        Map<String, String> properties = new LinkedHashMap<>();
        serviceEnvironment.getPropertySources().forEach(source -> {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (COPIED_PREFIXES.stream().anyMatch(name::startsWith) && !properties.containsKey(name)) {
                        properties.put(name, serviceEnvironment.getProperty(name));
                    }
                }
            }
        });
        properties.put(RebuildMode.PROPERTY, "true");
        // As command-line arguments, as an operator passes them: they win over the service's application.yml.
        String[] args = properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new);
        try (ConfigurableApplicationContext rebuild = new SpringApplicationBuilder(application).run(args)) {
            return rebuild.getBean(RebuildLifecycleProcessor.class).results();
        }
    }
}
