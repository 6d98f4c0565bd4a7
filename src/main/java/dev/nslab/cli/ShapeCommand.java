package dev.nslab.cli;

import dev.nslab.api.Labs;
import dev.nslab.apply.RuntimeShaping;
import dev.nslab.model.Shape;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "shape", mixinStandardHelpOptions = true,
        description = {"Shape what one interface of a lab that is up sends, without editing the script"
                + " (tests, demos): a rate alone is a tbf, any other word a netem. --clear removes it."
                + " The next 'up' puts the script's words back.",
                "Equivalent to: tc -n NS qdisc replace dev IF root tbf|netem ..."})
final class ShapeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "LAB", description = "the lab (as nslab list shows it)")
    String lab;
    @Parameters(index = "1", paramLabel = "NS", description = "the namespace, or 'host' for one of the lab's host links")
    String namespace;
    @Parameters(index = "2", paramLabel = "IF", description = "the interface")
    String dev;
    @Option(names = "--rate", paramLabel = "R", description = "bandwidth: 20mbit (bit, kbit, mbit, gbit)")
    String rate;
    @Option(names = "--delay", paramLabel = "T", description = "one-way delay: 40ms (us, ms, s)")
    String delay;
    @Option(names = "--jitter", paramLabel = "T", description = "variation of the delay: 5ms")
    String jitter;
    @Option(names = "--loss", paramLabel = "P%", description = "loss probability: 1%%")
    String loss;
    @Option(names = "--duplicate", paramLabel = "P%", description = "duplication probability")
    String duplicate;
    @Option(names = "--corrupt", paramLabel = "P%", description = "corruption probability")
    String corrupt;
    @Option(names = "--reorder", paramLabel = "P%", description = "reordering probability (needs --delay)")
    String reorder;
    @Option(names = "--queue", paramLabel = "N", description = "queue limit in packets")
    Integer queue;
    @Option(names = "--burst", paramLabel = "SIZE", description = "tbf's bucket (rate alone): 32kb")
    String burst;
    @Option(names = "--latency", paramLabel = "T", description = "tbf's longest queueing wait (rate alone): 50ms")
    String latency;
    @Option(names = "--clear", description = "remove the shaping: the interface gets the kernel's default qdisc")
    boolean clear;

    @Override
    public Integer call() {
        Shape shape = Shape.NONE;
        shape = shape.withRate(parse("--rate", rate, Shape::parseRate)).withDelay(parse("--delay", delay, Shape::parseTime))
                .withJitter(parse("--jitter", jitter, Shape::parseTime)).withLoss(parse("--loss", loss, Shape::parsePercent))
                .withDuplicate(parse("--duplicate", duplicate, Shape::parsePercent))
                .withCorrupt(parse("--corrupt", corrupt, Shape::parsePercent))
                .withReorder(parse("--reorder", reorder, Shape::parsePercent))
                .withBurst(parse("--burst", burst, Shape::parseSize)).withLatency(parse("--latency", latency, Shape::parseTime));
        if (queue != null) {
            if (queue < 1) {
                throw usage("--queue " + queue + ": a queue holds at least 1 packet");
            }
            shape = shape.withQueue(queue);
        }
        if (clear != shape.isNone()) {
            throw usage(clear ? "--clear takes no other word" : "say how to shape " + dev + " (--rate, --delay, --loss ...), or --clear");
        }
        String problem = shape.problem();
        if (problem != null) {
            throw usage(problem);
        }
        spec.commandLine().getOut().println(RuntimeShaping.shape(Labs.requireUp(lab), namespace, dev, shape));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private <T> T parse(String option, String text, Function<String, T> parser) {
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + " " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
