package dev.openproxy.session.participants;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.api.TwilioError;
import dev.openproxy.support.account.AccountHeader;
import dev.openproxy.support.web.TwilioApiException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.util.Map;

/**
 * session-service's calls to participant-service, which owns Participants and the (identifier, proxy number)
 * pair rule: adding the participants given inline at Session create, and re-checking a session's pairs before
 * it is re-opened. A Twilio error from participant-service is passed on to the client unchanged.
 */
@Component
@EnableConfigurationProperties(PeerProperties.class)
public class ParticipantServiceClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient http;

    public ParticipantServiceClient(PeerProperties peers) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(peers.timeout());
        requests.setReadTimeout(peers.timeout());
        this.http = RestClient.builder().baseUrl(peers.participant().toString()).requestFactory(requests).build();
    }

    /** Adds one participant, as POST .../Participants would; throws the participant-service's error. */
    public void addParticipant(String accountSid, String serviceSid, String sessionSid, Map<String, String> parameters) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        parameters.forEach(form::add);
        call(() -> http.post()
                .uri("/v1/Services/{service}/Sessions/{session}/Participants", serviceSid, sessionSid)
                .header(AccountHeader.NAME, accountSid)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> {
                    throw remoteError(response.getStatusCode().value(), response.getBody().readAllBytes());
                })
                .toBodilessEntity());
    }

    /**
     * Makes the session's participant pairs active again before a re-open; throws 80604 when one of them is active
     * in another session meanwhile (nothing is changed then).
     */
    public void reactivatePairs(String accountSid, String sessionSid) {
        call(() -> http.post()
                .uri("/internal/v1/Sessions/{session}/Reactivation", sessionSid)
                .header(AccountHeader.NAME, accountSid)
                .retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> {
                    throw remoteError(response.getStatusCode().value(), response.getBody().readAllBytes());
                })
                .toBodilessEntity());
    }

    /** Undoes {@link #reactivatePairs} when the re-open itself failed afterwards. */
    public void releasePairs(String accountSid, String sessionSid) {
        call(() -> http.delete()
                .uri("/internal/v1/Sessions/{session}/Reactivation", sessionSid)
                .header(AccountHeader.NAME, accountSid)
                .retrieve()
                .toBodilessEntity());
    }

    private static void call(Runnable request) {
        try {
            request.run();
        } catch (ResourceAccessException e) {
            throw new TwilioApiException(ErrorCode.SERVICE_UNAVAILABLE, "Participants are unavailable right now; try again");
        }
    }

    private static TwilioApiException remoteError(int status, byte[] body) {
        try {
            TwilioError error = JSON.readValue(body, TwilioError.class);
            if (error.code() != 0) {
                return new TwilioApiException(error);
            }
        } catch (IOException notTwilioJson) {
            // fall through: not an error body we can pass on
        }
        return new TwilioApiException(status >= 500 ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.INVALID_PARAMETER,
                "Participants could not be changed (participant-service answered " + status + ")");
    }
}
