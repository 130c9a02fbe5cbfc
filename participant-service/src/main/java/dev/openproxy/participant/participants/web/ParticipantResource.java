package dev.openproxy.participant.participants.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openproxy.participant.participants.query.ParticipantRow;
import dev.openproxy.support.time.TwilioDates;
import dev.openproxy.support.web.ApiProperties;

import java.util.Map;

/** A Participant as Twilio prints it (proxy.v1.service.session.participant). */
public record ParticipantResource(
        @JsonProperty("sid") String sid,
        @JsonProperty("session_sid") String sessionSid,
        @JsonProperty("service_sid") String serviceSid,
        @JsonProperty("account_sid") String accountSid,
        @JsonProperty("friendly_name") String friendlyName,
        @JsonProperty("identifier") String identifier,
        @JsonProperty("proxy_identifier") String proxyIdentifier,
        @JsonProperty("proxy_identifier_sid") String proxyIdentifierSid,
        @JsonProperty("date_deleted") String dateDeleted,
        @JsonProperty("date_created") String dateCreated,
        @JsonProperty("date_updated") String dateUpdated,
        @JsonProperty("url") String url,
        @JsonProperty("links") Map<String, String> links) {

    public static String listPath(String serviceSid, String sessionSid) {
        return "/v1/Services/" + serviceSid + "/Sessions/" + sessionSid + "/Participants";
    }

    public static ParticipantResource of(ParticipantRow row, ApiProperties api) {
        String url = api.url(listPath(row.serviceSid(), row.sessionSid()) + "/" + row.sid());
        return new ParticipantResource(row.sid(), row.sessionSid(), row.serviceSid(), row.accountSid(),
                row.friendlyName(), row.identifier(), row.proxyIdentifier(), row.proxyIdentifierSid(),
                TwilioDates.format(row.dateDeleted()), TwilioDates.format(row.dateCreated()),
                TwilioDates.format(row.dateUpdated()), url,
                Map.of("message_interactions", url + "/MessageInteractions"));
    }

    @Override
    public String toString() {
        return "ParticipantResource[sid=" + sid + "]";
    }
}
