package dev.openproxy.support.personal;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One-shot migration of events stored before crypto-shredding (or before their scope narrowed) to their encrypted form,
 * in place in {@code domain_event_entry} (docs/privacy.md, "Data written before encryption"). For each event of a type
 * with {@code @PersonalData} fields, each personal value is:
 * <ul>
 * <li>in the clear: encrypted under its scope's key (created if needed), or set to null if the scope is erased;</li>
 * <li>encrypted under another scope (an Interaction's body under its Session's key, as written before per-Interaction
 * keys): decrypted and encrypted again under its own scope, or set to null if either key is gone;</li>
 * <li>encrypted under its own scope: left as it is.</li>
 * </ul>
 * Payloads are read and written with the event serializer Axon wraps (no encryption on the way), so the stored JSON
 * keeps its shape; a row whose revision is not the class's current one is left alone and counted as skipped (no
 * upcaster exists today). Idempotent: a second run changes nothing. Batches of {@value #BATCH} rows, each in its own
 * transaction with the rows locked, so it can run while the service serves traffic. Kafka is out of its reach: the
 * records published before encryption stay on the topics until the topics' retention removes them (docs/privacy.md).
 */
public class PersonalDataReencryption {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataReencryption.class);
    static final int BATCH = 200;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Serializer storedForm;
    private final PersonalDataKeys keys;

    /** @param storedForm the event serializer without {@link PersonalDataSerializer}: values as they are stored */
    public PersonalDataReencryption(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Serializer storedForm,
                                    PersonalDataKeys keys) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.storedForm = storedForm;
        this.keys = keys;
    }

    /** Counts of events: examined (of a type with personal fields), rewritten, skipped (an older revision). */
    public record Report(long examined, long rewritten, long skipped) {
    }

    private record Row(long globalIndex, byte[] payload, String type, String revision) {
    }

    public Report run() {
        List<String> personalTypes = jdbc.queryForList("SELECT DISTINCT payload_type FROM domain_event_entry", String.class)
                .stream().filter(type -> personalClass(type).isPresent()).toList();
        long examined = 0;
        long rewritten = 0;
        long skipped = 0;
        for (String type : personalTypes) {
            long after = -1;
            long[] batch;
            do {
                long from = after;
                batch = transactions.execute(status -> rewriteBatch(type, from));
                examined += batch[0];
                rewritten += batch[1];
                skipped += batch[2];
                after = batch[3];
            } while (batch[0] == BATCH);
        }
        Report report = new Report(examined, rewritten, skipped);
        log.info("Re-encryption of personal data in the event store: {} event(s) examined, {} rewritten, {} skipped "
                + "(older revision)", report.examined(), report.rewritten(), report.skipped());
        return report;
    }

    /** {examined, rewritten, skipped, last global index} of one batch of one payload type. */
    private long[] rewriteBatch(String type, long after) {
        List<Row> rows = jdbc.query("SELECT global_index, payload, payload_type, payload_revision FROM domain_event_entry "
                        + "WHERE payload_type = ? AND global_index > ? ORDER BY global_index LIMIT ? FOR UPDATE",
                (rs, i) -> new Row(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getString(4)), type, after, BATCH);
        Class<?> eventClass = personalClass(type).orElseThrow();
        PersonalRecord shape = PersonalRecord.of(eventClass).orElseThrow();
        String currentRevision = storedForm.typeForClass(eventClass).getRevision();
        long rewritten = 0;
        long skipped = 0;
        for (Row row : rows) {
            if (!Objects.equals(currentRevision, row.revision())) {
                skipped++;
                continue;
            }
            Object stored = storedForm.deserialize(new SimpleSerializedObject<>(row.payload(), byte[].class, row.type(),
                    row.revision()));
            boolean[] changed = {false};
            Object encrypted = shape.rewrite(stored, (scope, parentScope, value) -> {
                String result = inItsOwnScope(scope, parentScope, value);
                changed[0] |= !Objects.equals(result, value);
                return result;
            });
            if (changed[0]) {
                SerializedObject<byte[]> payload = storedForm.serialize(encrypted, byte[].class);
                jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", payload.getData(),
                        row.globalIndex());
                rewritten++;
            }
        }
        long last = rows.isEmpty() ? after : rows.get(rows.size() - 1).globalIndex();
        return new long[]{rows.size(), rewritten, skipped, last};
    }

    private String inItsOwnScope(String scope, String parentScope, String value) {
        String plaintext = value;
        if (FieldCipher.isEncrypted(value)) {
            String writtenUnder = FieldCipher.scopeOf(value).orElse(scope);
            if (writtenUnder.equals(scope)) {
                return value;
            }
            plaintext = keys.existingKey(writtenUnder).flatMap(key -> FieldCipher.decrypt(key, value)).orElse(null);
            if (plaintext == null) {
                return null; // erased already: the ciphertext is of no use to anyone
            }
        }
        String clear = plaintext;
        return keys.keyFor(scope, parentScope).map(key -> FieldCipher.encrypt(scope, key, clear)).orElse(null);
    }

    private Optional<Class<?>> personalClass(String type) {
        Class<?> candidate = storedForm.classForType(new SimpleSerializedType(type, null));
        if (candidate == null || UnknownSerializedType.class.equals(candidate)) {
            return Optional.empty();
        }
        return PersonalRecord.of(candidate).map(shape -> candidate);
    }

    /** For the controller's answer. */
    static Map<String, Long> asMap(Report report) {
        return Map.of("examined", report.examined(), "rewritten", report.rewritten(), "skipped", report.skipped());
    }
}
