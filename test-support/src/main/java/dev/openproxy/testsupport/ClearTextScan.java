package dev.openproxy.testsupport;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Looks for a string in the clear in every table of a service's database, as an operator with database access
 * would: each row as text (so every column), and bytea columns (event payloads, snapshots) by their hex form too.
 */
public final class ClearTextScan {

    private ClearTextScan() {
    }

    /** The tables (of schema public) with at least one row that holds {@code needle}. */
    public static List<String> tablesContaining(JdbcTemplate jdbc, String needle) {
        String hex = HexFormat.of().formatHex(needle.getBytes(StandardCharsets.UTF_8));
        List<String> tables = jdbc.queryForList("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name", String.class);
        List<String> found = new ArrayList<>();
        for (String table : tables) {
            Integer rows = jdbc.queryForObject("SELECT count(*) FROM public.\"" + table.replace("\"", "\"\"")
                    + "\" r WHERE strpos(r::text, ?) > 0 OR strpos(lower(r::text), ?) > 0", Integer.class, needle, hex);
            if (rows != null && rows > 0) {
                found.add(table);
            }
        }
        return found;
    }
}
