package dev.openproxy.contracts.events.phonenumber;

/** What a proxy number can do (Twilio's PhoneNumber {@code capabilities}). */
public record NumberCapabilities(boolean sms, boolean mms, boolean voice, boolean fax) {

    /** Without a carrier inventory behind the SID, a number is assumed to send and receive SMS and calls. */
    public static NumberCapabilities smsAndVoice() {
        return new NumberCapabilities(true, false, true, false);
    }
}
