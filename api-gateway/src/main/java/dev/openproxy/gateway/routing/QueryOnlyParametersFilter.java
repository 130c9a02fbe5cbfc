package dev.openproxy.gateway.routing;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps form bodies byte-for-byte intact on their way to the services. A servlet container parses an
 * application/x-www-form-urlencoded body as soon as anyone asks for a request parameter (the proxy handler
 * does, to rebuild the query string), which consumes the body and mixes its fields into the query. This
 * wrapper answers parameter questions from the query string alone, so the body stream is never touched.
 * It replaces the gateway's own FormFilter, which re-encodes the body from the parsed parameters instead.
 */
public class QueryOnlyParametersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new QueryOnlyParametersRequest(request), response);
    }

    static final class QueryOnlyParametersRequest extends HttpServletRequestWrapper {

        private final Map<String, String[]> parameters;

        QueryOnlyParametersRequest(HttpServletRequest request) {
            super(request);
            this.parameters = parse(request.getQueryString());
        }

        /** Decodes like the container does (UTF-8, '+' is a space), so the proxy re-encodes the same values. */
        private static Map<String, String[]> parse(String queryString) {
            MultiValueMap<String, String> values = new LinkedMultiValueMap<>();
            if (queryString != null) {
                for (String pair : queryString.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int equals = pair.indexOf('=');
                    String name = equals < 0 ? pair : pair.substring(0, equals);
                    String value = equals < 0 ? "" : pair.substring(equals + 1);
                    values.add(decode(name), decode(value));
                }
            }
            Map<String, String[]> result = new LinkedHashMap<>();
            values.forEach((name, list) -> result.put(name, list.toArray(String[]::new)));
            return Collections.unmodifiableMap(result);
        }

        private static String decode(String raw) {
            try {
                return URLDecoder.decode(raw, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return raw; // a stray '%': pass it on as written and let the service judge it
            }
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = parameters.get(name);
            return values == null ? null : values.clone();
        }
    }
}
