package io.jwtgate.gateway.middleware.circuitbreaker;

/**
 * A compiled {@code expression}: the condition that trips the breaker, evaluated on the metrics
 * of its window. The shapes are exactly those oxy's predicates accept: a metric compared with a
 * number of the metric's type, joined with {@code &&} and {@code ||}.
 */
sealed interface TripCondition {

    boolean test(ResponseMetrics metrics);

    /** Whether a latency quantile is compared (only then are latencies kept in a histogram). */
    default boolean usesLatency() {
        return switch (this) {
            case And a -> a.left().usesLatency() || a.right().usesLatency();
            case Or o -> o.left().usesLatency() || o.right().usesLatency();
            case RatioComparison r -> false;
            case CountComparison c -> c.metric() instanceof LatencyAtQuantileMs;
        };
    }

    /** {@code left && right}; the right side is not evaluated when the left is false (as oxy). */
    record And(TripCondition left, TripCondition right) implements TripCondition {
        @Override
        public boolean test(ResponseMetrics metrics) {
            return left.test(metrics) && right.test(metrics);
        }

        @Override
        public String toString() {
            return "(" + left + " && " + right + ")";
        }
    }

    record Or(TripCondition left, TripCondition right) implements TripCondition {
        @Override
        public boolean test(ResponseMetrics metrics) {
            return left.test(metrics) || right.test(metrics);
        }

        @Override
        public String toString() {
            return "(" + left + " || " + right + ")";
        }
    }

    /** A ratio ({@code NetworkErrorRatio}, {@code ResponseCodeRatio}) against a float literal. */
    record RatioComparison(RatioMetric metric, Operator operator, double threshold) implements TripCondition {
        @Override
        public boolean test(ResponseMetrics metrics) {
            return operator.test(metric.value(metrics), threshold);
        }

        @Override
        public String toString() {
            return metric + " " + operator.symbol + " " + threshold;
        }
    }

    /** A whole number ({@code LatencyAtQuantileMS}, {@code RequestThreshold}) against an integer literal. */
    record CountComparison(CountMetric metric, Operator operator, long threshold) implements TripCondition {
        @Override
        public boolean test(ResponseMetrics metrics) {
            return operator.test(metric.value(metrics), threshold);
        }

        @Override
        public String toString() {
            return metric + " " + operator.symbol + " " + threshold;
        }
    }

    /** The comparison operators of Go, on Go's float64 and int values. */
    enum Operator {
        GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!=");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        static Operator of(String symbol) {
            for (Operator o : values()) {
                if (o.symbol.equals(symbol)) {
                    return o;
                }
            }
            return null;
        }

        boolean test(double a, double b) {
            return switch (this) {
                case GT -> a > b;
                case GE -> a >= b;
                case LT -> a < b;
                case LE -> a <= b;
                case EQ -> a == b;
                case NE -> a != b;
            };
        }

        boolean test(long a, long b) {
            return switch (this) {
                case GT -> a > b;
                case GE -> a >= b;
                case LT -> a < b;
                case LE -> a <= b;
                case EQ -> a == b;
                case NE -> a != b;
            };
        }
    }

    /** A metric of float type. */
    sealed interface RatioMetric {
        double value(ResponseMetrics metrics);
    }

    /** A metric of integer type. */
    sealed interface CountMetric {
        long value(ResponseMetrics metrics);
    }

    /** {@code NetworkErrorRatio()}: 502 and 504 answers over all answers of the window. */
    record NetworkErrorRatio() implements RatioMetric {
        @Override
        public double value(ResponseMetrics metrics) {
            return metrics.networkErrorRatio();
        }

        @Override
        public String toString() {
            return "NetworkErrorRatio()";
        }
    }

    /** {@code ResponseCodeRatio(from, to, dividedByFrom, dividedByTo)}: codes in [from, to) over codes in [dividedByFrom, dividedByTo). */
    record ResponseCodeRatio(long from, long to, long dividedByFrom, long dividedByTo) implements RatioMetric {
        @Override
        public double value(ResponseMetrics metrics) {
            return metrics.responseCodeRatio(from, to, dividedByFrom, dividedByTo);
        }

        @Override
        public String toString() {
            return "ResponseCodeRatio(" + from + ", " + to + ", " + dividedByFrom + ", " + dividedByTo + ")";
        }
    }

    /** {@code LatencyAtQuantileMS(q)}: the latency at quantile q (a percentage, 50.0 is the median), whole milliseconds. */
    record LatencyAtQuantileMs(double quantile) implements CountMetric {
        @Override
        public long value(ResponseMetrics metrics) {
            return metrics.latencyAtQuantileMs(quantile);
        }

        @Override
        public String toString() {
            return "LatencyAtQuantileMS(" + quantile + ")";
        }
    }

    /** {@code RequestThreshold()}: the number of answers in the window. */
    record RequestThreshold() implements CountMetric {
        @Override
        public long value(ResponseMetrics metrics) {
            return metrics.totalCount();
        }

        @Override
        public String toString() {
            return "RequestThreshold()";
        }
    }
}
