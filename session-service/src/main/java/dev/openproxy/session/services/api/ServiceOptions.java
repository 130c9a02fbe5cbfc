package dev.openproxy.session.services.api;

import java.util.Set;

/** Twilio's enum values for a Service (spec: service_enum_geo_match_level, service_enum_number_selection_behavior). */
public final class ServiceOptions {
    public static final Set<String> GEO_MATCH_LEVELS = Set.of("area-code", "overlay", "radius", "country");
    public static final Set<String> NUMBER_SELECTION_BEHAVIORS = Set.of("avoid-sticky", "prefer-sticky");
    public static final String DEFAULT_GEO_MATCH_LEVEL = "country";
    public static final String DEFAULT_NUMBER_SELECTION_BEHAVIOR = "prefer-sticky";

    private ServiceOptions() {
    }
}
