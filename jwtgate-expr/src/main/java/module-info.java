/** The claims/rule expression language: parser, type checker and predicate compiler (no dependencies). */
module io.jwtgate.expr {
    exports io.jwtgate.expr;
}
