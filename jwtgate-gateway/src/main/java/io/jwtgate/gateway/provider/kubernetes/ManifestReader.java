package io.jwtgate.gateway.provider.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.jwt.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads multi-document YAML (or JSON) manifests, as {@code kubectl apply -f} would: files in name
 * order, documents in order, {@code kind: List} expanded. Kinds the provider does not read
 * (Deployment, ConfigMap, ...) are skipped with a debug line.
 */
public final class ManifestReader {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestReader.class);
    private static final YAMLMapper YAML = new YAMLMapper();

    private ManifestReader() {}

    /** Every manifest file under {@code directory} (hidden entries skipped, so Kubernetes' {@code ..data} links are read once). */
    public static List<Path> files(Path directory) throws ConfigException {
        if (!Files.isDirectory(directory)) {
            throw new ConfigException(directory.toString(), "providers.kubernetesCRD.directory", "is not a directory",
                    "create it or fix the path");
        }
        try (Stream<Path> walk = Files.walk(directory, 8, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(directory.relativize(p)))
                    .filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ConfigException(directory.toString(), "providers.kubernetesCRD.directory", "cannot be listed: " + e.getMessage(),
                    "check its permissions");
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    public static List<KubeResource> read(List<Path> files, Path base) throws ConfigException {
        List<KubeResource> out = new ArrayList<>();
        for (Path file : files) {
            String origin = base == null || file.getParent() == null ? file.getFileName().toString()
                    : base.relativize(file).toString();
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new ConfigException(file.toString(), "", "cannot be read: " + e.getMessage(), "check the file's permissions");
            }
            parse(text, origin, out);
        }
        return out;
    }

    /** Parses the documents of one file into {@code out}. */
    public static void parse(String text, String origin, List<KubeResource> out) throws ConfigException {
        int index = 0;
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                index++;
                add(doc, origin, index, out);
            }
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ConfigException(origin, "", "invalid YAML in document " + (index + 1)
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage(),
                    "fix the YAML syntax (documents are separated by lines of ---; indentation uses spaces)");
        } catch (IOException e) {
            throw new ConfigException(origin, "", "cannot be read: " + e.getMessage(), "check the file");
        } catch (RuntimeException e) {
            if (e.getCause() instanceof JsonProcessingException j) {
                throw new ConfigException(origin, "", "invalid YAML in document " + (index + 1) + ": " + j.getOriginalMessage(),
                        "fix the YAML syntax");
            }
            throw e;
        }
    }

    private static void add(JsonNode doc, String origin, int index, List<KubeResource> out) throws ConfigException {
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
            return; // an empty document, e.g. after a trailing ---
        }
        String where = origin + " (document " + index + ")";
        if (!doc.isObject()) {
            throw new ConfigException(where, "", "a manifest must be a map with apiVersion, kind and metadata", "check the document");
        }
        if ("List".equals(doc.path("kind").asText()) && doc.path("items").isArray()) {
            for (JsonNode item : doc.get("items")) {
                add(item, origin, index, out);
            }
            return;
        }
        KubeResource r = KubeResources.from(doc, origin, where);
        if (r == null && doc.path("apiVersion").asText("").startsWith("traefik.")) {
            // A Traefik kind jwtgate does not read (one of a newer Traefik): said, not skipped silently.
            LOG.warn("{}: {} {}/{}: {}: its routes are not served", where, doc.path("kind").asText("(no kind)"),
                    doc.path("metadata").path("namespace").asText("default"), doc.path("metadata").path("name").asText(),
                    io.jwtgate.gateway.config.Unsupported.MARKER);
            return;
        }
        if (r == null) {
            LOG.debug("{}: skipping {} {}/{}: not a kind jwtgate reads", where, doc.path("kind").asText("(no kind)"),
                    doc.path("metadata").path("namespace").asText("default"), doc.path("metadata").path("name").asText());
            return;
        }
        out.add(r);
    }
}
