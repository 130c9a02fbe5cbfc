package dev.openproxy.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.proxy.v1.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The client against a fake gateway: what reaches the server, and what the contract checks make of the answers. */
class GatewayHttpClientTest {

    private static final String SID = "AC" + "a".repeat(32);
    private static final String TOKEN = "token-0123456789";
    private static final String SERVICE = """
            {"sid":"KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","account_sid":"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
             "chat_instance_sid":null,"unique_name":"My Service","default_ttl":3600,"callback_url":null,
             "geo_match_level":"country","number_selection_behavior":"prefer-sticky","intercept_callback_url":null,
             "out_of_session_callback_url":null,"date_created":"2015-07-30T20:00:00Z","date_updated":"2015-07-30T20:00:00Z",
             "url":"https://proxy.twilio.com/v1/Services/KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
             "links":{"sessions":"https://proxy.twilio.com/v1/Services/KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Sessions",
                      "phone_numbers":"https://proxy.twilio.com/v1/Services/KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/PhoneNumbers"}}
            """;

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = SERVICE;
    private GatewayHttpClient http;
    private TwilioRestClient twilio;

    @BeforeEach
    void startFakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", this::answer);
        server.start();
        http = new GatewayHttpClient("http://127.0.0.1:" + server.getAddress().getPort());
        twilio = TwilioClients.restClient(http, SID, TOKEN);
    }

    @AfterEach
    void stopFakeGateway() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                + " auth=" + exchange.getRequestHeaders().getFirst("Authorization")
                + " type=" + exchange.getRequestHeaders().getFirst("Content-Type")
                + " body=" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void sendsTwiliosRequestToTheGatewayWithAuthAndFormBody() {
        status = 201;
        Service created = Service.creator("My Service").setDefaultTtl(3600).create(twilio);

        assertThat(created.getSid()).isEqualTo("KS" + "a".repeat(32));
        String basic = "Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(received).singleElement().asString()
                .startsWith("POST /v1/Services auth=" + basic + " type=application/x-www-form-urlencoded body=")
                .contains("UniqueName=My+Service").contains("DefaultTtl=3600");
        http.assertNoContractViolations();
    }

    @Test
    void keepsPathAndQuery() {
        answer = """
                {"services":[],"meta":{"first_page_url":"https://proxy.twilio.com/v1/Services?PageSize=5&Page=0",
                 "key":"services","next_page_url":null,"page":0,"page_size":5,"previous_page_url":null,
                 "url":"https://proxy.twilio.com/v1/Services?PageSize=5&Page=0"}}
                """;
        Service.reader().pageSize(5).read(twilio).iterator().hasNext();

        assertThat(received).singleElement().asString().startsWith("GET /v1/Services?PageSize=5 auth=Basic ");
        assertThat(http.lastExchange().status()).isEqualTo(200);
        http.assertNoContractViolations();
    }

    @Test
    void aBodyOutsideTheSpecIsAViolation() {
        answer = SERVICE.replace("\"unique_name\"", "\"friendly_name\":\"x\",\"unique_name\"")
                .replace("KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"account_sid", "KS123\",\"account_sid");

        Service.fetcher("KS" + "a".repeat(32)).fetch(twilio);

        assertThat(http.contractViolations())
                .anyMatch(v -> v.contains("additionalProperties") && v.contains("friendly_name"))
                .anyMatch(v -> v.contains("[Path '/sid']") && v.contains("KS123"));
        assertThatThrownBy(http::assertNoContractViolations).isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /v1/Services/KS" + "a".repeat(32) + " -> 200");
        http.clearContractViolations();
        http.assertNoContractViolations();
    }

    @Test
    void twilioErrorsReachTheLibraryAndMustHaveTwiliosShape() {
        status = 404;
        answer = "{\"code\":20404,\"message\":\"The requested resource was not found\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/20404\",\"status\":404}";

        ApiException error = catchThrowableOfType(ApiException.class,
                () -> Service.fetcher("KS" + "0".repeat(32)).fetch(twilio));

        assertThat(error.getCode()).isEqualTo(20404);
        http.assertNoContractViolations();

        status = 500;
        answer = "<html>Whitelabel Error Page</html>";
        catchThrowableOfType(ApiException.class, () -> Service.fetcher("KS" + "0".repeat(32)).fetch(twilio));

        // twilio-java retries a 5xx, so the same broken answer may be seen more than once
        assertThat(http.contractViolations()).isNotEmpty().allMatch(v -> v.contains("error body is not JSON"));
    }

    @Test
    void anErrorWhoseStatusDisagreesIsAViolation() {
        status = 400;
        answer = "{\"code\":20001,\"message\":\"Bad\",\"more_info\":\"https://www.twilio.com/docs/errors/20001\",\"status\":500}";

        catchThrowableOfType(ApiException.class, () -> Service.fetcher("KS" + "0".repeat(32)).fetch(twilio));

        assertThat(http.contractViolations()).singleElement().asString().contains("'status' is not the HTTP status 400");
    }
}
