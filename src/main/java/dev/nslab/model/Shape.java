package dev.nslab.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one interface end shapes what it sends (egress): Mininet's TCLink words, in tc's units.
 * Every field is null when the script does not say it. Rate alone is a tbf; any of delay,
 * jitter, loss, duplicate, corrupt or reorder makes it a netem, which then also carries the rate
 * (netem's own {@code rate}, tc-netem(8)): one qdisc either way, so that a changed word replaces
 * exactly one qdisc.
 *
 * @param rate      bandwidth in bits per second
 * @param delay     added one-way delay in microseconds
 * @param jitter    variation of the delay in microseconds
 * @param loss      per-packet loss probability in percent (0..100)
 * @param duplicate per-packet duplication probability in percent
 * @param corrupt   per-packet corruption probability in percent
 * @param reorder   per-packet reordering probability in percent
 * @param queue     queue limit in packets
 * @param burst     tbf's bucket in bytes (tc-tbf(8)'s {@code burst}); null: {@link #tbfBurst()} chooses
 * @param latency   tbf's longest wait in the queue, microseconds; null: {@link #DEFAULT_LATENCY_US}
 */
public record Shape(Long rate, Long delay, Long jitter, Double loss, Double duplicate, Double corrupt, Double reorder,
                    Integer queue, Long burst, Long latency) {

    /** No shaping at all. */
    public static final Shape NONE = new Shape(null, null, null, null, null, null, null, null, null, null);
    /** tbf's latency when neither {@code latency} nor {@code queue} is said: tc-tbf(8)'s examples use 50 to 70 ms. */
    public static final long DEFAULT_LATENCY_US = 50_000;
    /** Bytes a full Ethernet frame takes, for a tbf queue given in packets ({@code queue N}). */
    public static final int FRAME_BYTES = 1514;
    /** netem's queue when {@code queue} is not said: tc's default. */
    public static final int NETEM_DEFAULT_LIMIT = 1000;

    public Shape {
        if (rate != null && rate <= 0) {
            throw new IllegalArgumentException("rate must be above 0");
        }
        checkPercent("loss", loss);
        checkPercent("duplicate", duplicate);
        checkPercent("corrupt", corrupt);
        checkPercent("reorder", reorder);
        if (queue != null && queue < 1) {
            throw new IllegalArgumentException("queue must be at least 1 packet, not " + queue);
        }
    }

    private static void checkPercent(String word, Double p) {
        if (p != null && (p < 0 || p > 100 || p.isNaN())) {
            throw new IllegalArgumentException(word + " must be from 0% to 100%");
        }
    }

    /** @return true when no word is said: the interface keeps its default qdisc */
    public boolean isNone() {
        // Field by field rather than equals(NONE): the planner asks this of every end, and a
        // record's equals goes through a method-handle chain that a cold JVM interprets.
        return rate == null && !needsNetem() && queue == null && burst == null && latency == null;
    }

    /** @return true when a word only netem implements is said */
    public boolean needsNetem() {
        return delay != null || jitter != null || loss != null || duplicate != null || corrupt != null || reorder != null;
    }

    /** @return the qdisc that carries this shape: {@code netem}, {@code tbf}, or null for none */
    public String qdisc() {
        return needsNetem() ? "netem" : rate != null ? "tbf" : null;
    }

    /**
     * tbf's bucket: the one said, else what tc-tbf(8) recommends, about 10 kbyte for each 10 mbit/s
     * (rate / 1000 in bytes), and never less than two full frames, so that a packet always fits.
     */
    public long tbfBurst() {
        if (burst != null) {
            return burst;
        }
        return Math.max(rate == null ? 0 : rate / 1000, 2L * FRAME_BYTES);
    }

    /** tbf's queue in bytes when {@code queue} is said (packets of a full frame each), else null (a latency is used). */
    public Long tbfLimit() {
        return queue == null ? null : (long) queue * FRAME_BYTES;
    }

    /** tbf's latency when its queue is not given in packets. */
    public long tbfLatency() {
        return latency != null ? latency : DEFAULT_LATENCY_US;
    }

    /** netem's queue in packets. */
    public int netemLimit() {
        return queue != null ? queue : NETEM_DEFAULT_LIMIT;
    }

    /** @return the DSL words, as a script or {@code nslab shape} writes them: {@code rate '20mbit' delay '40ms'} */
    public String words() {
        List<String> w = new ArrayList<>();
        if (rate != null) {
            w.add("rate '" + formatRate(rate) + "'");
        }
        if (delay != null) {
            w.add("delay '" + formatTime(delay) + "'");
        }
        if (jitter != null) {
            w.add("jitter '" + formatTime(jitter) + "'");
        }
        percent(w, "loss", loss, "'");
        percent(w, "duplicate", duplicate, "'");
        percent(w, "corrupt", corrupt, "'");
        percent(w, "reorder", reorder, "'");
        if (queue != null) {
            w.add("queue " + queue);
        }
        if (burst != null) {
            w.add("burst '" + burst + "b'");
        }
        if (latency != null) {
            w.add("latency '" + formatTime(latency) + "'");
        }
        return String.join(" ", w);
    }

    /** @return the words in short form for labels: {@code 20mbit 40ms±5ms loss 1%} */
    public String summary() {
        List<String> w = new ArrayList<>();
        if (rate != null) {
            w.add(formatRate(rate));
        }
        if (delay != null) {
            w.add(formatTime(delay) + (jitter != null ? "±" + formatTime(jitter) : ""));
        } else if (jitter != null) {
            w.add("±" + formatTime(jitter));
        }
        percent(w, "loss", loss, "");
        percent(w, "dup", duplicate, "");
        percent(w, "corrupt", corrupt, "");
        percent(w, "reorder", reorder, "");
        if (queue != null) {
            w.add("queue " + queue);
        }
        return String.join(" ", w);
    }

    /**
     * @return the qdisc as the arguments of a {@code tc qdisc replace dev DEV root} line, in tc's
     *         own units: {@code tbf rate 20mbit burst 20000b latency 50ms}, {@code netem delay 40ms 5ms loss 1%}
     */
    public String tcArguments() {
        if (needsNetem()) {
            StringBuilder s = new StringBuilder("netem");
            if (delay != null || jitter != null) {
                s.append(" delay ").append(formatTime(delay == null ? 0 : delay));
                if (jitter != null) {
                    s.append(' ').append(formatTime(jitter));
                }
            }
            tcPercent(s, "loss", loss);
            tcPercent(s, "duplicate", duplicate);
            tcPercent(s, "reorder", reorder);
            tcPercent(s, "corrupt", corrupt);
            if (rate != null) {
                s.append(" rate ").append(formatRate(rate));
            }
            return s.append(" limit ").append(netemLimit()).toString();
        }
        if (rate == null) {
            return null;
        }
        String s = "tbf rate " + formatRate(rate) + " burst " + tbfBurst() + "b";
        return tbfLimit() != null ? s + " limit " + tbfLimit() + "b" : s + " latency " + formatTime(tbfLatency());
    }

    private static void tcPercent(StringBuilder s, String word, Double p) {
        if (p != null) {
            s.append(' ').append(word).append(' ').append(formatPercent(p)).append('%');
        }
    }

    private static void percent(List<String> w, String word, Double p, String quote) {
        if (p != null) {
            w.add(word + " " + quote + formatPercent(p) + "%" + quote);
        }
    }

    private static final Pattern WORD = Pattern.compile("\\s*([a-z]+)\\s+(?:'([^']*)'|([0-9]+))");

    /**
     * The shape {@link #words()} wrote: {@code rate '20mbit' delay '40ms' queue 100}.
     *
     * @throws IllegalArgumentException for a word or value that is not one
     */
    public static Shape parseWords(String text) {
        Shape s = NONE;
        Matcher m = WORD.matcher(text);
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            String v = m.group(2) != null ? m.group(2) : m.group(3);
            s = switch (m.group(1)) {
                case "rate" -> s.withRate(parseRate(v));
                case "delay" -> s.withDelay(parseTime(v));
                case "jitter" -> s.withJitter(parseTime(v));
                case "loss" -> s.withLoss(parsePercent(v));
                case "duplicate" -> s.withDuplicate(parsePercent(v));
                case "corrupt" -> s.withCorrupt(parsePercent(v));
                case "reorder" -> s.withReorder(parsePercent(v));
                case "queue" -> s.withQueue(Integer.parseInt(v));
                case "burst" -> s.withBurst(parseSize(v));
                case "latency" -> s.withLatency(parseTime(v));
                default -> throw new IllegalArgumentException("'" + m.group(1) + "' is not a shaping word");
            };
            at = m.end();
        }
        if (!text.substring(at).isBlank()) {
            throw new IllegalArgumentException("not shaping words: '" + text.substring(at).strip() + "'");
        }
        return s;
    }

    // ---- tc's units ------------------------------------------------------------------------

    private static final Pattern NUMBER_UNIT = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z%]*)\\s*");

    /**
     * A rate in tc's units, {@code bit}, {@code kbit}, {@code mbit}, {@code gbit} (and {@code tbit}),
     * decimal as tc's are: {@code 20mbit} is 20,000,000 bits per second.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    public static long parseRate(String text) {
        Matcher m = match(text, "a rate like '20mbit' (units: bit, kbit, mbit, gbit)");
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "bit" -> 1L;
            case "kbit" -> 1_000L;
            case "mbit" -> 1_000_000L;
            case "gbit" -> 1_000_000_000L;
            case "tbit" -> 1_000_000_000_000L;
            default -> throw new IllegalArgumentException("'" + text + "' is not a rate like '20mbit' (units: bit, kbit, mbit, gbit)");
        };
        long bits = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
        if (bits < 8) {
            throw new IllegalArgumentException("'" + text + "' is below the least rate, 8bit (one byte per second)");
        }
        return bits;
    }

    /** A time in {@code us}, {@code ms} or {@code s} (tc's units), as microseconds. */
    public static long parseTime(String text) {
        Matcher m = match(text, "a time like '40ms' (units: us, ms, s)");
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "us", "usec" -> 1L;
            case "ms", "msec" -> 1_000L;
            case "s", "sec" -> 1_000_000L;
            default -> throw new IllegalArgumentException("'" + text + "' is not a time like '40ms' (units: us, ms, s)");
        };
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
    }

    /** A probability written {@code P%}, from 0% to 100%. */
    public static double parsePercent(String text) {
        Matcher m = match(text, "a percentage like '1%'");
        if (!m.group(2).equals("%")) {
            throw new IllegalArgumentException("'" + text + "' is not a percentage like '1%' (write the % sign)");
        }
        double p = Double.parseDouble(m.group(1));
        if (p > 100) {
            throw new IllegalArgumentException("'" + text + "' is above 100%");
        }
        return p;
    }

    /** A size in bytes: {@code b}, {@code kb}, {@code mb} (tc's binary kilobytes), or a bare number. */
    public static long parseSize(String text) {
        Matcher m = match(text, "a size like '32kb' (units: b, kb, mb)");
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kb" -> 1024L;
            case "m", "mb" -> 1024L * 1024;
            default -> throw new IllegalArgumentException("'" + text + "' is not a size like '32kb' (units: b, kb, mb)");
        };
        long bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is not a size from 1b to 2gb");
        }
        return bytes;
    }

    private static Matcher match(String text, String expected) {
        Matcher m = NUMBER_UNIT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + expected);
        }
        return m;
    }

    /** The largest of tc's units that writes {@code bits} exactly: {@code 20mbit}, {@code 1500kbit}. */
    public static String formatRate(long bits) {
        if (bits % 1_000_000_000L == 0) {
            return bits / 1_000_000_000L + "gbit";
        }
        if (bits % 1_000_000L == 0) {
            return bits / 1_000_000L + "mbit";
        }
        if (bits % 1_000L == 0) {
            return bits / 1_000L + "kbit";
        }
        return bits + "bit";
    }

    /** The largest of tc's units that writes {@code micros} exactly: {@code 40ms}, {@code 1500us}. */
    public static String formatTime(long micros) {
        if (micros != 0 && micros % 1_000_000L == 0) {
            return micros / 1_000_000L + "s";
        }
        if (micros % 1_000L == 0) {
            return micros / 1_000L + "ms";
        }
        return micros + "us";
    }

    static String formatPercent(double p) {
        return new BigDecimal(Double.toString(p)).stripTrailingZeros().toPlainString();
    }

    // ---- building --------------------------------------------------------------------------

    public Shape withRate(Long v) {
        return new Shape(v, delay, jitter, loss, duplicate, corrupt, reorder, queue, burst, latency);
    }

    public Shape withDelay(Long v) {
        return new Shape(rate, v, jitter, loss, duplicate, corrupt, reorder, queue, burst, latency);
    }

    public Shape withJitter(Long v) {
        return new Shape(rate, delay, v, loss, duplicate, corrupt, reorder, queue, burst, latency);
    }

    public Shape withLoss(Double v) {
        return new Shape(rate, delay, jitter, v, duplicate, corrupt, reorder, queue, burst, latency);
    }

    public Shape withDuplicate(Double v) {
        return new Shape(rate, delay, jitter, loss, v, corrupt, reorder, queue, burst, latency);
    }

    public Shape withCorrupt(Double v) {
        return new Shape(rate, delay, jitter, loss, duplicate, v, reorder, queue, burst, latency);
    }

    public Shape withReorder(Double v) {
        return new Shape(rate, delay, jitter, loss, duplicate, corrupt, v, queue, burst, latency);
    }

    public Shape withQueue(Integer v) {
        return new Shape(rate, delay, jitter, loss, duplicate, corrupt, reorder, v, burst, latency);
    }

    public Shape withBurst(Long v) {
        return new Shape(rate, delay, jitter, loss, duplicate, corrupt, reorder, queue, v, latency);
    }

    public Shape withLatency(Long v) {
        return new Shape(rate, delay, jitter, loss, duplicate, corrupt, reorder, queue, burst, v);
    }

    /** @return what is wrong with this combination of words, or null: the checks that need more than one word */
    public String problem() {
        if (reorder != null && reorder > 0 && (delay == null || delay == 0)) {
            return "reorder needs a delay: netem sends reordered packets at once and delays the others (add delay 'T')";
        }
        if (jitter != null && (delay == null || jitter > delay)) {
            return "jitter '" + formatTime(jitter) + "' needs a delay at least as long (add delay 'T')";
        }
        if ((burst != null || latency != null) && (rate == null || needsNetem())) {
            return "burst and latency tune a tbf: they need rate alone (netem carries its own rate)";
        }
        if (latency != null && queue != null) {
            return "say either queue (packets) or latency (time) for a tbf's queue, not both";
        }
        return null;
    }
}
