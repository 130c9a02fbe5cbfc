package dev.openproxy.participant;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.testsupport.ServiceStartupContract;

class ParticipantServiceStartupTest extends ServiceStartupContract {

    ParticipantServiceStartupTest() {
        super("participant-service", Topics.PARTICIPANTS);
    }
}
