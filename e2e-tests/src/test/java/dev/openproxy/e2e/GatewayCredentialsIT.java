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

    /** The SIDs and names a request can carry in its path. */
    record Target(String service, String serviceName, String phoneNumber, String session, String sessionName,
                  String participant, String interaction) {

        /** Every value of this target, mapped to a placeholder that names its position. */
        Map<String, String> placeholders() {
            Map<String, String> placeholders = new java.util.LinkedHashMap<>();
            placeholders.put(serviceName, "{ServiceName}");
            placeholders.put(sessionName, "{SessionName}");
            placeholders.put(service, "{Service}");
            placeholders.put(phoneNumber, "{PhoneNumber}");
            placeholders.put(session, "{Session}");
            placeholders.put(participant, "{Participant}");
            placeholders.put(interaction, "{Interaction}");
            return placeholders;
        }

        /**
         * The same request shape, keeping the first {@code ownParents} path levels (the stranger's own Service, then
         * Session) and replacing every other SID and name by one that exists nowhere.
         */
        Target missingFrom(int ownParents) {
            boolean newService = ownParents < 1;
            boolean newSession = ownParents < 2;
            return new Target(newService ? newSid("KS") : service, newService ? "missing-" + UUID.randomUUID() : serviceName,
                    newSid("PN"), newSession ? newSid("KC") : session,
                    newSession ? "missing-" + UUID.randomUUID() : sessionName, newSid("KP"), newSid("KI"));
        }
    }

    /** Where a request points: {@code ownParents} path levels are the stranger's own, the rest the owner's. */
    record Placement(String name, Target target, int ownParents) {
    }

    /** One call of a stranger's client; {@code depth} is how many path levels above its own resource it has. */
    record Attempt(String operation, int depth, java.util.function.BiConsumer<TwilioRestClient, Target> call) {
    }

    private static String newSid(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    /** Denver numbers (+1 303), used by no other test class. */
    private static String newNumber() {
        return "+1303" + java.util.concurrent.ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
    }

    private static final List<Attempt> ATTEMPTS = List.of(
            new Attempt("FetchService", 0, (c, t) -> Service.fetcher(t.service()).fetch(c)),
            new Attempt("FetchService by UniqueName", 0, (c, t) -> Service.fetcher(t.serviceName()).fetch(c)),
            new Attempt("UpdateService", 0, (c, t) -> Service.updater(t.service()).setDefaultTtl(1).update(c)),
            new Attempt("DeleteService", 0, (c, t) -> Service.deleter(t.service()).delete(c)),
            new Attempt("ListPhoneNumber", 0, (c, t) -> PhoneNumber.reader(t.service()).read(c).iterator().hasNext()),
            new Attempt("CreatePhoneNumber", 0, (c, t) -> PhoneNumber.creator(t.service()).setPhoneNumber(newNumber())
                    .create(c)),
            new Attempt("ListSession", 0, (c, t) -> Session.reader(t.service()).read(c).iterator().hasNext()),
            new Attempt("CreateSession", 0, (c, t) -> Session.creator(t.service()).setUniqueName("intruder").create(c)),
            new Attempt("FetchPhoneNumber", 1, (c, t) -> PhoneNumber.fetcher(t.service(), t.phoneNumber()).fetch(c)),
            new Attempt("UpdatePhoneNumber", 1, (c, t) -> PhoneNumber.updater(t.service(), t.phoneNumber())
                    .setIsReserved(true).update(c)),
            new Attempt("DeletePhoneNumber", 1, (c, t) -> PhoneNumber.deleter(t.service(), t.phoneNumber()).delete(c)),
            new Attempt("FetchSession", 1, (c, t) -> Session.fetcher(t.service(), t.session()).fetch(c)),
            new Attempt("FetchSession by UniqueName", 1, (c, t) -> Session.fetcher(t.service(), t.sessionName()).fetch(c)),
            new Attempt("UpdateSession", 1, (c, t) -> Session.updater(t.service(), t.session())
                    .setStatus(Session.Status.CLOSED).update(c)),
            new Attempt("DeleteSession", 1, (c, t) -> Session.deleter(t.service(), t.session()).delete(c)),
            new Attempt("ListParticipant", 1, (c, t) -> Participant.reader(t.service(), t.session()).read(c)
                    .iterator().hasNext()),
            new Attempt("CreateParticipant", 1, (c, t) -> Participant.creator(t.service(), t.session(), newNumber())
                    .create(c)),
            new Attempt("ListInteraction", 1, (c, t) -> Interaction.reader(t.service(), t.session()).read(c)
                    .iterator().hasNext()),
            new Attempt("FetchParticipant", 2, (c, t) -> Participant.fetcher(t.service(), t.session(), t.participant())
                    .fetch(c)),
            new Attempt("DeleteParticipant", 2, (c, t) -> Participant.deleter(t.service(), t.session(), t.participant())
                    .delete(c)),
            new Attempt("FetchInteraction", 2, (c, t) -> Interaction.fetcher(t.service(), t.session(), t.interaction())
                    .fetch(c)),
            new Attempt("DeleteInteraction", 2, (c, t) -> Interaction.deleter(t.service(), t.session(), t.interaction())
                    .delete(c)),
            new Attempt("ListMessageInteraction", 2, (c, t) -> MessageInteraction.reader(t.service(), t.session(),
                    t.participant()).read(c).iterator().hasNext()),
            new Attempt("CreateMessageInteraction", 2, (c, t) -> MessageInteraction.creator(t.service(), t.session(),
                    t.participant(), "intruder").create(c)),
            new Attempt("FetchMessageInteraction", 2, (c, t) -> MessageInteraction.fetcher(t.service(), t.session(),
                    t.participant(), t.interaction()).fetch(c)));

    /**
     * Two accounts made with the admin interface. The owner has one of each resource type (Service, PhoneNumber,
     * Session, two Participants, a MessageInteraction, which is also an Interaction). The stranger, with its auth
     * token, with its API key, and with its key in a client built with the owner's account SID, calls every
     * operation on them: each is 404 (20404), and its answer is exactly the answer for SIDs and names that exist
     * nowhere, so nothing hints that the resource exists. The same holds with the stranger's own Service (and
     * Session) in the path and the owner's resource below it. Afterwards the owner's resources are unchanged.
     */
    @Test
    void anotherAccountFindsNothingOfThisOneOnAnyResource() {
        GatewayAdmin.Credential owner = admin.newAccount("owner");
        TwilioRestClient ownerClient = clientFor(owner.sid(), owner.secret());
        RawApi ownerApi = new RawApi(ProxyStack.gatewayUrl(), owner.sid(), owner.secret());
        String serviceName = "owner-" + UUID.randomUUID();
        String serviceSid = Service.creator(serviceName).create(ownerClient).getSid();
        String numberSid = PhoneNumber.creator(serviceSid).setPhoneNumber(newNumber()).create(ownerClient).getSid();
        PhoneNumber.creator(serviceSid).setPhoneNumber(newNumber()).create(ownerClient);
        String sessionSid = Session.creator(serviceSid).setUniqueName("owner-session").create(ownerClient).getSid();
        String alice = Participant.creator(serviceSid, sessionSid, newNumber()).create(ownerClient).getSid();
        String bob = Participant.creator(serviceSid, sessionSid, newNumber()).create(ownerClient).getSid();
        String interactionSid = MessageInteraction.creator(serviceSid, sessionSid, alice, "hello").create(ownerClient)
                .getSid();
        Target owned = new Target(serviceSid, serviceName, numberSid, sessionSid, "owner-session", alice, interactionSid);
        List<String> ownerPaths = List.of("/v1/Services?PageSize=100", "/v1/Services/" + serviceSid,
                "/v1/Services/" + serviceSid + "/PhoneNumbers", "/v1/Services/" + serviceSid + "/PhoneNumbers/" + numberSid,
                "/v1/Services/" + serviceSid + "/Sessions", "/v1/Services/" + serviceSid + "/Sessions/" + sessionSid,
                "/v1/Services/" + serviceSid + "/Sessions/" + sessionSid + "/Participants",
                "/v1/Services/" + serviceSid + "/Sessions/" + sessionSid + "/Participants/" + bob,
                "/v1/Services/" + serviceSid + "/Sessions/" + sessionSid + "/Interactions",
                "/v1/Services/" + serviceSid + "/Sessions/" + sessionSid + "/Participants/" + alice + "/MessageInteractions");
        String before = settledState(ownerApi, ownerPaths);
        assertThat(before).as("the message went out and moved the session").contains("\"in-progress\"")
                .contains("\"outbound_resource_sid\":\"SM");

        GatewayAdmin.Credential stranger = admin.newAccount("stranger");
        GatewayAdmin.Credential strangerKey = admin.newKey(stranger.sid());
        Map<String, TwilioRestClient> clients = new java.util.LinkedHashMap<>();
        clients.put("token", clientFor(stranger.sid(), stranger.secret()));
        clients.put("key", keyClient(strangerKey, stranger.sid()));
        clients.put("key claiming the owner's account", keyClient(strangerKey, owner.sid()));
        TwilioRestClient strangerClient = clients.get("token");
        String strangerService = Service.creator("stranger-" + UUID.randomUUID()).create(strangerClient).getSid();
        String strangerSession = Session.creator(strangerService).setUniqueName("stranger-session").create(strangerClient)
                .getSid();
        // Every service knows the stranger's Service and Session (through Kafka) before answers are compared.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            PhoneNumber.reader(strangerService).read(strangerClient).iterator().hasNext();
            Participant.reader(strangerService, strangerSession).read(strangerClient).iterator().hasNext();
            Interaction.reader(strangerService, strangerSession).read(strangerClient).iterator().hasNext();
            return true;
        });
        // The stranger's own parents in the path, the owner's resource below them.
        Target underStrangersService = new Target(strangerService, serviceName, numberSid, sessionSid, "owner-session",
                alice, interactionSid);
        Target underStrangersSession = new Target(strangerService, serviceName, numberSid, strangerSession,
                "owner-session", alice, interactionSid);

        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, TwilioRestClient> client : clients.entrySet()) {
            for (Attempt attempt : ATTEMPTS) {
                // The owner's path; then the stranger's own Service (and Session) above the owner's resource.
                List<Placement> placements = new ArrayList<>(List.of(new Placement("the owner's", owned, 0)));
                if (attempt.depth() >= 1) {
                    placements.add(new Placement("under the stranger's Service", underStrangersService, 1));
                }
                if (attempt.depth() >= 2) {
                    placements.add(new Placement("under the stranger's Session", underStrangersSession, 2));
                }
                for (Placement placement : placements) {
                    Target target = placement.target();
                    Target missing = target.missingFrom(placement.ownParents());
                    String what = client.getKey() + ", " + attempt.operation() + " " + placement.name() + ": ";
                    ApiException real = catchThrowableOfType(ApiException.class,
                            () -> attempt.call().accept(client.getValue(), target));
                    ApiException absent = catchThrowableOfType(ApiException.class,
                            () -> attempt.call().accept(client.getValue(), missing));
                    checked++;
                    if (real == null) {
                        problems.add(what + "succeeded");
                    } else if (placement.ownParents() == 0 && (real.getStatusCode() != 404 || real.getCode() != 20404)) {
                        problems.add(what + real.getStatusCode() + "/" + real.getCode() + " " + real.getMessage());
                    } else if (absent == null || !real.getStatusCode().equals(absent.getStatusCode())
                            || !real.getCode().equals(absent.getCode())
                            || !normalised(real.getMessage(), target).equals(normalised(absent.getMessage(), missing))) {
                        problems.add(what + "differs from a resource that exists nowhere: " + real.getStatusCode() + "/"
                                + real.getCode() + " " + real.getMessage() + " vs " + (absent == null ? "success"
                                : absent.getStatusCode() + "/" + absent.getCode() + " " + absent.getMessage()));
                    }
                }
            }
            List<String> listed = new ArrayList<>();
            Service.reader().read(client.getValue()).forEach(service -> listed.add(service.getSid()));
            assertThat(listed).as(client.getKey() + ": ListService shows the stranger's own Service only")
                    .containsExactly(strangerService);
        }

        assertThat(problems).as("%d attempts of the stranger: each one exactly like a missing resource", checked).isEmpty();
        assertThat(checked).isEqualTo(3 * (8 + 10 * 2 + 7 * 3));
        assertThat(state(ownerApi, ownerPaths)).as("the owner's resources are unchanged").isEqualTo(before);
    }

    private static String normalised(String message, Target target) {
        String result = message;
        for (Map.Entry<String, String> placeholder : target.placeholders().entrySet()) {
            result = result.replace(placeholder.getKey(), placeholder.getValue());
        }
        return result;
    }

    /** The owner's resources as the API shows them, once asynchronous effects (delivery, in_use, ...) have settled. */
    private static String settledState(RawApi api, List<String> paths) {
        String[] last = {state(api, paths)};
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(500)).until(() -> {
                    String now = state(api, paths);
                    boolean settled = now.equals(last[0]) && now.contains("\"in-progress\"")
                            && !now.contains("\"outbound_resource_sid\":null");
                    last[0] = now;
                    return settled;
                });
        return last[0];
    }

    private static String state(RawApi api, List<String> paths) {
        StringBuilder state = new StringBuilder();
        for (String path : paths) {
            state.append(path).append(" -> ").append(api.read(path)).append('\n');
        }
        return state.toString();
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
