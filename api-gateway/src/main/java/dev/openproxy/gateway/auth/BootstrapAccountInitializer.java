package dev.openproxy.gateway.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Upserts the bootstrap account while the context starts, before the web server takes requests, so the
 * configured credentials work from the first request. A malformed SID or empty token stops start-up.
 */
@Component
class BootstrapAccountInitializer implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAccountInitializer.class);

    private final BootstrapAccountProperties properties;
    private final AccountStore accounts;

    BootstrapAccountInitializer(BootstrapAccountProperties properties, AccountStore accounts) {
        this.properties = properties;
        this.accounts = accounts;
    }

    @Override
    public void afterPropertiesSet() {
        if (!properties.configured()) {
            log.info("No bootstrap account configured (openproxy.gateway.bootstrap-account.sid is unset)");
            return;
        }
        accounts.upsert(properties.sid().trim(), properties.authToken(), properties.friendlyName());
        log.info("Bootstrap account {} is ready", properties.sid().trim());
    }
}
