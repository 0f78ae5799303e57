package io.jwtgate.gateway.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtgate.gateway.config.TlsDomain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * One {@code storage} file in Traefik's {@code acme.json} format (its {@code LocalStore}), shared by
 * every resolver naming the same path: one object per resolver name with {@code Account}
 * ({@code Email}, {@code Registration: {body, uri}}, {@code PrivateKey}: base64 of the PKCS#1 DER
 * RSA key) and {@code Certificates} ({@code domain: {main, sans}}, {@code certificate} and
 * {@code key}: base64 of PEM, {@code Store}). Other resolvers' sections and unknown fields are kept
 * as they are. Written with mode 0600, replaced atomically; as Traefik, a file readable by group
 * or others is refused. All methods do file I/O: call them from the resolvers' worker, never an event loop.
 */
final class AcmeJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** The account of one resolver as stored. */
    record Account(String email, String registrationUri, JsonNode registrationBody, byte[] privateKeyPkcs1) {}

    /** One stored certificate: its domain and the PEM texts (certificate bundle, private key). */
    record Stored(TlsDomain domain, String certificatePem, String keyPem, String store) {}

    record Section(Account account, List<Stored> certificates) {}

    private final Path file;

    AcmeJson(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** This resolver's section (empty when the file or the section does not exist). */
    synchronized Section read(String resolver) throws IOException {
        ObjectNode root = load();
        JsonNode section = root.path(resolver);
        Account account = null;
        JsonNode a = section.path("Account");
        if (a.isObject() && a.hasNonNull("PrivateKey")) {
            JsonNode reg = a.path("Registration");
            account = new Account(a.path("Email").asText(""), reg.path("uri").asText(""), reg.path("body"),
                    Base64.getDecoder().decode(a.path("PrivateKey").asText()));
        }
        List<Stored> certs = new ArrayList<>();
        for (JsonNode c : section.path("Certificates")) {
            String cert = c.path("certificate").asText("");
            String key = c.path("key").asText("");
            if (cert.isEmpty() || key.isEmpty()) {
                continue; // Traefik deletes empty entries too
            }
            List<String> sans = new ArrayList<>();
            c.path("domain").path("sans").forEach(s -> sans.add(s.asText()));
            certs.add(new Stored(new TlsDomain(c.path("domain").path("main").asText(""), sans),
                    new String(Base64.getDecoder().decode(cert), StandardCharsets.UTF_8),
                    new String(Base64.getDecoder().decode(key), StandardCharsets.UTF_8), c.path("Store").asText("default")));
        }
        return new Section(account, certs);
    }

    synchronized void saveAccount(String resolver, Account account) throws IOException {
        ObjectNode root = load();
        ObjectNode section = section(root, resolver);
        ObjectNode a = JSON.createObjectNode();
        a.put("Email", account.email());
        ObjectNode reg = a.putObject("Registration");
        reg.set("body", account.registrationBody() == null || account.registrationBody().isMissingNode()
                ? JSON.createObjectNode().put("status", "valid") : account.registrationBody());
        reg.put("uri", account.registrationUri());
        a.put("PrivateKey", Base64.getEncoder().encodeToString(account.privateKeyPkcs1()));
        section.set("Account", a);
        if (!section.has("Certificates")) {
            section.putNull("Certificates");
        }
        write(root);
    }

    synchronized void saveCertificates(String resolver, List<Stored> certificates) throws IOException {
        ObjectNode root = load();
        ObjectNode section = section(root, resolver);
        if (!section.has("Account")) {
            section.putNull("Account");
        }
        ArrayNode list = section.putArray("Certificates");
        for (Stored s : certificates) {
            ObjectNode c = list.addObject();
            ObjectNode d = c.putObject("domain");
            d.put("main", s.domain().main());
            if (!s.domain().sans().isEmpty()) {
                ArrayNode sans = d.putArray("sans");
                s.domain().sans().forEach(sans::add);
            }
            c.put("certificate", Base64.getEncoder().encodeToString(s.certificatePem().getBytes(StandardCharsets.UTF_8)));
            c.put("key", Base64.getEncoder().encodeToString(s.keyPem().getBytes(StandardCharsets.UTF_8)));
            c.put("Store", s.store());
        }
        write(root);
    }

    private static ObjectNode section(ObjectNode root, String resolver) {
        JsonNode s = root.get(resolver);
        return s instanceof ObjectNode o ? o : root.putObject(resolver);
    }

    private ObjectNode load() throws IOException {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        checkPermissions();
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        JsonNode root = JSON.readTree(bytes);
        if (!(root instanceof ObjectNode o)) {
            throw new IOException(file + " is not an acme.json file (expected an object of resolver names)");
        }
        return o;
    }

    private void checkPermissions() throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> open = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);
            if (perms.stream().anyMatch(open::contains)) {
                throw new IOException("permissions " + PosixFilePermissions.toString(perms) + " for " + file
                        + " are too open, please use 600 (chmod 600 " + file + ")");
            }
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: nothing to check
        }
    }

    /** Written to a temporary file (0600) next to it, then moved over it: a crash never leaves half a file. */
    private void write(ObjectNode root) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".acme", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, OWNER_ONLY);
            } catch (UnsupportedOperationException notPosix) {
                // not a POSIX file system
            }
            Files.write(tmp, JSON.writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
