package dev.openproxy.session;

import dev.openproxy.support.ServiceMain;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Owns Twilio Proxy's Service and Session resources: unique names, status transitions, Ttl and DateExpiry closing. */
@SpringBootApplication
@EnableScheduling
public class SessionServiceApplication {

    public static void main(String[] args) {
        ServiceMain.run(SessionServiceApplication.class, args);
    }
}
