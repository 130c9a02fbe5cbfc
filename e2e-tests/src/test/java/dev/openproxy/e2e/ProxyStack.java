package dev.openproxy.e2e;

import dev.openproxy.localstack.LocalStack;
import dev.openproxy.localstack.ProxyService;
import dev.openproxy.localstack.RepositoryRoot;
import dev.openproxy.testsupport.carrier.CarrierWebhooks;
import dev.openproxy.testsupport.carrier.FakeTwilioCarrier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.time.Duration;

/**
 * JUnit 5 extension: the whole OpenProxy stack (real PostgreSQL, real Kafka, every service's packaged jar), started
 * once per test JVM on free ports and stopped when the test run ends, after every engine (Jupiter's and jqwik's).
 * Test classes use it through {@link E2eTest} or {@code @ExtendWith(ProxyStack.class)} (jqwik's through the static
 * accessors, which start it on first use).
 *
 * <p>The API prints {@code https://proxy.twilio.com} URLs (twilio-java only follows paging URLs on *.twilio.com);
 * {@link GatewayHttpClient} sends the library's requests to the local gateway. Logs and data stay in
 * {@code e2e-tests/target/e2e-stack/} for a look after a failure; each run starts from empty databases.
 *
 * <p>routing-service speaks to a {@link FakeTwilioCarrier} (started first, as PROXY_CARRIER_BASE_URL would name a real
 * one), whose auth token also signs the carrier's webhooks: tests send them with {@link #carrierWebhooks()}.
 */
public final class ProxyStack implements BeforeAllCallback {

    /** The account the gateway creates at start-up. */
    public static final String ACCOUNT_SID = "AC" + "e2e0".repeat(8);
    public static final String AUTH_TOKEN = "e2e0" + "0123456789abcdef0123456789ab";
    public static final String PUBLIC_BASE_URL = "https://proxy.twilio.com";
    /** The e2e stack's pool limits per Service (Twilio's are 500 and 5,000). */
    public static final int MAX_UNRESERVED_NUMBERS = 150;
    public static final int MAX_RESERVED_NUMBERS = 20;
    /** The platform's account at the carrier (not {@link #ACCOUNT_SID}: a carrier account is the operator's). */
    public static final String CARRIER_ACCOUNT_SID = "AC" + "ca11".repeat(8);
    private static final String CARRIER_AUTH_TOKEN = "ca11e2e0" + "fedcba9876543210fedcba98";
    /** The carrier retry backoff of the e2e stack (default 1 s, doubling): a 500-then-201 test then takes a moment. */
    public static final Duration CARRIER_RETRY_INITIAL = Duration.ofMillis(200);

    private static LocalStack stack;
    private static FakeTwilioCarrier carrier;
    private static RuntimeException startFailure;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    /**
     * Stops the stack if it was started: called once every test engine is done ({@link ProxyStackSessionListener}),
     * not when Jupiter's tests are, since the jqwik properties (GatewayFuzzIT) run in their own engine after them.
     */
    static synchronized void stop() {
        if (stack != null) {
            System.out.println("[stack] stopping");
            stack.close();
            stack = null;
        }
        if (carrier != null) {
            carrier.close();
            carrier = null;
        }
    }

    /** The running stack (started on first use). */
    public static synchronized LocalStack stack() {
        return start();
    }

    public static String gatewayUrl() {
        return stack().gatewayUrl();
    }

    /** The carrier routing-service sends SMS to (running once the stack is). */
    public static synchronized FakeTwilioCarrier carrier() {
        start();
        return carrier;
    }

    /** Signed carrier webhooks to the e2e stack's gateway, as its carrier sends them. */
    public static CarrierWebhooks carrierWebhooks() {
        return new CarrierWebhooks(gatewayUrl(), CARRIER_ACCOUNT_SID, carrierAuthToken());
    }

    /** The carrier's auth token: routing-service's Basic auth at the carrier, and the key of webhook signatures. */
    public static String carrierAuthToken() {
        return CARRIER_AUTH_TOKEN;
    }

    private static synchronized LocalStack start() {
        if (stack != null) {
            return stack;
        }
        if (startFailure != null) {
            // One attempt per JVM: a stack that failed once would fail every test class again, minutes each.
            throw startFailure;
        }
        Path workDirectory = Path.of(System.getProperty("openproxy.e2e.workDirectory", "target/e2e-stack"));
        try {
            // Before the stack: routing-service gets its URL at start-up.
            FakeTwilioCarrier fakeCarrier = FakeTwilioCarrier.start(CARRIER_ACCOUNT_SID, CARRIER_AUTH_TOKEN);
            Runtime.getRuntime().addShutdownHook(new Thread(fakeCarrier::close, "e2e-carrier-stop"));
            LocalStack started = LocalStack.builder()
                    .repositoryRoot(RepositoryRoot.find())
                    .dataDirectory(workDirectory)
                    .fresh(true)
                    .randomPorts()
                    .publicBaseUrl(PUBLIC_BASE_URL)
                    .account(ACCOUNT_SID, AUTH_TOKEN)
                    // Functional tests drive the API faster than Twilio's 30 requests/s per endpoint and Service;
                    // the limits themselves are tested in api-gateway's tests, with their own settings.
                    .serviceArguments(ProxyService.GATEWAY, "--openproxy.gateway.rate-limit.requests-per-second=100000")
                    // Pool limits lowered by configuration, as an operator would, so tests can reach both.
                    .serviceArguments(ProxyService.NUMBER_POOL, "--openproxy.pool.max-unreserved=" + MAX_UNRESERVED_NUMBERS,
                            "--openproxy.pool.max-reserved=" + MAX_RESERVED_NUMBERS)
                    // A Twilio-compatible carrier instead of the built-in sandbox; retries shortened for the tests.
                    .serviceArguments(ProxyService.ROUTING, "--openproxy.carrier.base-url=" + fakeCarrier.baseUrl(),
                            "--openproxy.carrier.account-sid=" + CARRIER_ACCOUNT_SID,
                            "--openproxy.carrier.auth-token=" + CARRIER_AUTH_TOKEN,
                            "--openproxy.carrier.retry-initial=" + CARRIER_RETRY_INITIAL.toMillis() + "ms",
                            "--openproxy.carrier.retry-max=2s")
                    .startTimeout(Duration.ofSeconds(Long.getLong("openproxy.e2e.startTimeoutSeconds", 240)))
                    .progress(line -> System.out.println("[stack] " + line))
                    .build();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "e2e-stack-stop"));
            started.start();
            System.out.printf("[stack] ready in %.1f s: gateway %s, Kafka %s, fake carrier %s, logs %s%n",
                    started.startupTime().toMillis() / 1000.0, started.gatewayUrl(), started.kafkaBootstrapServers(),
                    fakeCarrier.baseUrl(), started.logDirectory());
            carrier = fakeCarrier;
            stack = started;
            return stack;
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
    }
}
