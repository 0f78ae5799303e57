package io.jwtgate.gateway.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.jwtgate.gateway.config.statics.LogConfig;
import org.slf4j.LoggerFactory;

/** Applies the static {@code log} section (level, format, file) to Logback at startup. */
public final class LoggingSetup {

    private LoggingSetup() {}

    public static void apply(LogConfig config) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = switch (config.level()) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "WARN" -> Level.WARN;
            case "ERROR", "FATAL", "PANIC" -> Level.ERROR;
            default -> Level.INFO;
        };
        root.setLevel(level);
        if (config.format().equals("common") && config.filePath() == null) {
            return; // ConsoleLogConfigurator already writes the common format to the console
        }
        Encoder<ILoggingEvent> encoder;
        if (config.format().equals("json")) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.start();
            encoder = json;
        } else {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setContext(context);
            pattern.setPattern(ConsoleLogConfigurator.PATTERN);
            pattern.start();
            encoder = pattern;
        }
        OutputStreamAppender<ILoggingEvent> appender;
        if (config.filePath() != null) {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(config.filePath());
            appender = file;
        } else {
            appender = new ConsoleAppender<>();
        }
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setName("jwtgate");
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }
}
