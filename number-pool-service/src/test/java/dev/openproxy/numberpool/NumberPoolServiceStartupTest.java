package dev.openproxy.numberpool;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.testsupport.ServiceStartupContract;

class NumberPoolServiceStartupTest extends ServiceStartupContract {

    NumberPoolServiceStartupTest() {
        super("number-pool-service", Topics.PHONE_NUMBERS);
    }
}
