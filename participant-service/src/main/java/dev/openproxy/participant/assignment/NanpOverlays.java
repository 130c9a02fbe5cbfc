package dev.openproxy.participant.assignment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * North American overlay complexes: area codes that serve the same geographic area
 * ({@code assignment/nanp-overlays.txt}, one complex per line). An approximation: the file lists well-known
 * complexes, not all of them; an area code it does not list only matches itself. See docs/api.md.
 */
final class NanpOverlays {

    private static final Map<String, Set<String>> SAME_AREA = load();

    private NanpOverlays() {
    }

    static boolean sameArea(String areaCode, String other) {
        return areaCode.equals(other) || SAME_AREA.getOrDefault(areaCode, Set.of()).contains(other);
    }

    private static Map<String, Set<String>> load() {
        Map<String, Set<String>> sameArea = new HashMap<>();
        try (InputStream in = NanpOverlays.class.getResourceAsStream("/assignment/nanp-overlays.txt")) {
            if (in == null) {
                throw new IllegalStateException("assignment/nanp-overlays.txt is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String content = line.replaceAll("#.*", "").trim();
                if (content.isEmpty()) {
                    continue;
                }
                Set<String> complex = new HashSet<>(Arrays.asList(content.split("\\s+")));
                for (String code : complex) {
                    sameArea.computeIfAbsent(code, c -> new HashSet<>()).addAll(complex);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sameArea;
    }
}
