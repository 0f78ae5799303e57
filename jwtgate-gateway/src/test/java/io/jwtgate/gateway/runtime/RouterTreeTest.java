package io.jwtgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.dynamic.RouterConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Traefik's ParseRouterTree cases (pkg/server/router/router_test.go), as data: routers in, tree and reasons out. */
class RouterTreeTest {

    /** name, service (or null), parents ("" for a root). */
    private static Map<String, RouterConfig> routers(String... rows) {
        Map<String, RouterConfig> out = new LinkedHashMap<>();
        for (String row : rows) {
            String[] f = row.split(" ", -1);
            List<String> parents = f[2].isEmpty() ? List.of() : Arrays.asList(f[2].split(","));
            out.put(f[0], new RouterConfig(f[0], "PathPrefix(`/`)", List.of(), List.of(), f[1].equals("-") ? null : f[1], 0, false, null,
                    "t.yml", null, parents));
        }
        return out;
    }

    @Test
    void aParentWithChildrenAndNoServiceIsValid() {
        RouterTree t = RouterTree.of(routers("parent - ", "b svc parent", "a svc parent"));
        assertThat(t.disabled()).isEmpty();
        assertThat(t.childrenOf("parent")).containsExactly("a", "b");
    }

    @Test
    void aMissingParentDisablesTheChildEvenWithAnotherValidParent() {
        RouterTree t = RouterTree.of(routers("parent - ", "child svc parent,nope", "other svc parent"));
        assertThat(t.disabled()).containsEntry("child", "parent router \"nope\" does not exist");
    }

    @Test
    void aCycleIsCutAtTheRouterClosingItWhichKeepsServing() {
        // root -> a -> b -> a: b closes the cycle; its link to a is removed, b still has c.
        RouterTree t = RouterTree.of(routers("root - ", "a - root,b", "b - a", "c svc b", "d svc a"));
        assertThat(t.warnings()).containsEntry("b", "cyclic reference detected in router tree: a -> b -> a");
        assertThat(t.childrenOf("b")).containsExactly("c");
        assertThat(t.disabled()).doesNotContainKeys("a", "b", "c", "d");
    }

    @Test
    void unreachableDeadEndAndServicePlusChildrenAreDisabled() {
        RouterTree t = RouterTree.of(routers("x - y", "y - x", "dead - ", "both svc ", "kid svc both"));
        assertThat(t.disabled()).containsEntry("x", "router is not reachable").containsEntry("y", "router is not reachable")
                .containsEntry("dead", "router has no service and no child routers")
                .containsEntry("both", "router has both a service and is referenced as a parent by other routers")
                .doesNotContainKey("kid");
    }

    @Test
    void aRouterWithTwoParentsIsTheChildOfBoth() {
        RouterTree t = RouterTree.of(routers("p1 - ", "p2 - ", "shared svc p1,p2"));
        assertThat(t.disabled()).isEmpty();
        assertThat(t.childrenOf("p1")).containsExactly("shared");
        assertThat(t.childrenOf("p2")).containsExactly("shared");
    }
}
