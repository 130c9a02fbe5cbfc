package dev.openproxy.routing.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openproxy.routing.carrier.CarrierProperties;
import dev.openproxy.routing.interaction.InteractionRow;
import dev.openproxy.support.time.TwilioDates;
import dev.openproxy.support.web.ApiProperties;

/** An Interaction as Twilio prints it (proxy.v1.service.session.interaction). */
public record InteractionResource(
        @JsonProperty("sid") String sid,
        @JsonProperty("session_sid") String sessionSid,
        @JsonProperty("service_sid") String serviceSid,
        @JsonProperty("account_sid") String accountSid,
        @JsonProperty("data") String data,
        @JsonProperty("type") String type,
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

    public static String listPath(String serviceSid, String sessionSid) {
        return "/v1/Services/" + serviceSid + "/Sessions/" + sessionSid + "/Interactions";
    }

    public static InteractionResource of(InteractionRow row, ApiProperties api, CarrierProperties carrier) {
        return new InteractionResource(row.sid(), row.sessionSid(), row.serviceSid(), row.accountSid(), row.data(),
                row.type(), row.inboundParticipantSid(), row.inboundResourceSid(),
                row.inboundResourceStatus() == null ? "unknown" : row.inboundResourceStatus(),
                row.inboundResourceType(), resourceUrl(row.inboundResourceSid(), carrier), row.outboundParticipantSid(),
                row.outboundResourceSid(),
                row.outboundResourceStatus() == null ? "unknown" : row.outboundResourceStatus(),
                row.outboundResourceType(), resourceUrl(row.outboundResourceSid(), carrier),
                TwilioDates.format(row.dateCreated()), TwilioDates.format(row.dateUpdated()),
                api.url(listPath(row.serviceSid(), row.sessionSid()) + "/" + row.sid()));
    }

    private static String resourceUrl(String resourceSid, CarrierProperties carrier) {
        return resourceSid == null ? null : carrier.messageUrl(resourceSid);
    }

    @Override
    public String toString() {
        return "InteractionResource[sid=" + sid + "]";
    }
}
