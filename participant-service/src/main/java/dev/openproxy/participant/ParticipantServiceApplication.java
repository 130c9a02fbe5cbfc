package dev.openproxy.participant;

import dev.openproxy.support.ServiceMain;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Owns Participants and their proxy-number assignment (DESIGN.md section 2). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ParticipantServiceApplication {

    public static void main(String[] args) {
        ServiceMain.run(ParticipantServiceApplication.class, args);
    }
}
