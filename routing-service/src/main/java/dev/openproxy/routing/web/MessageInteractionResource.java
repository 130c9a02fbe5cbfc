package dev.openproxy.routing.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openproxy.routing.carrier.CarrierProperties;
import dev.openproxy.routing.interaction.InteractionRow;
import dev.openproxy.support.time.TwilioDates;
import dev.openproxy.support.web.ApiProperties;

/**
 * A MessageInteraction as Twilio prints it (proxy.v1.service.session.participant.message_interaction). It has no
 * inbound leg: the inbound fields are null, except the status, an enum the schema does not allow to be null: unknown.
 */
public record MessageInteractionResource(
        @JsonProperty("sid") String sid,
        @JsonProperty("session_sid") String sessionSid,
        @JsonProperty("service_sid") String serviceSid,
        @JsonProperty("account_sid") String accountSid,
        @JsonProperty("data") String data,
        @JsonProperty("type") String type,
        @JsonProperty("participant_sid") String participantSid,
        @JsonProperty("inbound_participant_sid") String inboundParticipantSid,
        @JsonProperty("inbound_resource_sid") String inboundResourceSid,
        @JsonProperty("inbound_resource_status") String inboundResourceStatus,
        @JsonProperty("inbound_resource_type") String inboundResourceType,
        @JsonProperty("inbound_resource_url") String inboundResourceUrl,
        @JsonProperty("outbound_participant_sid") String outboundParticipantSid,
        @JsonProperty("outbound_resource_sid") String outboundResourceSid,
        @JsonProperty("outbound_resource_status") String outboundResourceStatus,
        @JsonProperty("outbound_resource_type") String outboundResourceType,
        @JsonProperty("outbound_resource_url") String outboundResourceUrl,
        @JsonProperty("date_created") String dateCreated,
        @JsonProperty("date_updated") String dateUpdated,
        @JsonProperty("url") String url) {

    public static String listPath(String serviceSid, String sessionSid, String participantSid) {
        return "/v1/Services/" + serviceSid + "/Sessions/" + sessionSid + "/Participants/" + participantSid
                + "/MessageInteractions";
    }

    public static MessageInteractionResource of(InteractionRow row, ApiProperties api, CarrierProperties carrier) {
        String outboundUrl = row.outboundResourceSid() == null ? null : carrier.messageUrl(row.outboundResourceSid());
        return new MessageInteractionResource(row.sid(), row.sessionSid(), row.serviceSid(), row.accountSid(), row.data(),
                row.type(), row.outboundParticipantSid(), null, null, "unknown", null, null, row.outboundParticipantSid(),
                row.outboundResourceSid(), row.outboundResourceStatus() == null ? "queued" : row.outboundResourceStatus(),
                row.outboundResourceType(), outboundUrl, TwilioDates.format(row.dateCreated()),
                TwilioDates.format(row.dateUpdated()),
                api.url(listPath(row.serviceSid(), row.sessionSid(), row.outboundParticipantSid()) + "/" + row.sid()));
    }

    @Override
    public String toString() {
        return "MessageInteractionResource[sid=" + sid + "]";
    }
}
