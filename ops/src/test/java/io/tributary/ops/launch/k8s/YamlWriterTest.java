package io.tributary.ops.launch.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class YamlWriterTest {

    private static Object read(String yaml) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    @Test
    void stringsThatYamlWouldReadAsOtherTypesOrSyntaxComeBackAsTheSameStrings() {
        List<String> tricky = List.of("true", "false", "yes", "No", "on", "off", "y", "null", "~", "", " ", "0440", "1e3", "0x1f",
                "3.0", ".inf", "-", "- item", ": colon", "key: value", "#comment", "a # not a comment", "'single'", "\"double\"",
                "back\\slash", "tab\there", "cr\rhere", "$(POD_IP)", "*alias", "&anchor", "!tag", "%directive", "@at", "`tick`",
                "{flow}", "[flow]", "|", ">", "ü and 日本", "emoji \uD83D\uDE80", "line\u2028sep", "nel\u0085", "bom\uFEFF", "nul\u0000", "---",
                "...", "trailing space ", " leading space");
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < tricky.size(); i++) m.put("k" + i, tricky.get(i));
        m.put("list", tricky);
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) read(YamlWriter.document(m));
        for (int i = 0; i < tricky.size(); i++) assertEquals(tricky.get(i), back.get("k" + i), "value " + i);
        assertEquals(tricky, back.get("list"));
    }

    @Test
    void multiLineStringsAreLiteralBlocksWhenTheyReadBackExactlyAndQuotedOtherwise() {
        List<String> texts = List.of("set -e\necho \"$1\"\n", "no newline at the end\nsecond", "  indented first\nline\n",
                "trailing space \nline\n", "two newlines\n\n", "tab\tinside\n", "a\n\nblank line in the middle\n  indented more\n",
                "# a comment line\n---\n...\n");
        for (String t : texts) {
            String yaml = YamlWriter.document(Map.of("script", t, "in", List.of(t, Map.of("k", t))));
            Map<?, ?> back = (Map<?, ?>) read(yaml);
            assertEquals(t, back.get("script"), yaml);
            assertEquals(List.of(t, Map.of("k", t)), back.get("in"), yaml);
        }
        assertTrue(YamlWriter.document(Map.of("s", "a\nb\n")).contains("s: |\n  a\n  b\n"));
        assertFalse(YamlWriter.isLiteralBlock("trailing space \nline\n"));
    }

    @Test
    void nestedMapsListsNumbersAndBooleansKeepTheirShapeAndOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", "v1");
        m.put("app.kubernetes.io/name", "tributary");
        m.put("true", "a key that YAML 1.1 reads as a boolean");
        m.put("with space", 1);
        m.put("empty map", Map.of());
        m.put("empty list", List.of());
        m.put("ports", List.of(Map.of("port", 25520), Map.of("port", 40123, "protocol", "UDP")));
        m.put("nested", List.of(List.of("a", "b"), List.of(), Map.of()));
        m.put("flags", List.of(true, false, 5_000_000_000L, -3));
        Object back = read(YamlWriter.document(m));
        assertEquals(m, back);
        assertEquals(List.copyOf(m.keySet()), List.copyOf(((Map<?, ?>) back).keySet()));
    }
}
