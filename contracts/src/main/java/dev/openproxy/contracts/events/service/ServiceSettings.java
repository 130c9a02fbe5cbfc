package dev.openproxy.contracts.events.service;

/**
 * A Service's configuration, with Twilio's enum values as strings ({@code geoMatchLevel} is one of
 * area-code, overlay, radius, country; {@code numberSelectionBehavior} avoid-sticky or prefer-sticky).
 *
 * @param defaultTtl seconds; 0 means sessions without their own Ttl never expire by inactivity
 */
public record ServiceSettings(
        String uniqueName,
        int defaultTtl,
        String callbackUrl,
        String geoMatchLevel,
        String numberSelectionBehavior,
        String interceptCallbackUrl,
        String outOfSessionCallbackUrl,
        String chatInstanceSid) {
}
