package dev.openproxy.bench;

import dev.openproxy.localstack.ProxyService;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a workload's time went inside each process, from its {@code /actuator/prometheus} before and after the
 * window: HTTP requests served and their mean time, Axon commands and their mean time, Kafka sends and their mean
 * time, and the time threads waited for a database connection (HikariCP's acquire timer). Sums over all labels;
 * the actuator's own requests are left out.
 */
final class ServiceMetrics {

    private static final Map<String, String> SUMS = new LinkedHashMap<>();

    static {
        SUMS.put("http", "http_server_requests_seconds");
        SUMS.put("command", "commandBus_successTimer_seconds");
        SUMS.put("kafkaSend", "spring_kafka_template_seconds");
        SUMS.put("dbConnectionWait", "hikaricp_connections_acquire_seconds");
    }

    private final Function<ProxyService, String> urls;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ServiceMetrics(Function<ProxyService, String> urls) {
        this.urls = urls;
    }

    /** Per service: for each timer, {count, sum in seconds}. Empty for a service that does not answer. */
    Map<ProxyService, Map<String, double[]>> sample() {
        Map<ProxyService, Map<String, double[]>> all = new EnumMap<>(ProxyService.class);
        for (ProxyService service : ProxyService.values()) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(urls.apply(service) + "/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                all.put(service, response.statusCode() == 200 ? parse(response.body()) : Map.of());
            } catch (java.io.IOException e) {
                all.put(service, Map.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return all;
            }
        }
        return all;
    }

    static Map<String, double[]> parse(String prometheusText) {
        Map<String, double[]> timers = new LinkedHashMap<>();
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("#") || line.contains("/actuator")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = brace > 0 ? line.substring(0, brace) : line.substring(0, space);
            for (Map.Entry<String, String> timer : SUMS.entrySet()) {
                int slot = name.equals(timer.getValue() + "_count") ? 0 : name.equals(timer.getValue() + "_sum") ? 1 : -1;
                if (slot >= 0) {
                    try {
                        timers.computeIfAbsent(timer.getKey(), k -> new double[2])[slot]
                                += Double.parseDouble(line.substring(space + 1).trim());
                    } catch (NumberFormatException ignored) {
                        // NaN or a value we cannot read: leave it out
                    }
                }
            }
        }
        return timers;
    }

    /**
     * Per service with activity in between: count and mean milliseconds of each timer over the window
     * ({@code dbConnectionWait}: acquisitions, mean wait, and the total wait in seconds).
     */
    static Map<String, Map<String, Object>> delta(Map<ProxyService, Map<String, double[]>> before,
                                                  Map<ProxyService, Map<String, double[]>> after) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        after.forEach((service, timers) -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            timers.forEach((name, value) -> {
                double[] old = before.getOrDefault(service, Map.of()).getOrDefault(name, new double[2]);
                double count = value[0] - old[0];
                double sum = value[1] - old[1];
                if (count > 0) {
                    figures.put(name + "Count", Math.round(count));
                    figures.put(name + "MeanMs", Math.round(100_000.0 * sum / count) / 100.0);
                    if (name.equals("dbConnectionWait")) {
                        figures.put(name + "TotalSeconds", Math.round(100.0 * sum) / 100.0);
                    }
                }
            });
            if (figures.containsKey("httpCount") || figures.containsKey("commandCount")) {
                result.put(service.shortName(), figures);
            }
        });
        return result;
    }
}
