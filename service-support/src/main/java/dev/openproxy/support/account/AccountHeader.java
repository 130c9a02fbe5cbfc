package dev.openproxy.support.account;

/**
 * The gateway authenticates the caller and forwards the account SID in this header (and strips any copy a
 * client sent). Services trust it: they are reachable only inside the cluster, behind the gateway.
 */
public final class AccountHeader {
    public static final String NAME = "X-OpenProxy-Account-Sid";

    private AccountHeader() {
    }
}
