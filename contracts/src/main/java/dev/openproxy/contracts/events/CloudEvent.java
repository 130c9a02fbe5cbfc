package dev.openproxy.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * The envelope of every integration event on Kafka: a CloudEvents 1.0 structured-mode JSON document
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md), readable from any
 * language without our classes. {@code type} carries the event's version, e.g. {@code dev.openproxy.session.closed.v1}.
 *
 * @param accountsid CloudEvents extension attribute: the owning account, so consumers can partition tenants
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        String accountsid,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";
}
