package dev.openproxy.numberpool.phonenumbers.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openproxy.numberpool.phonenumbers.query.PoolNumberRow;
import dev.openproxy.support.time.TwilioDates;
import dev.openproxy.support.web.ApiProperties;

/** A pool number as Twilio prints it (proxy.v1.service.phone_number). */
public record PhoneNumberResource(
        @JsonProperty("sid") String sid,
        @JsonProperty("account_sid") String accountSid,
        @JsonProperty("service_sid") String serviceSid,
        @JsonProperty("date_created") String dateCreated,
        @JsonProperty("date_updated") String dateUpdated,
        @JsonProperty("phone_number") String phoneNumber,
        @JsonProperty("friendly_name") String friendlyName,
        @JsonProperty("iso_country") String isoCountry,
        @JsonProperty("capabilities") Capabilities capabilities,
        @JsonProperty("url") String url,
        @JsonProperty("is_reserved") boolean isReserved,
        @JsonProperty("in_use") int inUse) {

    /** The spec's {fax, mms, sms, voice} booleans. */
    public record Capabilities(
            @JsonProperty("fax") boolean fax,
            @JsonProperty("mms") boolean mms,
            @JsonProperty("sms") boolean sms,
            @JsonProperty("voice") boolean voice) {
    }

    public static String listPath(String serviceSid) {
        return "/v1/Services/" + serviceSid + "/PhoneNumbers";
    }

    public static PhoneNumberResource of(PoolNumberRow row, ApiProperties api) {
        var c = row.capabilities();
        return new PhoneNumberResource(row.sid(), row.accountSid(), row.serviceSid(),
                TwilioDates.format(row.dateCreated()), TwilioDates.format(row.dateUpdated()), row.phoneNumber(),
                row.friendlyName(), row.isoCountry(), new Capabilities(c.fax(), c.mms(), c.sms(), c.voice()),
                api.url(listPath(row.serviceSid()) + "/" + row.sid()), row.reserved(), row.inUse());
    }
}
