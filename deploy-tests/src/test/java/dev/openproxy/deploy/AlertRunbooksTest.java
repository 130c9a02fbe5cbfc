package dev.openproxy.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every alert of the monitoring component has its runbook: a section of docs/operations.md ("Alerts") named after
 * it, which its {@code runbook} annotation links to, and every such section belongs to an alert that exists.
 */
class AlertRunbooksTest {

    private static final Pattern ALERT_SECTION = Pattern.compile("(?m)^#### (OpenProxy\\w+)\\s*$");

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasASectionInOperationsAndLinksToIt() throws IOException {
        String rules = Files.readString(Kustomize.repositoryRoot().resolve("deploy/components/monitoring/prometheus-rule.yaml"));
        Map<String, Object> rule = new Yaml(new LoaderOptions()).load(rules);
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) ((Map<String, Object>) rule.get("spec")).get("groups")) {
            alerts.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        String operations = Files.readString(Kustomize.repositoryRoot().resolve("docs/operations.md"));
        Set<String> sections = new TreeSet<>();
        Matcher matcher = ALERT_SECTION.matcher(operations);
        while (matcher.find()) {
            sections.add(matcher.group(1));
        }

        Set<String> names = new TreeSet<>();
        for (Map<String, Object> alert : alerts) {
            String name = (String) alert.get("alert");
            names.add(name);
            Map<String, Object> annotations = (Map<String, Object>) alert.get("annotations");
            assertThat(annotations.get("runbook")).as(name).isEqualTo("docs/operations.md#" + name.toLowerCase());
            assertThat(annotations.get("summary")).as(name).isNotNull();
            assertThat(((Map<String, Object>) alert.get("labels")).get("severity")).as(name).isIn("critical", "warning", "info");
        }
        assertThat(sections).as("alert sections of docs/operations.md").isEqualTo(names);
    }
}
