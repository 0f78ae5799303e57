package io.jwtgate.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.jwt.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads one configuration file into a {@link ConfigNode}, with readable errors: YAML (and JSON, a
 * subset of it), or TOML when the name ends in {@code .toml} (Traefik's other format; the tree is the
 * same, so every reader downstream is shared).
 */
public final class YamlDocuments {

    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder().build());
    private static final ObjectMapper TOML = new TomlMapper();

    private YamlDocuments() {}

    public static ConfigNode read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "", "file not found",
                    "check the path (relative paths are resolved from the working directory " + Path.of("").toAbsolutePath() + ")");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot be read: " + e.getMessage(), "check the file's permissions");
        }
        return isToml(file) ? parseToml(text, file.toString()) : parse(text, file.toString());
    }

    /** Traefik reads {@code .toml} files as TOML, everything else by its content (YAML here). */
    public static boolean isToml(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".toml");
    }

    public static ConfigNode parseToml(String text, String source) throws ConfigException {
        try {
            JsonNode root = text.isBlank() ? null : TOML.readTree(text);
            return new ConfigNode(root != null && root.isEmpty() ? null : root, source, "");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(source, "", "invalid TOML" + where + ": " + e.getOriginalMessage(),
                    "fix the TOML syntax (strings are quoted, tables are written [http.routers.name])");
        }
    }

    public static ConfigNode parse(String text, String source) throws ConfigException {
        try {
            JsonNode root = text.isBlank() ? null : YAML.readTree(text);
            if (root != null && root.isTextual() && root.asText().isEmpty()) {
                root = null; // "---" and comments only: an empty document, which Traefik loads as empty
            }
            return new ConfigNode(root, source, "");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String fix = e.getOriginalMessage().contains("tag")
                    ? "a value starting with '!' (such as a claims expression) must be quoted: claims: \"!Equals(`grp`, `x`)\""
                    : "fix the YAML syntax (indentation uses spaces; quote values containing ': ' or starting with '!', '&', '*', '`')";
            throw new ConfigException(source, "", "invalid YAML" + where + ": " + e.getOriginalMessage(), fix);
        }
    }
}
