package dev.openproxy.numberpool;

import dev.openproxy.support.ServiceMain;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Owns the pool of proxy numbers: membership, reservation and the one-number-one-Service rule (DESIGN.md section 2). */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class NumberPoolServiceApplication {

    public static void main(String[] args) {
        ServiceMain.run(NumberPoolServiceApplication.class, args);
    }
}
