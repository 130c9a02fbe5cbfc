package dev.openproxy.faults;

import dev.openproxy.localstack.LocalStack;
import dev.openproxy.localstack.ProxyService;
import dev.openproxy.localstack.RepositoryRoot;
import dev.openproxy.testsupport.carrier.CarrierWebhooks;
import dev.openproxy.testsupport.carrier.FakeTwilioCarrier;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A stack of the fault test's own (never the e2e suite's shared one: processes get killed here), on free ports, from
 * empty databases, with routing-service sending to a {@link FakeTwilioCarrier} that records every outbound SMS.
 * Logs stay in {@code fault-tests/target/fault-stack/logs} for a look after a failure.
 */
final class FaultStack implements AutoCloseable {

    static final String ACCOUNT_SID = "AC" + "fa17".repeat(8);
    static final String AUTH_TOKEN = "fa17" + "0123456789abcdef0123456789ab";
    static final String CARRIER_ACCOUNT_SID = "AC" + "ca11".repeat(8);
    private static final String CARRIER_AUTH_TOKEN = "ca11fa17" + "fedcba9876543210fedcba98";

    final FakeTwilioCarrier carrier;
    final LocalStack stack;

    private FaultStack(FakeTwilioCarrier carrier, LocalStack stack) {
        this.carrier = carrier;
        this.stack = stack;
    }

    static FaultStack start() {
        // Before the stack: routing-service gets the carrier's URL at start-up.
        FakeTwilioCarrier carrier = FakeTwilioCarrier.start(CARRIER_ACCOUNT_SID, CARRIER_AUTH_TOKEN);
        LocalStack stack = LocalStack.builder()
                .repositoryRoot(RepositoryRoot.find())
                .dataDirectory(Path.of(System.getProperty("openproxy.faults.workDirectory", "target/fault-stack")))
                .fresh(true)
                .randomPorts()
                .account(ACCOUNT_SID, AUTH_TOKEN)
                .serviceArguments(ProxyService.ROUTING, "--openproxy.carrier.base-url=" + carrier.baseUrl(),
                        "--openproxy.carrier.account-sid=" + CARRIER_ACCOUNT_SID,
                        "--openproxy.carrier.auth-token=" + CARRIER_AUTH_TOKEN,
                        "--openproxy.carrier.retry-initial=200ms", "--openproxy.carrier.retry-max=2s")
                .startTimeout(Duration.ofSeconds(Long.getLong("openproxy.faults.startTimeoutSeconds", 300)))
                .stopGrace(Duration.ofSeconds(10))
                .progress(line -> System.out.println("[stack] " + line))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            carrier.close();
        }, "fault-stack-stop"));
        try {
            stack.start();
        } catch (RuntimeException e) {
            carrier.close();
            throw e;
        }
        return new FaultStack(carrier, stack);
    }

    GatewayApi api() {
        return new GatewayApi(stack.gatewayUrl(), ACCOUNT_SID, AUTH_TOKEN);
    }

    /** Inbound webhooks as the carrier posts them: to the gateway, signed for the gateway's URL. */
    CarrierWebhooks carrierWebhooks() {
        return new CarrierWebhooks(stack.gatewayUrl(), CARRIER_ACCOUNT_SID, CARRIER_AUTH_TOKEN);
    }

    @Override
    public void close() {
        stack.close();
        carrier.close();
    }
}
