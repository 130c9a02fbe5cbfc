package dev.openproxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input limits of Twilio's Proxy documentation and OpenAPI file, through the whole stack: UniqueName 191
 * characters, callback URLs 4,000, FriendlyName 255 (64 for a pool entry's, an OpenProxy extension), Identifier and ProxyIdentifier 191, Ttl and DefaultTtl
 * 0..2147483647, the enums, URLs, dates, SIDs, booleans and page parameters. Each violation is a 400 with a Twilio code
 * whose message names the parameter, and changes nothing; each value at the limit is accepted.
 */
@ExtendWith(ProxyStack.class)
class InputLimitsIT {

    private static RawApi api;
    private static String service;
    private static String number;
    private static String session;
    private static String participant;
    private static String interaction;

    /** Boston numbers (+1 617), used by no other test class. */
    private static String newNumber() {
        return "+1617" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
    }

    @BeforeAll
    static void oneResourceOfEachType() {
        GatewayAdmin.Credential account = new GatewayAdmin(ProxyStack.gatewayUrl(), ProxyStack.stack().adminToken())
                .newAccount("limits");
        api = new RawApi(ProxyStack.gatewayUrl(), account.sid(), account.secret());
        service = api.created("/v1/Services", "UniqueName=limits").get("sid").asText();
        number = api.created("/v1/Services/" + service + "/PhoneNumbers", "PhoneNumber=" + RawApi.encode(newNumber()))
                .get("sid").asText();
        api.created("/v1/Services/" + service + "/PhoneNumbers", "PhoneNumber=" + RawApi.encode(newNumber()));
        session = api.created(path("/Sessions"), "UniqueName=limits-session").get("sid").asText();
        participant = api.created(path("/Sessions/{C}/Participants"), "Identifier=" + RawApi.encode(newNumber()))
                .get("sid").asText();
        interaction = api.created(path("/Sessions/{C}/Participants/{P}/MessageInteractions"), "Body=hello")
                .get("sid").asText();
    }

    /** {@code /v1/Services/{S}} + the rest, with {C}, {PN}, {P}, {I} replaced by the fixture's SIDs. */
    private static String path(String rest) {
        return ("/v1/Services/" + service + rest).replace("{C}", String.valueOf(session))
                .replace("{PN}", String.valueOf(number)).replace("{P}", String.valueOf(participant))
                .replace("{I}", String.valueOf(interaction));
    }

    /** A request that must be refused: its status, code, and the parameter its message names. */
    record Refusal(String method, String path, String form, int status, int code, String parameter) {
    }

    private static Refusal post(String rest, String form, String parameter) {
        return new Refusal("POST", rest, form, 400, 20001, parameter);
    }

    private static String x(int length) {
        return "x".repeat(length);
    }

    private static String url(int length) {
        String start = "https://example.com/";
        return start + "a".repeat(length - start.length());
    }

    private static String messenger(int length) {
        return "messenger:" + "a".repeat(length - "messenger:".length());
    }

    @Test
    void everyViolationIsA400NamingTheParameterAndChangesNothing() {
        List<Refusal> refusals = new ArrayList<>();
        for (String collection : new String[] {"", "/Services"}) {
            boolean create = collection.equals("/Services");
            String target = create ? "/v1/Services" : path("");
            String base = create ? "UniqueName=new-" + UUID.randomUUID() + "&" : "";
            refusals.add(post(target, "UniqueName=" + x(192), "UniqueName"));
            refusals.add(post(target, "UniqueName=%20", "UniqueName"));
            for (String callback : new String[] {"CallbackUrl", "InterceptCallbackUrl", "OutOfSessionCallbackUrl"}) {
                refusals.add(post(target, base + callback + "=" + RawApi.encode(url(4001)), callback));
                refusals.add(post(target, base + callback + "=not%20a%20url", callback));
                refusals.add(post(target, base + callback + "=ftp%3A%2F%2Fexample.com%2Fx", callback));
                refusals.add(post(target, base + callback + "=%2Frelative", callback));
            }
            for (String ttl : new String[] {"-1", "2147483648", "99999999999999999999", "1.5", "abc", "%D9%A3"}) {
                refusals.add(post(target, base + "DefaultTtl=" + ttl, "DefaultTtl"));
            }
            refusals.add(post(target, base + "GeoMatchLevel=extended-area-code", "GeoMatchLevel"));
            refusals.add(post(target, base + "GeoMatchLevel=COUNTRY", "GeoMatchLevel"));
            refusals.add(post(target, base + "NumberSelectionBehavior=sticky", "NumberSelectionBehavior"));
            refusals.add(post(target, base + "ChatInstanceSid=IS0", "ChatInstanceSid"));
            refusals.add(post(target, base + "ChatInstanceSid=KS" + "0".repeat(32), "ChatInstanceSid"));
        }
        refusals.add(post("/v1/Services", "DefaultTtl=60", "UniqueName"));

        String sessions = path("/Sessions");
        String oneSession = path("/Sessions/{C}");
        refusals.add(post(sessions, "UniqueName=" + x(192), "UniqueName"));
        for (String target : new String[] {sessions, oneSession}) {
            for (String ttl : new String[] {"-1", "2147483648", "abc", "1.5", "%D9%A3"}) {
                refusals.add(post(target, "Ttl=" + ttl, "Ttl"));
            }
            for (String date : new String[] {"not-a-date", "2031-02-30T00:00:00Z", "2031-01-01T25:00:00Z", "10000-01-01"}) {
                refusals.add(post(target, "DateExpiry=" + date, "DateExpiry"));
            }
            refusals.add(post(target, "DateExpiry=2001-01-01T00:00:00Z", "DateExpiry"));
            refusals.add(post(target, "Status=opened", "Status"));
        }
        refusals.add(post(sessions, "Mode=sms-only", "Mode"));
        refusals.add(post(sessions, "Participants=not%20json", "Participants"));
        refusals.add(post(sessions, "Participants=" + RawApi.encode("{\"FriendlyName\":\"x\"}"), "Identifier"));
        refusals.add(post(sessions, "UniqueName=inline&Participants=" + RawApi.encode("{\"Identifier\":\""
                + messenger(192) + "\"}"), "Identifier"));
        refusals.add(post(sessions, "UniqueName=inline&Participants=" + RawApi.encode("{\"Identifier\":\""
                + newNumber() + "\",\"FriendlyName\":\"" + x(256) + "\"}"), "FriendlyName"));

        String participants = path("/Sessions/{C}/Participants");
        refusals.add(post(participants, "FriendlyName=x", "Identifier"));
        refusals.add(post(participants, "Identifier=" + messenger(192), "Identifier"));
        refusals.add(new Refusal("POST", participants, "Identifier=not-a-number", 400, 80404, "Identifier"));
        refusals.add(post(participants, "Identifier=" + RawApi.encode(newNumber()) + "&FriendlyName=" + x(256),
                "FriendlyName"));
        refusals.add(post(participants, "Identifier=" + RawApi.encode(newNumber()) + "&ProxyIdentifier=" + x(192),
                "ProxyIdentifier"));
        refusals.add(new Refusal("POST", participants, "Identifier=" + RawApi.encode(newNumber())
                + "&ProxyIdentifier=%2B14155550199", 400, 80605, "ProxyIdentifier"));
        refusals.add(post(participants, "Identifier=" + RawApi.encode(newNumber()) + "&ProxyIdentifierSid=PN0",
                "ProxyIdentifierSid"));
        refusals.add(new Refusal("POST", participants, "Identifier=" + RawApi.encode(newNumber())
                + "&ProxyIdentifierSid=PN" + "0".repeat(32), 400, 80605, "ProxyIdentifierSid"));

        String numbers = path("/PhoneNumbers");
        refusals.add(post(numbers, "IsReserved=true", "PhoneNumber"));
        refusals.add(post(numbers, "PhoneNumber=12345", "PhoneNumber"));
        refusals.add(post(numbers, "PhoneNumber=" + RawApi.encode(newNumber()) + "&Sid=PNxyz", "Sid"));
        refusals.add(post(numbers, "PhoneNumber=" + RawApi.encode(newNumber()) + "&IsReserved=maybe", "IsReserved"));
        // A pool entry's FriendlyName is an OpenProxy extension, at most 64 characters (docs/api.md).
        refusals.add(post(numbers, "PhoneNumber=" + RawApi.encode(newNumber()) + "&FriendlyName=" + x(65),
                "FriendlyName"));
        refusals.add(post(path("/PhoneNumbers/{PN}"), "IsReserved=1", "IsReserved"));
        refusals.add(post(path("/Sessions/{C}/Participants/{P}/MessageInteractions"), "MediaUrl=x", "Body"));

        for (String list : new String[] {"/v1/Services", path("/PhoneNumbers"), path("/Sessions"),
                path("/Sessions/{C}/Participants"), path("/Sessions/{C}/Interactions"),
                path("/Sessions/{C}/Participants/{P}/MessageInteractions")}) {
            for (String query : new String[] {"PageSize=0", "PageSize=1001", "PageSize=-1", "PageSize=abc",
                    "PageSize=99999999999"}) {
                refusals.add(new Refusal("GET", list + "?" + query, null, 400, 20001, "PageSize"));
            }
            refusals.add(new Refusal("GET", list + "?Page=-1", null, 400, 20001, "Page"));
            refusals.add(new Refusal("GET", list + "?Page=x", null, 400, 20001, "Page"));
            refusals.add(new Refusal("GET", list + "?PageToken=garbage", null, 400, 20001, "PageToken"));
        }

        String before = settledState();
        List<String> problems = new ArrayList<>();
        for (Refusal refusal : refusals) {
            RawApi.Reply reply = api.send(refusal.method(), refusal.path(), refusal.form(), RawApi.FORM);
            String shown = refusal.method() + " " + abbreviate(refusal.path()) + " " + abbreviate(refusal.form())
                    + " -> " + reply;
            if (reply.status() != refusal.status() || reply.code() != refusal.code()) {
                problems.add("expected " + refusal.status() + "/" + refusal.code() + ": " + shown);
            } else if (!reply.message().contains(refusal.parameter())) {
                problems.add("the message does not name " + refusal.parameter() + ": " + shown);
            }
            if (!refusal.method().equals("GET")) {
                String now = state();
                if (!now.equals(before)) {
                    problems.add("state changed: " + shown);
                    before = now;
                }
            }
        }
        assertThat(problems).as("%d refusals", refusals.size()).isEmpty();
    }

    @Test
    void valuesAtTheLimitsAreAccepted() {
        JsonNode created = api.created("/v1/Services", "UniqueName=" + x(191) + "&DefaultTtl=2147483647"
                + "&CallbackUrl=" + RawApi.encode(url(4000)) + "&InterceptCallbackUrl=" + RawApi.encode(url(4000))
                + "&OutOfSessionCallbackUrl=" + RawApi.encode(url(4000)) + "&GeoMatchLevel=area-code"
                + "&NumberSelectionBehavior=avoid-sticky&ChatInstanceSid=IS" + "a".repeat(32)
                + "&SomethingUnknown=ignored");
        assertThat(created.get("unique_name").asText()).hasSize(191);
        assertThat(created.get("default_ttl").asLong()).isEqualTo(2147483647L);
        assertThat(created.get("callback_url").asText()).hasSize(4000);
        assertThat(created.get("out_of_session_callback_url").asText()).hasSize(4000);
        String other = created.get("sid").asText();
        api.created("/v1/Services/" + other, "UniqueName=" + "y".repeat(191) + "&DefaultTtl=0");

        JsonNode longest = api.created(path("/Sessions"), "UniqueName=" + x(191) + "&Ttl=2147483647"
                + "&DateExpiry=9999-12-31T23:59:59Z&Mode=message-only&Status=in-progress");
        assertThat(longest.get("ttl").asLong()).isEqualTo(2147483647L);
        String sessionSid = longest.get("sid").asText();
        api.created(path("/Sessions/" + sessionSid), "Ttl=0");
        JsonNode member = api.created(path("/Sessions/" + sessionSid + "/Participants"), "Identifier="
                + messenger(191) + "&FriendlyName=" + x(255));
        assertThat(member.get("identifier").asText()).hasSize(191);
        assertThat(member.get("friendly_name").asText()).hasSize(255);
        JsonNode pooled = api.created(path("/PhoneNumbers"), "PhoneNumber=" + RawApi.encode(newNumber())
                + "&FriendlyName=" + x(64) + "&IsReserved=TRUE");
        assertThat(pooled.get("friendly_name").asText()).hasSize(64);

        for (String list : new String[] {"/v1/Services", path("/Sessions"), path("/PhoneNumbers")}) {
            assertThat(api.read(list + "?PageSize=1000&Page=7").path("meta").path("page_size").asInt()).isEqualTo(100);
            assertThat(api.read(list + "?PageSize=1").path("meta").path("page_size").asInt()).isEqualTo(1);
        }
    }

    /** The state once the fixture's message went out and moved its Session (both arrive through Kafka). */
    private static String settledState() {
        String[] last = {state()};
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(300)).until(() -> {
                    String now = state();
                    boolean settled = now.equals(last[0]) && now.contains("\"in-progress\"")
                            && !now.contains("\"outbound_resource_sid\":null");
                    last[0] = now;
                    return settled;
                });
        return last[0];
    }

    /** What the API shows of the account. */
    private static String state() {
        StringBuilder state = new StringBuilder();
        for (String path : List.of("/v1/Services?PageSize=100", path(""), path("/PhoneNumbers?PageSize=100"),
                path("/Sessions?PageSize=100"), path("/Sessions/{C}/Participants"), path("/Sessions/{C}/Interactions"))) {
            state.append(path).append(" -> ").append(api.read(path)).append('\n');
        }
        return state.toString();
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
