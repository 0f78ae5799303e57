package io.jwtgate.gateway.config;

import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One entry of {@code tls.domains} (router or entry point): the certificate's main name and its
 * other names, as Traefik's {@code types.Domain}. A certificate resolver gets one certificate per entry.
 */
public record TlsDomain(String main, List<String> sans) {

    public TlsDomain {
        main = main.toLowerCase(Locale.ROOT);
        sans = sans.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** Main name first, then the SANs (Traefik's {@code ToStrArray}). */
    public List<String> names() {
        List<String> all = new ArrayList<>();
        if (!main.isEmpty()) {
            all.add(main);
        }
        all.addAll(sans);
        return all;
    }

    /** {@code domains: [{main: a.example, sans: [b.example]}]}; an entry without names is an error. */
    public static List<TlsDomain> parseList(ConfigNode n, Consumer<String> warn) throws ConfigException {
        List<TlsDomain> out = new ArrayList<>();
        for (ConfigNode d : n.elements()) {
            d.warnUnknownKeys(Set.of("main", "sans"), warn);
            TlsDomain domain = new TlsDomain(d.get("main").string(""), d.get("sans").stringList());
            if (domain.names().isEmpty()) {
                throw d.error("has neither main nor sans", "write `main: example.com` (and optionally `sans: [www.example.com]`)");
            }
            out.add(domain);
        }
        return List.copyOf(out);
    }
}
