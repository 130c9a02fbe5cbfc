package dev.openproxy.participant.assignment;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.support.web.TwilioApiException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The selection rules as properties over random pools: reserved numbers, capabilities, GeoMatchLevel, the
 * identifier's numbers in use, sticky behaviour, load, and the error code when nothing fits.
 */
class ProxyNumberSelectorPropertyTest {

    /** A few places: San Francisco (415 and its overlay 628), New York (212/646), Los Angeles, Toronto, London. */
    private static final List<Location> PLACES = List.of(
            new Location("US", "415"), new Location("US", "628"), new Location("US", "212"),
            new Location("US", "646"), new Location("US", "310"), new Location("CA", "416"),
            new Location("GB", null));
    private static final List<String> MODES = List.of("message-only", "voice-only", "voice-and-message");
    private static final List<String> LEVELS = List.of("country", "area-code", "overlay", "radius");
    private static final List<String> BEHAVIORS = List.of("prefer-sticky", "avoid-sticky");

    record Scenario(List<Candidate> pool, String mode, Location identifier, String level, String behavior,
                    Set<String> inUse, String sticky, Set<String> excluded) {
        SelectionRequest request() {
            return new SelectionRequest(pool, mode, identifier, level, behavior, inUse, sticky, excluded);
        }

        SelectionRequest withPool(List<Candidate> otherPool) {
            return new SelectionRequest(otherPool, mode, identifier, level, behavior, inUse, sticky, excluded);
        }

        /** The numbers every rule but stickiness and load allows: a second, naive statement of the rules. */
        List<Candidate> eligible() {
            return pool.stream()
                    .filter(c -> !c.reserved())
                    .filter(c -> switch (mode) {
                        case "message-only" -> c.sms();
                        case "voice-only" -> c.voice();
                        default -> c.sms() && c.voice();
                    })
                    .filter(c -> geoOk(c.location()))
                    .filter(c -> !inUse.contains(c.sid()) && !excluded.contains(c.sid()))
                    .toList();
        }

        boolean geoOk(Location number) {
            if (identifier.isoCountry() == null) {
                return true;
            }
            if (identifier.areaCode() == null || level.equals("country")) {
                return identifier.isoCountry().equals(number.isoCountry());
            }
            if (level.equals("area-code")) {
                return identifier.areaCode().equals(number.areaCode());
            }
            return identifier.areaCode().equals(number.areaCode())
                    || Set.of(Set.of("415", "628"), Set.of("212", "646")).contains(Set.of(identifier.areaCode(), String.valueOf(number.areaCode())));
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Location> identifiers = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(PLACES)), Tuple.of(1, Arbitraries.just(Location.UNKNOWN)));
        return identifiers.flatMap(identifier -> {
            // Most numbers near the identifier, so that every rule gets to decide something.
            Arbitrary<Location> places = Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.just(identifier.isoCountry() == null ? PLACES.get(0) : identifier)),
                    Tuple.of(2, Arbitraries.of(PLACES)));
            Arbitrary<Candidate> number = Combinators.combine(places, Arbitraries.integers().between(1000, 9999),
                            Arbitraries.frequency(Tuple.of(5, true), Tuple.of(1, false)),
                            Arbitraries.frequency(Tuple.of(5, true), Tuple.of(1, false)),
                            Arbitraries.frequency(Tuple.of(1, true), Tuple.of(5, false)),
                            Arbitraries.integers().between(0, 4))
                    .as((place, line, sms, voice, reserved, load) -> new Candidate("PN", phone(place, line), place,
                            sms, voice, reserved, load));
            Arbitrary<List<Candidate>> pools = number.list().ofMinSize(0).ofMaxSize(8)
                    .map(ProxyNumberSelectorPropertyTest::withSids);
            return Combinators.combine(pools, Arbitraries.of(MODES), Arbitraries.of(LEVELS), Arbitraries.of(BEHAVIORS),
                            Arbitraries.integers().between(0, 255), Arbitraries.integers().between(-1, 7),
                            Arbitraries.integers().between(0, 255))
                    .as((pool, mode, level, behavior, inUseMask, stickyIndex, excludedMask) -> new Scenario(
                            pool, mode, identifier, level, behavior, pick(pool, inUseMask & 0b1000_0101),
                            stickyIndex >= 0 && stickyIndex < pool.size() ? pool.get(stickyIndex).sid() : null,
                            pick(pool, excludedMask & 0b0100_0010)));
        });
    }

    @Property(tries = 2000)
    void choosesOnlyWhatEveryRuleAllows(@ForAll("scenarios") Scenario scenario) {
        List<Candidate> eligible = scenario.eligible();
        Assume.that(!eligible.isEmpty());

        Candidate chosen = ProxyNumberSelector.select(scenario.request());

        assertThat(eligible).contains(chosen);
        assertThat(chosen.reserved()).isFalse();
        assertThat(scenario.inUse()).doesNotContain(chosen.sid());
    }

    @Property(tries = 2000)
    void failsOnlyWhenNothingIsEligibleWithTheCodeOfTheFirstRuleThatEmptiedThePool(@ForAll("scenarios") Scenario scenario) {
        Assume.that(scenario.eligible().isEmpty());

        assertThatThrownBy(() -> ProxyNumberSelector.select(scenario.request()))
                .isInstanceOfSatisfying(TwilioApiException.class,
                        e -> assertThat(e.error().code()).isEqualTo(expectedCode(scenario).code()));
    }

    @Property(tries = 1000, maxDiscardRatio = 20)
    void preferStickyReturnsTheIdentifiersLastNumberWheneverItIsEligible(@ForAll("scenarios") Scenario generated,
                                                                         @ForAll int pick) {
        Assume.that(!generated.eligible().isEmpty());
        String sticky = generated.eligible().get(Math.floorMod(pick, generated.eligible().size())).sid();
        Scenario scenario = new Scenario(generated.pool(), generated.mode(), generated.identifier(), generated.level(),
                "prefer-sticky", generated.inUse(), sticky, generated.excluded());

        assertThat(ProxyNumberSelector.select(scenario.request()).sid()).isEqualTo(sticky);
    }

    @Property(tries = 1000, maxDiscardRatio = 20)
    void preferStickyFallsBackWhenTheLastNumberIsNotEligible(@ForAll("scenarios") Scenario generated) {
        List<Candidate> ineligible = generated.pool().stream().filter(c -> !generated.eligible().contains(c)).toList();
        Assume.that(!generated.eligible().isEmpty() && !ineligible.isEmpty());
        Scenario scenario = new Scenario(generated.pool(), generated.mode(), generated.identifier(), generated.level(),
                "prefer-sticky", generated.inUse(), ineligible.get(0).sid(), generated.excluded());

        assertThat(scenario.eligible()).contains(ProxyNumberSelector.select(scenario.request()));
    }

    @Property(tries = 1000, maxDiscardRatio = 20)
    void avoidStickyNeverReturnsTheLastNumberWhenAnotherIsEligible(@ForAll("scenarios") Scenario generated,
                                                                   @ForAll int pick) {
        Assume.that(generated.eligible().size() >= 2);
        String sticky = generated.eligible().get(Math.floorMod(pick, generated.eligible().size())).sid();
        Scenario scenario = new Scenario(generated.pool(), generated.mode(), generated.identifier(), generated.level(),
                "avoid-sticky", generated.inUse(), sticky, generated.excluded());

        assertThat(ProxyNumberSelector.select(scenario.request()).sid()).isNotEqualTo(sticky);
    }

    @Property(tries = 500, maxDiscardRatio = 20)
    void avoidStickyStillUsesTheLastNumberWhenItIsTheOnlyOne(@ForAll("scenarios") Scenario generated) {
        Assume.that(generated.eligible().size() == 1);
        String only = generated.eligible().get(0).sid();
        Scenario scenario = new Scenario(generated.pool(), generated.mode(), generated.identifier(), generated.level(),
                "avoid-sticky", generated.inUse(), only, generated.excluded());

        assertThat(ProxyNumberSelector.select(scenario.request()).sid()).isEqualTo(only);
    }

    @Property(tries = 1000, maxDiscardRatio = 20)
    void withoutStickinessTheLeastLoadedEligibleNumberWins(@ForAll("scenarios") Scenario scenario) {
        Assume.that(!scenario.eligible().isEmpty());
        boolean stickyApplies = scenario.sticky() != null
                && scenario.eligible().stream().anyMatch(c -> c.sid().equals(scenario.sticky()));
        Assume.that(!stickyApplies);

        int leastLoad = scenario.eligible().stream().mapToInt(Candidate::activeParticipants).min().orElseThrow();
        assertThat(ProxyNumberSelector.select(scenario.request()).activeParticipants()).isEqualTo(leastLoad);
    }

    @Property(tries = 1000, maxDiscardRatio = 20)
    void theChoiceIsDeterministicWhateverTheOrderOfThePool(@ForAll("scenarios") Scenario scenario,
                                                           @ForAll long seed) {
        Assume.that(!scenario.eligible().isEmpty());
        List<Candidate> shuffled = new ArrayList<>(scenario.pool());
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(ProxyNumberSelector.select(scenario.withPool(shuffled)))
                .isEqualTo(ProxyNumberSelector.select(scenario.request()));
    }

    @Property(tries = 1000, maxDiscardRatio = 20)
    void areaCodeMatchingKeepsANorthAmericanIdentifierInItsAreaCode(@ForAll("scenarios") Scenario scenario) {
        Assume.that(scenario.level().equals("area-code") && scenario.identifier().areaCode() != null);
        Assume.that(!scenario.eligible().isEmpty());

        assertThat(ProxyNumberSelector.select(scenario.request()).location().areaCode())
                .isEqualTo(scenario.identifier().areaCode());
    }

    @Property(tries = 1000, maxDiscardRatio = 20)
    void countryMatchingKeepsTheIdentifiersCountry(@ForAll("scenarios") Scenario scenario) {
        Assume.that(scenario.identifier().isoCountry() != null);
        Assume.that(scenario.level().equals("country") || scenario.identifier().areaCode() == null);
        Assume.that(!scenario.eligible().isEmpty());

        assertThat(ProxyNumberSelector.select(scenario.request()).location().isoCountry())
                .isEqualTo(scenario.identifier().isoCountry());
    }

    @Example
    void overlayMatchesTheOtherAreaCodesOfTheSameArea() {
        Location sanFrancisco = new Location("US", "415");
        Candidate overlay = new Candidate("PN01", "+16285550100", new Location("US", "628"), true, true, false, 0);
        Candidate elsewhere = new Candidate("PN02", "+13105550100", new Location("US", "310"), true, true, false, 0);
        SelectionRequest request = new SelectionRequest(List.of(elsewhere, overlay), "voice-and-message", sanFrancisco,
                "overlay", "prefer-sticky", Set.of(), null, Set.of());

        assertThat(ProxyNumberSelector.select(request)).isEqualTo(overlay);
        assertThatThrownBy(() -> ProxyNumberSelector.select(new SelectionRequest(List.of(elsewhere, overlay),
                "voice-and-message", sanFrancisco, "area-code", "prefer-sticky", Set.of(), null, Set.of())))
                .isInstanceOfSatisfying(TwilioApiException.class,
                        e -> assertThat(e.error().code()).isEqualTo(ErrorCode.NO_AVAILABLE_PROXY.code()));
    }

    @Example
    void locationsComeFromLibphonenumber() {
        assertThat(Location.ofE164("+14155550100", null)).isEqualTo(new Location("US", "415"));
        assertThat(Location.ofE164("+14165550100", null)).isEqualTo(new Location("CA", "416"));
        assertThat(Location.ofE164("+442079460958", null)).isEqualTo(new Location("GB", null));
    }

    private static ErrorCode expectedCode(Scenario s) {
        if (s.pool().isEmpty()) {
            return ErrorCode.NO_PROXIES_FOR_SERVICE;
        }
        List<Candidate> left = s.pool().stream().filter(c -> !c.reserved()).toList();
        if (left.isEmpty()) {
            return ErrorCode.NO_UNRESERVED_PROXY;
        }
        left = left.stream().filter(c -> ProxyNumberSelector.fitsMode(c, s.mode())).toList();
        if (left.isEmpty()) {
            return ErrorCode.NO_AVAILABLE_MESSAGE_PROXY;
        }
        left = left.stream().filter(c -> s.geoOk(c.location())).toList();
        if (left.isEmpty()) {
            boolean byCountry = s.identifier().areaCode() == null || s.level().equals("country");
            return byCountry ? ErrorCode.NO_AVAILABLE_PROXY_FOR_COUNTRY : ErrorCode.NO_AVAILABLE_PROXY;
        }
        return ErrorCode.NO_AVAILABLE_UNUSED_PROXY;
    }

    private static String phone(Location place, int line) {
        return switch (place.isoCountry()) {
            case "GB" -> "+4420794" + line;
            default -> "+1" + place.areaCode() + "555" + line;
        };
    }

    private static List<Candidate> withSids(List<Candidate> numbers) {
        List<Candidate> result = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            Candidate c = numbers.get(i);
            result.add(new Candidate(String.format("PN%032x", i + 1), c.phoneNumber(), c.location(), c.sms(),
                    c.voice(), c.reserved(), c.activeParticipants()));
        }
        return result;
    }

    private static Set<String> pick(List<Candidate> pool, int mask) {
        Set<String> picked = new HashSet<>();
        for (int i = 0; i < pool.size(); i++) {
            if ((mask & (1 << i)) != 0) {
                picked.add(pool.get(i).sid());
            }
        }
        return picked;
    }
}
