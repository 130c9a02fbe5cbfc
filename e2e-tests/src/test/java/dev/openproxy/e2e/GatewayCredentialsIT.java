package dev.openproxy.e2e;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.proxy.v1.Service;
import com.twilio.rest.proxy.v1.service.PhoneNumber;
import com.twilio.rest.proxy.v1.service.Session;
import com.twilio.rest.proxy.v1.service.session.Interaction;
import com.twilio.rest.proxy.v1.service.session.Participant;
import com.twilio.rest.proxy.v1.service.session.participant.MessageInteraction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Accounts and API keys through the real stack with twilio-java: a key made with the admin interface works exactly
 * as Twilio's do ({@code new TwilioRestClient.Builder(keySid, keySecret).accountSid(...)}), a revoked key stops on
 * the next request, and another account sees nothing of this one on any resource type (20404, never a hint).
 */
class GatewayCredentialsIT extends E2eTest {

    private GatewayAdmin admin;

    @BeforeEach
    void connectAdmin() {
        admin = new GatewayAdmin(ProxyStack.gatewayUrl(), stack().adminToken());
    }

    private TwilioRestClient keyClient(GatewayAdmin.Credential key, String accountSid) {
        return new TwilioRestClient.Builder(key.sid(), key.secret()).accountSid(accountSid).httpClient(http).build();
    }

    private static ApiException failure(Runnable call) {
        ApiException error = catchThrowableOfType(ApiException.class, call::run);
        assertThat(error).as("an ApiException").isNotNull();
        return error;
    }

    @Test
    void anApiKeyActsAsItsAccountThroughTwilioJavaUntilItIsRevoked() {
        GatewayAdmin.Credential key = admin.newKey(ProxyStack.ACCOUNT_SID);
        TwilioRestClient withKey = keyClient(key, ProxyStack.ACCOUNT_SID);

        Service created = Service.creator("key-" + UUID.randomUUID()).create(withKey);

        assertThat(created.getAccountSid()).isEqualTo(ProxyStack.ACCOUNT_SID);
        assertThat(Service.fetcher(created.getSid()).fetch(twilio).getUniqueName())
                .as("the auth token sees what the key made").isEqualTo(created.getUniqueName());
        Session session = Session.creator(created.getSid()).setUniqueName("by-key").create(withKey);
        assertThat(Session.fetcher(created.getSid(), "by-key").fetch(twilio).getSid()).isEqualTo(session.getSid());

        admin.revokeKey(ProxyStack.ACCOUNT_SID, key.sid());

        ApiException refused = failure(() -> Service.fetcher(created.getSid()).fetch(withKey));
        assertThat(refused.getStatusCode()).isEqualTo(401);
        assertThat(refused.getCode()).isEqualTo(20003);
        assertThat(Service.fetcher(created.getSid()).fetch(twilio).getSid()).as("the account itself goes on")
                .isEqualTo(created.getSid());
    }

