package io.jwtgate.gateway.middleware.auth;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.jwt.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The user lines of {@code basicAuth} and {@code digestAuth}, gathered as Traefik does: the lines of
 * {@code usersFile} (trimmed; blank lines and {@code #} comments skipped), then {@code users}; or,
 * for a Kubernetes {@code Middleware}, the lines of the Secret named by {@code secret}.
 *
 * <p>The Kubernetes provider checks the Secret (as Traefik's CRD provider does) and rewrites
 * {@code secret: <name>} into references to its keys, so that the Secret's content never appears
 * in the options (admin API) and a changed value rebuilds the middleware:
 * {@code secret: {users: urn:k8s:secret:<name>:<key>}} (every non-empty line of that value is a line), or,
 * for a {@code kubernetes.io/basic-auth} Secret, {@code secret: {username: urn:…, password: urn:…}}, which
 * becomes {@code username:{SHA}base64(sha1(password))} as in Traefik.
 */
final class AuthUsers {

    /** The prefix of a reference to a key of a Secret in the Middleware's namespace (see provider.kubernetes.SecretReference). */
    private static final String KUBERNETES_SECRET = "urn:k8s:secret:";

    private AuthUsers() {}

    /**
     * @param basicAuthSecret whether a {@code kubernetes.io/basic-auth} Secret (username and password) may be used
     * @param example         how a line is produced, for error messages, e.g. {@code htpasswd -nB alice}
     */
    static List<String> lines(ConfigNode o, String middleware, BuildContext ctx, boolean basicAuthSecret, String example)
            throws ConfigException {
        ConfigNode secret = o.get("secret");
        if (!secret.isMissing()) {
            if (!secret.isObject()) {
                throw secret.error("names a Kubernetes Secret, which only a Kubernetes Middleware resource can do",
                        "in a file, list the lines under `users:` (e.g. from `" + example + "`) or point `usersFile` at a file");
            }
            if (o.has("users") || o.has("usersFile")) {
                throw o.error("has both a Kubernetes Secret and `users`/`usersFile`", "keep one source of users");
            }
            return fromSecret(secret, middleware, ctx, basicAuthSecret);
        }
        List<String> lines = new ArrayList<>();
        String file = o.get("usersFile").string("");
        if (!file.isEmpty()) {
            try {
                for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                    String l = line.strip();
                    if (!l.isEmpty() && !l.startsWith("#")) {
                        lines.add(l);
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw o.get("usersFile").error("cannot read " + file + ": " + e.getMessage(), "check the path and its permissions");
            }
        }
        ConfigNode users = o.get("users");
        if (users.isObject()) {
            throw users.error("expected a list of user lines", "write one line per user, as produced by `" + example + "`, under `users:`");
        }
        if (!users.isMissing() && !(users.toPlain() instanceof List<?>)) {
            lines.addAll(users.stringList()); // a single "a,b" scalar is how Traefik's labels write a list
        } else {
            for (ConfigNode e : users.elements()) {
                String l = e.string("").strip(); // list elements are kept whole: a digest realm may contain a comma
                if (!l.isEmpty()) {
                    lines.add(l);
                }
            }
        }
        return lines;
    }

    private static List<String> fromSecret(ConfigNode secret, String middleware, BuildContext ctx, boolean basicAuthSecret)
            throws ConfigException {
        if (secret.has("users")) {
            List<String> lines = new ArrayList<>();
            for (String line : resolve(secret.get("users"), middleware, ctx).split("\n")) {
                String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                if (!l.isEmpty()) { // every non-empty line, not trimmed: Traefik reads the Secret with bufio.Scanner
                    lines.add(l);
                }
            }
            return lines;
        }
        if (basicAuthSecret && secret.has("username") && secret.has("password")) {
            String user = resolve(secret.get("username"), middleware, ctx);
            byte[] sha1 = DigestUtils.sha1(resolve(secret.get("password"), middleware, ctx).getBytes(StandardCharsets.UTF_8));
            return List.of(user + ":{SHA}" + Base64.getEncoder().encodeToString(sha1));
        }
        throw secret.error("is not a Secret reference this middleware can use", "name the Secret: `secret: <name>`");
    }

    private static String resolve(ConfigNode ref, String middleware, BuildContext ctx) throws ConfigException {
        String value = ref.string(null);
        String resolved;
        try {
            // Only the Kubernetes form: env: and file: references are not a way to give users.
            boolean kubernetes = value != null && value.startsWith(KUBERNETES_SECRET);
            resolved = !kubernetes || ctx.secrets() == null ? null : ctx.secrets().resolve(middleware, value);
        } catch (Exception e) {
            throw ref.error(e.getMessage(), "check the Secret");
        }
        if (resolved == null) {
            throw ref.error("is not a Kubernetes Secret reference", "name the Secret in a Kubernetes Middleware: `secret: <name>`");
        }
        return resolved;
    }
}
