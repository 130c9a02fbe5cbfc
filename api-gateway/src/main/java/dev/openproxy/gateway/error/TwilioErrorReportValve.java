package dev.openproxy.gateway.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.api.TwilioError;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;

/**
 * Tomcat's error page for requests it refuses before any servlet runs (a request line it cannot parse, a path with
 * an encoded slash or invalid UTF-8, headers that are too large): Twilio's error JSON instead of Tomcat's HTML. A
 * protocol version Tomcat does not speak (505) is the client's error here, so it is answered as 400.
 */
public class TwilioErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    public TwilioErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        if (status == 505) {
            status = 400;
            response.setStatus(status);
        }
        TwilioError error = TwilioErrors.forStatus(status, safePath(request));
        try {
            String body = JSON.writeValueAsString(error);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        } catch (IOException | IllegalStateException clientGone) {
            // nothing more can be sent on this connection
        }
    }

    private static String safePath(Request request) {
        try {
            String uri = request.getRequestURI();
            return uri == null ? "/" : uri;
        } catch (RuntimeException unparsed) {
            return "/";
        }
    }
}
