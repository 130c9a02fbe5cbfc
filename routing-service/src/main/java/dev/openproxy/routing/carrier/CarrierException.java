package dev.openproxy.routing.carrier;

/**
 * The carrier did not take a message. {@code retryable} for timeouts, connection failures, 429 and 5xx; a 4xx is
 * final (the same request would be refused again). The message names the HTTP status only, never the content.
 */
public class CarrierException extends RuntimeException {

    private final boolean retryable;
    private final Integer status;

    public CarrierException(String message, boolean retryable, Integer status) {
        super(message);
        this.retryable = retryable;
        this.status = status;
    }

    public boolean retryable() {
        return retryable;
    }

    public Integer status() {
        return status;
    }
}
