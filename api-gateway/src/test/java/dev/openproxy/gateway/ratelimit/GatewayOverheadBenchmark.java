package dev.openproxy.gateway.ratelimit;

import dev.openproxy.gateway.ApiGatewayApplication;
import dev.openproxy.gateway.auth.Authenticator;
import dev.openproxy.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What authentication and the shared rate limit cost per request, against the embedded PostgreSQL on this machine:
 * the same GET through a gateway with limits on and one with limits off (same database), and the two database
 * round trips alone. Not part of the build (numbers, not assertions): run with
 * {@code ./mvnw -pl api-gateway test -Dtest=GatewayOverheadBenchmark -Dopenproxy.benchmark=true}. Results: ADR 0009.
 */
@EnabledIfSystemProperty(named = "openproxy.benchmark", matches = "true")
class GatewayOverheadBenchmark {

    static final String ACCOUNT = "AC" + "0123456789abcdef0123456789abcdef";
    static final String TOKEN = "benchmark-token-0123456789abcdef";
    static final int WARM_UP = 3000;
    static final int MEASURED = 5000;

    @Test
    void measure() throws Exception {
        // Without it the JDK's little server writes head and body as two packets and waits out the client's delayed
        // ACK (40 ms) on every response: a harness artefact (the services run on Tomcat, which sets TCP_NODELAY).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        com.sun.net.httpserver.HttpServer upstream = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        String database = EmbeddedPostgres.newDatabase("gateway_bench");
        try (ConfigurableApplicationContext limited = gateway(database, upstream, true);
             ConfigurableApplicationContext unlimited = gateway(database, upstream, false)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String auth = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
            LongSupplier viaLimited = request(http, limited, auth);
            LongSupplier viaUnlimited = request(http, unlimited, auth);
            RateLimiter limiter = limited.getBean(RateLimiter.class);
            Authenticator authenticator = limited.getBean(Authenticator.class);
            LongSupplier acquire = timed(() -> limiter.acquire("bench", 1_000_000, 5, System.currentTimeMillis() / 1000));
            LongSupplier authenticate = timed(() -> authenticator.accountOf(ACCOUNT, TOKEN));
            for (int i = 0; i < WARM_UP; i++) {
                viaLimited.getAsLong();
                viaUnlimited.getAsLong();
                acquire.getAsLong();
                authenticate.getAsLong();
            }
            report("GET through the gateway, rate limit on ", viaLimited);
            report("GET through the gateway, rate limit off", viaUnlimited);
            report("RateLimiter.acquire alone              ", acquire);
            report("Authenticator.accountOf alone          ", authenticate);
        } finally {
            upstream.stop(0);
        }
    }

    private static ConfigurableApplicationContext gateway(String database, com.sun.net.httpserver.HttpServer upstream,
                                                          boolean limits) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--openproxy.gateway.bootstrap-account.sid=" + ACCOUNT,
                "--openproxy.gateway.bootstrap-account.auth-token=" + TOKEN,
                "--openproxy.gateway.rate-limit.enabled=" + limits,
                "--openproxy.gateway.rate-limit.requests-per-second=1000000",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        for (String service : new String[] {"session", "participant", "number-pool", "routing"}) {
            args.add("--openproxy.gateway.services." + service + "=http://127.0.0.1:" + upstream.getAddress().getPort());
        }
        return new SpringApplicationBuilder(ApiGatewayApplication.class).run(args.toArray(String[]::new));
    }

    private static LongSupplier request(HttpClient http, ConfigurableApplicationContext gateway, String auth) {
        URI uri = URI.create("http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port")
                + "/v1/Services/KS" + "0".repeat(32) + "/Sessions");
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", auth).GET().build();
        return timed(() -> {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode());
            }
            return null;
        });
    }

    interface Action {
        Object run() throws Exception;
    }

    private static LongSupplier timed(Action action) {
        return () -> {
            long start = System.nanoTime();
            try {
                action.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime() - start;
        };
    }

    private static void report(String what, LongSupplier sample) {
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            nanos[i] = sample.getAsLong();
        }
        Arrays.sort(nanos);
        System.out.printf("BENCH %s: mean %.3f ms, p50 %.3f ms, p99 %.3f ms (%d requests)%n", what,
                Arrays.stream(nanos).average().orElse(0) / 1e6, nanos[MEASURED / 2] / 1e6,
                nanos[MEASURED * 99 / 100] / 1e6, MEASURED);
    }
}
