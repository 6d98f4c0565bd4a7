package dev.nslab.dsl;

import dev.nslab.model.Prefix;
import dev.nslab.model.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * The words every interface of the lab understands, one it creates (a link, the peer end of a
 * veth: {@link LinkEndSpec}) or an existing device it takes over ({@link UplinkSpec}), for the
 * chain form ({@code veth 'a' addr '10.0.0.1/24' master 'br0'}) and the block form
 * ({@code veth('a') { addr '10.0.0.1/24'; master 'br0' }}). Each word returns the concrete
 * builder ({@code S}), so a chain keeps its type for the IDE.
 *
 * <p>{@code addr} accumulates; for the other words the last one wins. The shaping words
 * ({@code rate}, {@code delay}, {@code jitter}, {@code loss}, {@code duplicate}, {@code corrupt},
 * {@code reorder}, {@code queue}, and tbf's {@code burst} and {@code latency}) shape what this
 * end sends: docs/shaping.md.
 *
 * @param <S> the concrete builder
 */
public abstract class InterfaceSpec<S extends InterfaceSpec<S>> extends Spec {

    final String name;
    String namespace;
    final List<Prefix> addresses = new ArrayList<>();
    String master;
    boolean up = true;
    Shape shape = Shape.NONE;

    InterfaceSpec(Recorder recorder, String name, String namespace) {
        super(recorder);
        this.name = name;
        this.namespace = namespace;
    }

    /** Adds an IPv4 or IPv6 address, {@code ADDRESS/LENGTH}; repeatable. */
    public S addr(String cidr) {
        Prefix p = recorder.prefix("addr", cidr);
        if (p != null) {
            addresses.add(p);
        }
        return touched();
    }

    /** Makes this interface a port of the bridge {@code bridge}, declared in the same namespace. */
    public S master(String bridge) {
        this.master = bridge;
        return touched();
    }

    /** Leaves the interface administratively down (the default is up). */
    public S down() {
        this.up = false;
        return touched();
    }

    /** Places this interface in namespace {@code ns}; {@code netns 'host'} places it in the host. */
    public S netns(String ns) {
        if (recorder.given("netns", ns) != null) {
            this.namespace = ns;
        }
        return touched();
    }

    /** Limits what this end sends to a rate in tc's units: {@code rate '20mbit'} (bit, kbit, mbit, gbit). */
    public S rate(String rate) {
        Long v = parsed("rate", rate, Shape::parseRate);
        if (v != null) {
            shape = shape.withRate(v);
        }
        return touched();
    }

    /** Delays every packet this end sends: {@code delay '40ms'} (us, ms, s); a netem. */
    public S delay(String delay) {
        Long v = parsed("delay", delay, Shape::parseTime);
        if (v != null) {
            shape = shape.withDelay(v);
        }
        return touched();
    }

    /** Varies the delay by up to this much either way: {@code jitter '5ms'}; needs {@code delay}. */
    public S jitter(String jitter) {
        Long v = parsed("jitter", jitter, Shape::parseTime);
        if (v != null) {
            shape = shape.withJitter(v);
        }
        return touched();
    }

    /** Drops each packet this end sends with this probability: {@code loss '1%'}. */
    public S loss(String percent) {
        Double v = parsed("loss", percent, Shape::parsePercent);
        if (v != null) {
            shape = shape.withLoss(v);
        }
        return touched();
    }

    /** Sends each packet twice with this probability: {@code duplicate '1%'}. */
    public S duplicate(String percent) {
        Double v = parsed("duplicate", percent, Shape::parsePercent);
        if (v != null) {
            shape = shape.withDuplicate(v);
        }
        return touched();
    }

    /** Flips a random bit of each packet with this probability: {@code corrupt '0.1%'}. */
    public S corrupt(String percent) {
        Double v = parsed("corrupt", percent, Shape::parsePercent);
        if (v != null) {
            shape = shape.withCorrupt(v);
        }
        return touched();
    }

    /** Sends each packet at once, ahead of the delayed ones, with this probability: {@code reorder '25%'}; needs {@code delay}. */
    public S reorder(String percent) {
        Double v = parsed("reorder", percent, Shape::parsePercent);
        if (v != null) {
            shape = shape.withReorder(v);
        }
        return touched();
    }

    /** Queues at most this many packets (the qdisc's limit): {@code queue 100}. */
    public S queue(int packets) {
        if (packets < 1) {
            recorder.mistake("queue " + packets + ": a queue holds at least 1 packet");
        } else {
            shape = shape.withQueue(packets);
        }
        return touched();
    }

    /** tbf's bucket (with {@code rate} alone): {@code burst '32kb'} (b, kb, mb); the default follows tc-tbf(8). */
    public S burst(String size) {
        Long v = parsed("burst", size, Shape::parseSize);
        if (v != null) {
            shape = shape.withBurst(v);
        }
        return touched();
    }

    /** tbf's longest wait in its queue (with {@code rate} alone): {@code latency '100ms'}; 50 ms unless said. */
    public S latency(String time) {
        Long v = parsed("latency", time, Shape::parseTime);
        if (v != null) {
            shape = shape.withLatency(v);
        }
        return touched();
    }

    /** The shape the words gave, after the checks that need several words; a DslException at the declaration otherwise. */
    final Shape shape() {
        String problem = shape.problem();
        if (problem != null) {
            throw new DslException(location, describe() + ": " + problem);
        }
        return shape;
    }

    private <T> T parsed(String word, String text, java.util.function.Function<String, T> parser) {
        if (recorder.given(word, text) == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            recorder.mistake(word + " " + e.getMessage());
            return null;
        }
    }

    /** @return this builder, after noting it as the receiver of the latest word (for error messages) */
    @SuppressWarnings("unchecked")
    final S touched() {
        recorder.touch(this);
        return (S) this;
    }
}
