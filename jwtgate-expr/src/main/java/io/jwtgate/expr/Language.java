package io.jwtgate.expr;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A language built on the shared grammar: a name used in error messages ("rule", "claims")
 * and the table of functions it accepts. Function names are case-sensitive; a language may also
 * accept other spellings of a name (Traefik's rules take {@code PathPrefix}, {@code pathprefix},
 * {@code PATHPREFIX} and {@code Pathprefix}), which calls keep as written and error messages do not list.
 */
public final class Language {

    private final String name;
    private final Map<String, FunctionSignature> functions;
    private final Map<String, String> aliases;

    public Language(String name, Collection<FunctionSignature> functions) {
        this(name, functions, Map.of());
    }

    /** @param aliases other accepted spelling to the function's name */
    public Language(String name, Collection<FunctionSignature> functions, Map<String, String> aliases) {
        this.name = name;
        this.aliases = Map.copyOf(aliases);
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
        FunctionSignature f = functions.get(functionName);
        if (f == null && aliases.containsKey(functionName)) {
            f = functions.get(aliases.get(functionName));
        }
        return f;
    }

    /** The function a spelling names ({@code pathprefix} is {@code PathPrefix}); the spelling itself when it is no alias. */
    public String canonicalName(String functionName) {
        return functions.containsKey(functionName) ? functionName : aliases.getOrDefault(functionName, functionName);
    }

    public Collection<String> functionNames() {
        return functions.keySet().stream().sorted().toList();
    }
}
