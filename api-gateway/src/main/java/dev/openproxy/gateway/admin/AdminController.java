package dev.openproxy.gateway.admin;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.api.TwilioError;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.gateway.auth.Account;
import dev.openproxy.gateway.auth.AccountStore;
import dev.openproxy.gateway.auth.ApiKey;
import dev.openproxy.gateway.auth.ApiKeyStore;
import dev.openproxy.gateway.auth.SecretHash;
import dev.openproxy.gateway.edge.FormBody;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operators' interface to accounts and API keys, outside {@code /v1} and behind its own credential
 * ({@link AdminAuthenticationFilter}). Form-encoded parameters in, JSON out, errors in Twilio's shape, as the
 * public API. A secret (auth token, key secret) is shown once, in the answer that made it; only its hash is kept.
 */
@RestController
@RequestMapping(AdminController.BASE)
public class AdminController {

    public static final String BASE_PATH = "/admin";
    static final String BASE = BASE_PATH + "/v1/Accounts";

    private static final Logger log = LoggerFactory.getLogger(AdminController.class);
    private static final Pattern NEW_ACCOUNT_SID = Pattern.compile("^AC[0-9a-f]{32}$");
    /** Printable ASCII without spaces: twilio-java encodes Basic credentials as US-ASCII. */
    private static final Pattern CHOSEN_TOKEN = Pattern.compile("^[\\x21-\\x7e]{" + SecretHash.MIN_CHOSEN_LENGTH + ",128}$");
    private static final int MAX_FRIENDLY_NAME = 255;
    private static final Set<String> STATUSES = Set.of(Account.ACTIVE, Account.SUSPENDED);

    private final AccountStore accounts;
    private final ApiKeyStore keys;
    public AdminController(AccountStore accounts, ApiKeyStore keys) {
        this.accounts = accounts;
        this.keys = keys;
    }

    /** Creates an account. {@code Sid} and {@code AuthToken} may be given, e.g. to keep the ones a client has. */
    @PostMapping
    public ResponseEntity<AdminResources.AccountResource> createAccount(HttpServletRequest request) throws IOException {
        MultiValueMap<String, String> form = FormBody.read(request);
        String sid = form.getFirst("Sid");
        if (sid == null || sid.isEmpty()) {
            sid = SidPrefix.ACCOUNT.newSid();
        } else if (!NEW_ACCOUNT_SID.matcher(sid).matches()) {
            throw invalid("Invalid Sid: expected AC followed by 32 lowercase hexadecimal digits");
        }
        String token = form.getFirst("AuthToken");
        if (token == null || token.isEmpty()) {
            token = SecretHash.newSecret();
        } else if (!CHOSEN_TOKEN.matcher(token).matches()) {
            throw invalid("Invalid AuthToken: expected " + SecretHash.MIN_CHOSEN_LENGTH
                    + " to 128 printable ASCII characters without spaces");
        }
        String name = friendlyName(form, "");
        if (!accounts.create(sid, token, name)) {
            throw invalid("An account with Sid " + sid + " already exists");
        }
        log.info("Admin: account {} created", sid);
        return ResponseEntity.status(HttpStatus.CREATED).body(AdminResources.AccountResource.of(account(sid), token));
    }

    @GetMapping
    public AdminResources.AccountList listAccounts() {
        return new AdminResources.AccountList(accounts.list().stream()
                .map(a -> AdminResources.AccountResource.of(a, null)).toList());
    }

    @GetMapping("/{sid}")
    public AdminResources.AccountResource fetchAccount(@PathVariable String sid) {
        return AdminResources.AccountResource.of(account(sid), null);
    }

    /** {@code FriendlyName}, {@code Status} ({@code active} or {@code suspended}: a suspended account cannot call). */
    @PostMapping("/{sid}")
    public AdminResources.AccountResource updateAccount(@PathVariable String sid, HttpServletRequest request)
            throws IOException {
        account(sid);
        MultiValueMap<String, String> form = FormBody.read(request);
        String status = form.getFirst("Status");
        if (status != null && !STATUSES.contains(status)) {
            throw invalid("Invalid Status: must be one of active, suspended");
        }
        accounts.update(sid, form.containsKey("FriendlyName") ? friendlyName(form, "") : null, status);
        if (status != null) {
            log.info("Admin: account {} is now {}", sid, status);
        }
        return AdminResources.AccountResource.of(account(sid), null);
    }

