package io.jwtgate.expr;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A language built on the shared grammar: a name used in error messages ("rule", "claims")
 * and the table of functions it accepts. Function names are case-sensitive, as in Traefik.
 */
public final class Language {

    private final String name;
    private final Map<String, FunctionSignature> functions;

    public Language(String name, Collection<FunctionSignature> functions) {
        this.name = name;
        Map<String, FunctionSignature> table = new LinkedHashMap<>();
        for (FunctionSignature f : functions) {
            table.put(f.name(), f);
        }
        this.functions = Map.copyOf(table);
    }

    public String name() {
        return name;
    }

    public FunctionSignature function(String functionName) {
        return functions.get(functionName);
    }

    public Collection<String> functionNames() {
        return functions.keySet().stream().sorted().toList();
    }
}
