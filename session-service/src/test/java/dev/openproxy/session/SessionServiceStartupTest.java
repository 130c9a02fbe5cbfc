package dev.openproxy.session;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.testsupport.ServiceStartupContract;

class SessionServiceStartupTest extends ServiceStartupContract {

    SessionServiceStartupTest() {
        super("session-service", Topics.SERVICES, Topics.SESSIONS);
    }
}
