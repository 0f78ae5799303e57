package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.token.JwsAlgorithm;
import io.jwtgate.jwt.token.TokenRejected;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable set of verification keys and the selection rule of section 6.2 and decision 10:
 * with a {@code kid}, the keys with exactly that id that fit the algorithm; without one, the keys
 * that fit. Exactly one candidate must remain: keys are never tried one after another.
 */
public record KeySet(List<KeyEntry> keys) {

    public static final KeySet EMPTY = new KeySet(List.of());

    public KeySet {
        keys = List.copyOf(keys);
    }

    public KeyEntry select(JwsAlgorithm alg, String kid) throws TokenRejected {
        KeyEntry found = null;
        int matches = 0;
        boolean kidSeen = false;
        for (KeyEntry entry : keys) {
            if (kid != null && !kid.equals(entry.kid())) {
                continue;
            }
            kidSeen = true;
            if (entry.fits(alg)) {
                found = entry;
                matches++;
            }
        }
        if (matches == 1) {
            return found;
        }
        if (matches > 1) {
            throw new TokenRejected(DenyReason.UNKNOWN_KEY, kid == null
                    ? matches + " keys fit " + alg + " and the token has no kid"
                    : matches + " keys share the kid and fit " + alg);
        }
        if (kid != null && !kidSeen) {
            throw new TokenRejected(DenyReason.UNKNOWN_KEY, "no key with this kid");
        }
        throw new TokenRejected(DenyReason.UNKNOWN_KEY, kid == null
                ? "no key fits " + alg
                : "the key with this kid does not fit " + alg + " (type, curve, alg, use or key_ops)");
    }

    /** True when some key carries this kid (used to decide whether a refetch may help). */
    public boolean hasKid(String kid) {
        for (KeyEntry entry : keys) {
            if (kid.equals(entry.kid())) {
                return true;
            }
        }
        return false;
    }

    /** Key ids, sorted, for change logs. */
    public Set<String> kids() {
        Set<String> kids = new TreeSet<>();
        for (KeyEntry entry : keys) {
            kids.add(entry.kid() == null ? "(no kid)" : entry.kid());
        }
        return kids;
    }

    public int size() {
        return keys.size();
    }
}
