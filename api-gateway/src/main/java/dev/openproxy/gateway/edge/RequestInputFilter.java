package dev.openproxy.gateway.edge;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.api.TwilioError;
import dev.openproxy.gateway.error.TwilioErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * Checks what a client sends before it is forwarded, so malformed input gets a 4xx in Twilio's shape here and
 * never becomes a 5xx (or a half-written record) behind the gateway:
 * <ul>
 *   <li>the body is at most {@code openproxy.gateway.requests.max-body-size}, else 413;</li>
 *   <li>a POST body is {@code application/x-www-form-urlencoded} (UTF-8, the only charset Twilio's libraries
 *       send), else 415;</li>
 *   <li>the body and the query string are well-formed percent-encoded UTF-8 without NUL characters, else 400.</li>
 * </ul>
 * The body is read here (it is small) and handed on from memory, byte for byte. A GET or DELETE body is dropped:
 * Twilio's operations read none.
 */
public class RequestInputFilter extends OncePerRequestFilter {

    private final TwilioErrorWriter errors;
    private final RequestLimits limits;
    private final List<String> checkedBasePaths;

    public RequestInputFilter(TwilioErrorWriter errors, RequestLimits limits, List<String> checkedBasePaths) {
        this.errors = errors;
        this.limits = limits;
        this.checkedBasePaths = List.copyOf(checkedBasePaths);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return checkedBasePaths.stream().noneMatch(base -> path.equals(base) || path.startsWith(base + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null) {
            try {
                FormBody.parse(query.getBytes(StandardCharsets.ISO_8859_1), "the query string");
            } catch (FormBody.MalformedException malformed) {
                errors.write(response, ErrorCode.INVALID_PARAMETER.error(malformed.getMessage()));
                return;
            }
        }
        int max = limits.maxBodyBytes();
        if (request.getContentLengthLong() > max) {
            errors.write(response, tooLarge(max));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readNBytes(max + 1);
        } catch (IOException unreadable) {
            errors.write(response, ErrorCode.INVALID_PARAMETER.error("The request body could not be read"));
            return;
        }
        if (body.length > max) {
            errors.write(response, tooLarge(max));
            return;
        }
        boolean post = request.getMethod().equalsIgnoreCase("POST");
        if (!post) {
            body = new byte[0];
        } else if (body.length > 0) {
            TwilioError problem = checkFormBody(request.getContentType(), body);
            if (problem != null) {
                errors.write(response, problem);
                return;
            }
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private static TwilioError checkFormBody(String contentType, byte[] body) {
        if (!isUtf8Form(contentType)) {
            return TwilioError.of(ErrorCode.INVALID_PARAMETER.code(),
                    "Unsupported Content-Type: send parameters as application/x-www-form-urlencoded (UTF-8)", 415);
        }
        try {
            FormBody.parse(body, "the request body");
            return null;
        } catch (FormBody.MalformedException malformed) {
            return ErrorCode.INVALID_PARAMETER.error(malformed.getMessage());
        }
    }

    static boolean isUtf8Form(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            String charset = type.getParameter("charset");
            return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)
                    && (charset == null || unquote(charset).equalsIgnoreCase("utf-8"));
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static TwilioError tooLarge(int max) {
        return TwilioError.of(ErrorCode.INVALID_PARAMETER.code(),
                "Request body too large: at most " + max + " bytes are accepted", 413);
    }

    /** The request with its body read into memory: the proxy streams these bytes on, unchanged. */
    static final class BufferedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body is already in memory");
                }

                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getHeader(String name) {
            if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                return Integer.toString(body.length);
            }
            if (HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name)) {
                return null;
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                return Collections.enumeration(List.of(Integer.toString(body.length)));
            }
            if (HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name)) {
                return Collections.emptyEnumeration();
            }
            return super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames()).stream()
                    .filter(n -> !n.equalsIgnoreCase(HttpHeaders.TRANSFER_ENCODING)
                            && !n.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH))
                    .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
            names.add(HttpHeaders.CONTENT_LENGTH.toLowerCase(Locale.ROOT));
            return Collections.enumeration(names);
        }
    }
}
