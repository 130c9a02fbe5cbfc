package dev.openproxy.gateway.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openproxy.contracts.api.TwilioError;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes Twilio's error JSON straight to a servlet response, for failures found before Spring MVC runs (auth). */
@Component
public class TwilioErrorWriter {

    private final ObjectMapper json;

    public TwilioErrorWriter(ObjectMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, TwilioError error) throws IOException {
        response.setStatus(error.status());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        json.writeValue(response.getOutputStream(), error);
    }
}
