package dev.openproxy.support.web;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.api.TwilioError;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every failure as Twilio's error JSON ({@code code}, {@code message}, {@code more_info}, {@code status}).
 * Bad input is a 4xx; only a fault of ours is a 5xx, and its message never echoes request data.
 */
@RestControllerAdvice
public class TwilioErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(TwilioErrorHandler.class);

    @ExceptionHandler(TwilioApiException.class)
    public ResponseEntity<TwilioError> rejected(TwilioApiException e) {
        return respond(e.error());
    }

    /** Command handlers throw {@link TwilioApiException}; Axon wraps it, keeping the original as the cause locally. */
    @ExceptionHandler(CommandExecutionException.class)
    public ResponseEntity<TwilioError> commandFailed(CommandExecutionException e, HttpServletRequest request) {
        TwilioApiException rejection = TwilioRejections.find(e);
        if (rejection != null) {
            return respond(rejection.error());
        }
        return internalError(e, request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<TwilioError> missingParameter(MissingServletRequestParameterException e) {
        return respond(TwilioApiException.missingParameter(e.getParameterName()).error());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<TwilioError> badParameter(MethodArgumentTypeMismatchException e) {
        return respond(ErrorCode.INVALID_PARAMETER.error("Invalid value for parameter " + e.getName()));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<TwilioError> noSuchPath(NoResourceFoundException e) {
        return respond(TwilioApiException.notFound("/" + e.getResourcePath()).error());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<TwilioError> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return respond(ErrorCode.METHOD_NOT_ALLOWED.error("Method not allowed: " + e.getMethod()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<TwilioError> unsupportedBody(HttpMediaTypeNotSupportedException e) {
        return respond(ErrorCode.INVALID_PARAMETER.error("Parameters must be sent as application/x-www-form-urlencoded"));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<TwilioError> internalError(Exception e, HttpServletRequest request) {
        TwilioApiException rejection = TwilioRejections.find(e);
        if (rejection != null) {
            return respond(rejection.error());
        }
        // The route pattern, not the path: a path may carry a client-chosen UniqueName.
        log.error("Unexpected failure serving {} {}", request.getMethod(),
                request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE), e);
        return respond(ErrorCode.INTERNAL_ERROR.error("Internal server error"));
    }

    private static ResponseEntity<TwilioError> respond(TwilioError error) {
        return ResponseEntity.status(error.status()).body(error);
    }
}
