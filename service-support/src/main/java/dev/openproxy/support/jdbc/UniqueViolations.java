package dev.openproxy.support.jdbc;

import java.sql.SQLException;

/**
 * Recognises a unique-index violation behind a failed command. Set-based rules (unique names, one active
 * number pair) are enforced by unique indexes of projections updated in the command's transaction; this tells
 * which rule a rejected command broke, however Axon and Spring wrapped the SQL exception.
 */
public final class UniqueViolations {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolations() {
    }

    public static boolean isViolationOf(Throwable thrown, String indexName) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains(indexName)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
