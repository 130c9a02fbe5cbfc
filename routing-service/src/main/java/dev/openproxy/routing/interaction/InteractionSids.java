package dev.openproxy.routing.interaction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** The KI SID of the interaction an inbound resource (SM..., CA...) starts: the same for every retry of its webhook. */
public final class InteractionSids {

    private InteractionSids() {
    }

    public static String forInbound(String inboundResourceSid) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("interaction:" + inboundResourceSid).getBytes(StandardCharsets.UTF_8));
            return "KI" + HexFormat.of().formatHex(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
