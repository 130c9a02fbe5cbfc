package dev.openproxy.session.sessions.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openproxy.session.sessions.query.SessionRow;
import dev.openproxy.support.time.TwilioDates;
import dev.openproxy.support.web.ApiProperties;

import java.util.Map;

/** A Session as Twilio prints it (proxy.v1.service.session). */
public record SessionResource(
        @JsonProperty("sid") String sid,
        @JsonProperty("service_sid") String serviceSid,
        @JsonProperty("account_sid") String accountSid,
        @JsonProperty("date_started") String dateStarted,
        @JsonProperty("date_ended") String dateEnded,
        @JsonProperty("date_last_interaction") String dateLastInteraction,
        @JsonProperty("date_expiry") String dateExpiry,
        @JsonProperty("unique_name") String uniqueName,
        @JsonProperty("status") String status,
        @JsonProperty("closed_reason") String closedReason,
        @JsonProperty("ttl") int ttl,
        @JsonProperty("mode") String mode,
        @JsonProperty("date_created") String dateCreated,
        @JsonProperty("date_updated") String dateUpdated,
        @JsonProperty("url") String url,
        @JsonProperty("links") Map<String, String> links) {

    public static String listPath(String serviceSid) {
        return "/v1/Services/" + serviceSid + "/Sessions";
    }

    public static SessionResource of(SessionRow row, ApiProperties api) {
        String url = api.url(listPath(row.serviceSid()) + "/" + row.sid());
        return new SessionResource(row.sid(), row.serviceSid(), row.accountSid(),
                TwilioDates.format(row.dateStarted()), TwilioDates.format(row.dateEnded()),
                TwilioDates.format(row.dateLastInteraction()), TwilioDates.format(row.dateExpiry()),
                row.uniqueName(), row.status(), row.closedReason(), row.ttl(), row.mode(),
                TwilioDates.format(row.dateCreated()), TwilioDates.format(row.dateUpdated()), url,
                Map.of("interactions", url + "/Interactions", "participants", url + "/Participants"));
    }
}
