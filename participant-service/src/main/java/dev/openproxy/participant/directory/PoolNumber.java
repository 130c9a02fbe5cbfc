package dev.openproxy.participant.directory;

/** A proxy number of a Service's pool, as number-pool-service published it. */
public record PoolNumber(String sid, String serviceSid, String accountSid, String phoneNumber, String isoCountry,
                         boolean sms, boolean mms, boolean voice, boolean fax, boolean reserved) {
}