    /** Revokes the account: its credentials and keys are deleted. Its resources stay in the services. */
    @DeleteMapping("/{sid}")
    public ResponseEntity<Void> deleteAccount(@PathVariable String sid) {
        if (!accounts.delete(sid)) {
            throw notFound();
        }
        log.info("Admin: account {} deleted", sid);
        return ResponseEntity.noContent().build();
    }

    /** Replaces the auth token (a new random one, or {@code AuthToken}); the old one stops working at once. */
    @PostMapping("/{sid}/AuthToken")
    public AdminResources.AccountResource replaceAuthToken(@PathVariable String sid, HttpServletRequest request)
            throws IOException {
        account(sid);
        MultiValueMap<String, String> form = FormBody.read(request);
        String token = form.getFirst("AuthToken");
        if (token == null || token.isEmpty()) {
            token = SecretHash.newSecret();
        } else if (!CHOSEN_TOKEN.matcher(token).matches()) {
            throw invalid("Invalid AuthToken: expected " + SecretHash.MIN_CHOSEN_LENGTH
                    + " to 128 printable ASCII characters without spaces");
        }
        if (!accounts.replaceToken(sid, token)) {
            throw notFound();
        }
        log.info("Admin: auth token of account {} replaced", sid);
        return AdminResources.AccountResource.of(account(sid), token);
    }

    @PostMapping("/{sid}/Keys")
    public ResponseEntity<AdminResources.KeyResource> createKey(@PathVariable String sid, HttpServletRequest request)
            throws IOException {
        MultiValueMap<String, String> form = FormBody.read(request);
        String name = friendlyName(form, "");
        String keySid = ApiKey.newSid();
        String secret = SecretHash.newSecret();
        account(sid);
        try {
            keys.create(keySid, sid, secret, name);
        } catch (DataIntegrityViolationException accountDeletedMeanwhile) {
            throw notFound();
        }
        log.info("Admin: key {} created for account {}", keySid, sid);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(AdminResources.KeyResource.of(keys.find(sid, keySid).orElseThrow(), secret));
    }

    @GetMapping("/{sid}/Keys")
    public AdminResources.KeyList listKeys(@PathVariable String sid) {
        account(sid);
        return new AdminResources.KeyList(keys.list(sid).stream().map(k -> AdminResources.KeyResource.of(k, null)).toList());
    }

    @GetMapping("/{sid}/Keys/{keySid}")
    public AdminResources.KeyResource fetchKey(@PathVariable String sid, @PathVariable String keySid) {
        return AdminResources.KeyResource.of(keys.find(sid, keySid).orElseThrow(AdminController::notFound), null);
    }

    /** Revokes the key: the next request made with it is refused (401, 20003). */
    @DeleteMapping("/{sid}/Keys/{keySid}")
    public ResponseEntity<Void> deleteKey(@PathVariable String sid, @PathVariable String keySid) {
        if (!keys.delete(sid, keySid)) {
            throw notFound();
        }
        log.info("Admin: key {} of account {} revoked", keySid, sid);
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(AdminException.class)
    ResponseEntity<TwilioError> refused(AdminException refusal) {
        return ResponseEntity.status(refusal.error.status()).body(refusal.error);
    }

    private Account account(String sid) {
        return accounts.find(sid).orElseThrow(AdminController::notFound);
    }

    private static String friendlyName(MultiValueMap<String, String> form, String fallback) {
        String name = form.getFirst("FriendlyName");
        if (name == null) {
            return fallback;
        }
        if (name.length() > MAX_FRIENDLY_NAME) {
            throw invalid("FriendlyName must be " + MAX_FRIENDLY_NAME + " characters or fewer");
        }
        return name;
    }

    private static AdminException invalid(String message) {
        return new AdminException(ErrorCode.INVALID_PARAMETER.error(message));
    }

    private static AdminException notFound() {
        return new AdminException(ErrorCode.NOT_FOUND.error("The requested resource was not found"));
    }

    /** A refusal of the admin interface, answered in Twilio's error shape. */
    static final class AdminException extends RuntimeException {

        private final TwilioError error;

        AdminException(TwilioError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }
}
