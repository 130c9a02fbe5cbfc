package dev.openproxy.gateway.signing;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.api.TwilioError;
import dev.openproxy.contracts.webhook.TwilioSignature;
import dev.openproxy.gateway.auth.AccountStore;
import dev.openproxy.gateway.error.TwilioErrors;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signs a Service webhook for routing-service with the account's auth token (X-Twilio-Signature, as Twilio signs its
 * own), so the account's receivers can check it with Twilio's helper libraries. The token never leaves the gateway.
 * Served only on the internal port ({@link InternalPortFilter}); nothing here logs the URL or the parameters, which
 * hold phone numbers and message bodies.
 */
@RestController
@RequestMapping(path = WebhookSignatureController.BASE_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
public class WebhookSignatureController {

    public static final String BASE_PATH = "/internal";

    /** The webhook about to be sent: its full URL and its form parameters. */
    public record SignatureRequest(String url, Map<String, List<String>> parameters) {
    }

    public record SignatureResponse(String signature) {
    }

    private final AccountStore accounts;
    private final TokenSeal seal;

    public WebhookSignatureController(AccountStore accounts, TokenSeal seal) {
        this.accounts = accounts;
        this.seal = seal;
    }

    @PostMapping(path = "/v1/Accounts/{accountSid}/WebhookSignatures", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> sign(@PathVariable String accountSid, @RequestBody SignatureRequest request) {
        if (request == null || request.url() == null || request.url().isBlank()) {
            return error(ErrorCode.INVALID_PARAMETER.error("Missing required parameter url"));
        }
        if (!seal.enabled()) {
            return error(ErrorCode.SERVICE_UNAVAILABLE.error("Webhook signing is not configured "
                    + "(openproxy.gateway.webhook-signing.key)"));
        }
        Optional<String> token = accounts.activeAuthTokenForSigning(accountSid);
        if (token.isEmpty()) {
            return error(TwilioErrors.notFound(BASE_PATH + "/v1/Accounts/" + accountSid));
        }
        Map<String, List<String>> parameters = request.parameters() == null ? Map.of() : request.parameters();
        return ResponseEntity.ok(new SignatureResponse(TwilioSignature.sign(token.get(), request.url(), parameters)));
    }

    private static ResponseEntity<TwilioError> error(TwilioError error) {
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON).body(error);
    }
}
