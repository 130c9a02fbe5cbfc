package dev.openproxy.routing.carrier;

/** Sends an SMS through a Twilio-compatible carrier (or the sandbox). */
public interface Carrier {

    /**
     * @param idempotencyKey stable per outbound leg (the interaction SID), sent as I-Twilio-Idempotency-Token
     * @throws CarrierException when the carrier did not accept the message
     */
    SentMessage sendSms(String from, String to, String body, String statusCallback, String idempotencyKey);

    /** @param sid    the carrier's message SID (SM...)
     *  @param status Twilio's message status as answered, e.g. queued */
    record SentMessage(String sid, String status) {
    }
}
