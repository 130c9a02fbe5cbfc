package dev.openproxy.session.services.api;

import dev.openproxy.contracts.events.service.ServiceSettings;

/**
 * The parameters of an UpdateService request. {@code null} leaves a setting as it is; for the optional URL and
 * SID settings an empty string clears it (the request sent the parameter blank).
 */
public record ServiceSettingsPatch(
        String uniqueName,
        Integer defaultTtl,
        String callbackUrl,
        String geoMatchLevel,
        String numberSelectionBehavior,
        String interceptCallbackUrl,
        String outOfSessionCallbackUrl,
        String chatInstanceSid) {

    public ServiceSettings applyTo(ServiceSettings current) {
        return new ServiceSettings(
                uniqueName != null ? uniqueName : current.uniqueName(),
                defaultTtl != null ? defaultTtl : current.defaultTtl(),
                optional(callbackUrl, current.callbackUrl()),
                geoMatchLevel != null ? geoMatchLevel : current.geoMatchLevel(),
                numberSelectionBehavior != null ? numberSelectionBehavior : current.numberSelectionBehavior(),
                optional(interceptCallbackUrl, current.interceptCallbackUrl()),
                optional(outOfSessionCallbackUrl, current.outOfSessionCallbackUrl()),
                optional(chatInstanceSid, current.chatInstanceSid()));
    }

    private static String optional(String requested, String current) {
        if (requested == null) {
            return current;
        }
        return requested.isEmpty() ? null : requested;
    }
}
