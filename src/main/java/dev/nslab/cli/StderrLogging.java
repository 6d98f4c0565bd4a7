package dev.nslab.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.nslab.sys.Environment;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The command line's logging: {@code nslab: LEVEL message} on stderr, so that results on stdout
 * (plan, show in JSON, graph) can be piped. WARN and above; {@code -q} errors only;
 * {@code NSLAB_LOG=debug} (any logback level) or {@code -v} more.
 * <p>
 * {@link Main#main} installs it: the library leaves logging to the program it is part of, whose
 * own logback configuration (or other SLF4J provider) is left alone. Set up in code, not by a
 * logback.xml: parsing XML and compiling a pattern took about a quarter of a second of every
 * command, longer than many commands' own work.
 */
final class StderrLogging {
    private static volatile boolean installed;

    private StderrLogging() {
    }

    /** Replaces whatever logback configured by default with nslab's stderr lines. */
    static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J provider is in charge
        }
        context.reset();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        Line line = new Line();
        line.setContext(context);
        line.start();
        stderr.setEncoder(line);
        stderr.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(stderr);
        installed = true;
        level(false, false);
    }

    /**
     * Sets the level of nslab's own logging from -q, -v and {@code NSLAB_LOG} (read from the
     * command's environment: the daemon's client's, when the daemon runs it). Changes nothing
     * unless {@link #install} has run: in another program, logging is that program's.
     */
    static void level(boolean quiet, boolean verbose) {
        if (!installed || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Level level = quiet ? Level.ERROR : Level.WARN;
        String asked = Environment.get("NSLAB_LOG");
        if (asked == null) {
            asked = System.getProperty("nslab.log.level");
        }
        level = moreDetailed(level, asked == null ? null : Level.toLevel(asked, null));
        level = moreDetailed(level, verbose ? Level.DEBUG : null);
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(level);
    }

    /** The one of the two that lets more through (b may be null: then a). */
    private static Level moreDetailed(Level a, Level b) {
        return b != null && a.isGreaterOrEqual(b) ? b : a;
    }

    /** One line per event, and the stack trace when there is one. */
    static final class Line extends EncoderBase<ILoggingEvent> {
        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            StringBuilder s = new StringBuilder("nslab: ").append(event.getLevel()).append(' ')
                    .append(event.getFormattedMessage()).append(System.lineSeparator());
            if (event.getThrowableProxy() != null) {
                s.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append(System.lineSeparator());
            }
            return s.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }
}