    @Test
    void anotherAccountFindsNothingOfThisOneOnAnyResource() {
        Service service = Service.creator("private-" + UUID.randomUUID()).create(twilio);
        String serviceSid = service.getSid();
        Session session = Session.creator(serviceSid).setUniqueName("private-session").create(twilio);
        String sessionSid = session.getSid();
        GatewayAdmin.Credential other = admin.newAccount("other-tenant");
        TwilioRestClient stranger = clientFor(other.sid(), other.secret());
        TwilioRestClient strangerKey = keyClient(admin.newKey(other.sid()), other.sid());
        String participantSid = "KP" + "0".repeat(32);
        String interactionSid = "KI" + "0".repeat(32);

        Map<String, Runnable> attempts = new java.util.LinkedHashMap<>();
        for (TwilioRestClient client : List.of(stranger, strangerKey)) {
            String who = client == stranger ? "token: " : "key: ";
            attempts.put(who + "FetchService", () -> Service.fetcher(serviceSid).fetch(client));
            attempts.put(who + "FetchService by name", () -> Service.fetcher(service.getUniqueName()).fetch(client));
            attempts.put(who + "UpdateService", () -> Service.updater(serviceSid).setDefaultTtl(1).update(client));
            attempts.put(who + "DeleteService", () -> Service.deleter(serviceSid).delete(client));
            attempts.put(who + "ListSession", () -> Session.reader(serviceSid).read(client).iterator().hasNext());
            attempts.put(who + "CreateSession", () -> Session.creator(serviceSid).create(client));
            attempts.put(who + "FetchSession", () -> Session.fetcher(serviceSid, sessionSid).fetch(client));
            attempts.put(who + "FetchSession by name", () -> Session.fetcher(serviceSid, "private-session").fetch(client));
            attempts.put(who + "UpdateSession", () -> Session.updater(serviceSid, sessionSid)
                    .setStatus(Session.Status.CLOSED).update(client));
            attempts.put(who + "DeleteSession", () -> Session.deleter(serviceSid, sessionSid).delete(client));
            attempts.put(who + "ListPhoneNumber", () -> PhoneNumber.reader(serviceSid).read(client).iterator().hasNext());
            attempts.put(who + "CreatePhoneNumber", () -> PhoneNumber.creator(serviceSid)
                    .setPhoneNumber(new com.twilio.type.PhoneNumber("+14155550199")).create(client));
            attempts.put(who + "ListParticipant", () -> Participant.reader(serviceSid, sessionSid).read(client)
                    .iterator().hasNext());
            attempts.put(who + "CreateParticipant", () -> Participant.creator(serviceSid, sessionSid, "+14155550123")
                    .create(client));
            attempts.put(who + "FetchParticipant", () -> Participant.fetcher(serviceSid, sessionSid, participantSid)
                    .fetch(client));
            attempts.put(who + "ListInteraction", () -> Interaction.reader(serviceSid, sessionSid).read(client)
                    .iterator().hasNext());
            attempts.put(who + "FetchInteraction", () -> Interaction.fetcher(serviceSid, sessionSid, interactionSid)
                    .fetch(client));
            attempts.put(who + "ListMessageInteraction", () -> MessageInteraction.reader(serviceSid, sessionSid,
                    participantSid).read(client).iterator().hasNext());
        }

        List<String> leaks = new ArrayList<>();
        attempts.forEach((name, attempt) -> {
            ApiException error = catchThrowableOfType(ApiException.class, attempt::run);
            if (error == null || error.getStatusCode() != 404 || error.getCode() != 20404) {
                leaks.add(name + ": " + (error == null ? "succeeded" : error.getStatusCode() + "/" + error.getCode()
                        + " " + error.getMessage()));
            }
        });
        assertThat(leaks).as("every attempt of the other account is 404/20404").isEmpty();
        assertThat(Service.reader().read(stranger).iterator().hasNext()).as("its Service list is empty").isFalse();

        Session unchanged = Session.fetcher(serviceSid, sessionSid).fetch(twilio);
        assertThat(unchanged.getStatus()).isEqualTo(Session.Status.OPEN);
        assertThat(Service.fetcher(serviceSid).fetch(twilio).getDefaultTtl()).isEqualTo(service.getDefaultTtl());
    }

    @Test
    void aSuspendedAccountIsRefusedWithItsTokenAndItsKeys() {
        GatewayAdmin.Credential account = admin.newAccount("suspended");
        GatewayAdmin.Credential key = admin.newKey(account.sid());
        Supplier<TwilioRestClient> withToken = () -> clientFor(account.sid(), account.secret());
        Service.creator("before-" + UUID.randomUUID()).create(withToken.get());

        admin.setStatus(account.sid(), "suspended");

        assertThat(failure(() -> Service.reader().read(withToken.get()).iterator().hasNext()).getCode()).isEqualTo(20003);
        assertThat(failure(() -> Service.reader().read(keyClient(key, account.sid())).iterator().hasNext()).getCode())
                .isEqualTo(20003);

        admin.setStatus(account.sid(), "active");
        assertThat(Service.reader().read(keyClient(key, account.sid())).iterator().hasNext()).isTrue();
    }
}
