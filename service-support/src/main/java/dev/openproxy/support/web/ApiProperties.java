package dev.openproxy.support.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param publicBaseUrl the base of every {@code url}, {@code links} and paging URL the API prints. Clients
 *                      follow {@code meta.next_page_url} verbatim, and twilio-java only follows *.twilio.com
 *                      hosts, so an operator may set https://proxy.twilio.com and point the client's HTTP layer here.
 */
@ConfigurationProperties("openproxy.api")
public record ApiProperties(String publicBaseUrl) {

    public ApiProperties {
        if (publicBaseUrl == null || publicBaseUrl.isBlank()) {
            publicBaseUrl = "http://localhost:8080";
        }
        publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    /** An absolute URL for an API path such as {@code /v1/Services/KS...}. */
    public String url(String path) {
        return publicBaseUrl + path;
    }
}
