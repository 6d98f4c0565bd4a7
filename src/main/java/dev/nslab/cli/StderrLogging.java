package dev.nslab.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.nio.charset.StandardCharsets;

/**
 * nslab's logging: {@code nslab: LEVEL message} on stderr, so that results on stdout (plan, show
 * in JSON, graph) can be piped; WARN and above unless {@code -Dnslab.log.level} or -v says
 * otherwise. Set up in code, not by a logback.xml: parsing XML and compiling a pattern took
 * about a quarter of a second of every command, longer than many commands' own work.
 * <p>
 * Found by logback through {@code META-INF/services}, ranked below its own configurator, so a
 * {@code logback.xml} of an application that embeds nslab still wins.
 */
@ConfiguratorRank(-5)
public final class StderrLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        Line line = new Line();
        line.setContext(context);
        line.start();
        stderr.setEncoder(line);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("nslab.log.level"), Level.WARN));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
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
