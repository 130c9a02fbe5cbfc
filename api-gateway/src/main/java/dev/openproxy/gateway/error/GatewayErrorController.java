package dev.openproxy.gateway.error;

import dev.openproxy.contracts.api.TwilioError;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's whitelabel/JSON error page: whatever the container rejects (malformed request, an
 * exception that escaped a route) still reaches the client as Twilio's error shape, never a stack trace.
 */
@RestController
public class GatewayErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<TwilioError> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        TwilioError error = TwilioErrors.forStatus(status instanceof Integer code ? code : 500,
                path instanceof String uri ? uri : request.getRequestURI());
        return ResponseEntity.status(error.status()).body(error);
    }
}
