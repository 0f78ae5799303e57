package io.jwtgate.gateway.rule;

import io.jwtgate.expr.Expr;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Keys a rule cannot match without, from the keys of its matcher calls ({@link HostKeys}, {@link PathKeys}):
 * a conjunction needs either side's (the smaller set narrows a lookup most), an alternative needs one of
 * both sides', a negation guarantees nothing. Null means "no key is necessary".
 */
final class NecessaryKeys {

    private NecessaryKeys() {}

    static Set<String> of(Expr e, Function<Expr.Call, Set<String>> call) {
        return switch (e) {
            case Expr.And a -> {
                Set<String> left = of(a.left(), call);
                Set<String> right = of(a.right(), call);
                if (left == null || right == null) {
                    yield left == null ? right : left;
                }
                yield left.size() <= right.size() ? left : right;
            }
            case Expr.Or o -> {
                Set<String> left = of(o.left(), call);
                Set<String> right = of(o.right(), call);
                if (left == null || right == null) {
                    yield null;
                }
                Set<String> both = new HashSet<>(left);
                both.addAll(right);
                yield Set.copyOf(both);
            }
            case Expr.Not n -> null;
            case Expr.Call c -> call.apply(c);
        };
    }
}
