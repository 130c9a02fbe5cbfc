package dev.openproxy.participant.assignment;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.Optional;

/**
 * Where a phone number belongs, as far as GeoMatchLevel cares: its country (ISO 3166-1 alpha-2, from
 * libphonenumber) and, for North American Numbering Plan numbers (+1), its area code (NPA).
 *
 * @param isoCountry null when unknown: a channel address without a number matches any country
 * @param areaCode   the three-digit NPA of a +1 number; null elsewhere
 */
public record Location(String isoCountry, String areaCode) {

    public static final Location UNKNOWN = new Location(null, null);
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    public static Location of(PhoneNumber phone) {
        String region = PHONES.getRegionCodeForNumber(phone);
        String country = region == null || "ZZ".equals(region) || "001".equals(region) ? null : region;
        String national = PHONES.getNationalSignificantNumber(phone);
        String areaCode = phone.getCountryCode() == 1 && national.length() == 10 ? national.substring(0, 3) : null;
        return new Location(country, areaCode);
    }

    public static Location of(Optional<PhoneNumber> phone) {
        return phone.map(Location::of).orElse(UNKNOWN);
    }

    /** A pool number: the country number-pool-service published wins; the number tells the area code. */
    public static Location ofE164(String e164, String publishedCountry) {
        try {
            Location parsed = of(PHONES.parse(e164, null));
            return new Location(publishedCountry != null ? publishedCountry : parsed.isoCountry(), parsed.areaCode());
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            return new Location(publishedCountry, null);
        }
    }

    public boolean northAmerican() {
        return areaCode != null;
    }
}
