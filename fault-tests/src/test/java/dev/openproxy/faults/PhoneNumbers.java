package dev.openproxy.faults;

import java.util.concurrent.atomic.AtomicInteger;

/** Distinct valid US numbers (+1415 and seven digits) from separate ranges, so no two purposes ever share one. */
final class PhoneNumbers {

    private final AtomicInteger next;

    PhoneNumbers(int firstOfRange) {
        this.next = new AtomicInteger(firstOfRange);
    }

    String next() {
        return "+1415" + next.getAndIncrement();
    }
}
