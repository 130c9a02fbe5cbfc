package dev.openproxy.localstack;

/** The stack could not start (a part failed, a port is taken, a jar is missing); the message says what to do. */
public class LocalStackException extends RuntimeException {

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
