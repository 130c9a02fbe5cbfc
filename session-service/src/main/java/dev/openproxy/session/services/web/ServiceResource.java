package dev.openproxy.session.services.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openproxy.session.services.query.ServiceRow;
import dev.openproxy.support.time.TwilioDates;
import dev.openproxy.support.web.ApiProperties;

import java.util.Map;

/** A Service as Twilio prints it (proxy.v1.service). */
public record ServiceResource(
        @JsonProperty("sid") String sid,
        @JsonProperty("unique_name") String uniqueName,
        @JsonProperty("account_sid") String accountSid,
        @JsonProperty("chat_instance_sid") String chatInstanceSid,
        @JsonProperty("callback_url") String callbackUrl,
        @JsonProperty("default_ttl") int defaultTtl,
        @JsonProperty("number_selection_behavior") String numberSelectionBehavior,
        @JsonProperty("geo_match_level") String geoMatchLevel,
        @JsonProperty("intercept_callback_url") String interceptCallbackUrl,
        @JsonProperty("out_of_session_callback_url") String outOfSessionCallbackUrl,
        @JsonProperty("date_created") String dateCreated,
        @JsonProperty("date_updated") String dateUpdated,
        @JsonProperty("url") String url,
        @JsonProperty("links") Map<String, String> links) {

    public static String path(String serviceSid) {
        return "/v1/Services/" + serviceSid;
    }

    public static ServiceResource of(ServiceRow row, ApiProperties api) {
        String url = api.url(path(row.sid()));
        var s = row.settings();
        return new ServiceResource(row.sid(), s.uniqueName(), row.accountSid(), s.chatInstanceSid(), s.callbackUrl(),
                s.defaultTtl(), s.numberSelectionBehavior(), s.geoMatchLevel(), s.interceptCallbackUrl(),
                s.outOfSessionCallbackUrl(), TwilioDates.format(row.dateCreated()), TwilioDates.format(row.dateUpdated()),
                url, Map.of("sessions", url + "/Sessions", "phone_numbers", url + "/PhoneNumbers"));
    }
}
