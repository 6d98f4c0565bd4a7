package dev.nslab.capture;

import dev.nslab.model.Addresses;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which packets to keep: a few of pcap-filter(7)'s words, matched against decoded packets (no
 * BPF). Primitives: {@code host A}, {@code src host A}, {@code dst host A} (also {@code src A},
 * {@code dst A}), {@code port P}, {@code src port P}, {@code dst port P}, {@code tcp},
 * {@code udp} (each may qualify a port: {@code tcp port 80}), {@code icmp}, {@code icmp6},
 * {@code arp}, {@code ip}, {@code ip6}. They combine with {@code not} ({@code !}), {@code and}
 * ({@code &&}), {@code or} ({@code ||}) and parentheses, with pcap's precedence: {@code not}
 * binds tightest, {@code and} and {@code or} bind equally, from left to right. As in pcap, a
 * bare address or port after {@code and}/{@code or} repeats the qualifiers before it
 * ({@code host 10.0.0.1 or 10.0.0.2}). {@code host} matches ARP's sender and target too.
 */
public final class Filter implements Predicate<Packet> {
    /** Keeps every packet. */
    public static final Filter ALL = new Filter("", p -> true);

    private final String text;
    private final Predicate<Packet> test;

    private Filter(String text, Predicate<Packet> test) {
        this.text = text;
        this.test = test;
    }

    /** A bad filter: names the word and where it is. */
    public static final class FilterException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        FilterException(String message) {
            super(message);
        }
    }

    /**
     * Parses filter words (one string, or words joined by spaces); blank keeps everything.
     *
     * @throws FilterException naming the first word that does not fit
     */
    public static Filter parse(String words) {
        Objects.requireNonNull(words, "words");
        List<String> tokens = tokens(words);
        if (tokens.isEmpty()) {
            return ALL;
        }
        Parser parser = new Parser(tokens, words.strip());
        Predicate<Packet> test = parser.expression();
        if (parser.at < tokens.size()) {
            throw parser.error("unexpected '" + tokens.get(parser.at) + "'");
        }
        return new Filter(String.join(" ", tokens), test);
    }

    @Override
    public boolean test(Packet packet) {
        return test.test(packet);
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "(all packets)" : text;
    }

    private static List<String> tokens(String words) {
        List<String> out = new ArrayList<>();
        for (String word : words.strip().split("\\s+")) {
            StringBuilder current = new StringBuilder();
            for (char c : word.toCharArray()) {
                if (c == '(' || c == ')') {
                    if (current.length() > 0) {
                        out.add(current.toString());
                        current.setLength(0);
                    }
                    out.add(String.valueOf(c));
                } else {
                    current.append(c);
                }
            }
            if (current.length() > 0) {
                out.add(current.toString());
            }
        }
        return out;
    }

    /** Recursive descent over the words; {@code at} is the next word's index. */
    private static final class Parser {
        private final List<String> tokens;
        private final String source;
        int at;
        /** The qualifiers of the last primitive with an address or port, for a bare id after and/or. */
        private String lastKind;
        private String lastDirection;
        private Protocol lastProtocol;

        Parser(List<String> tokens, String source) {
            this.tokens = tokens;
            this.source = source;
        }

        Predicate<Packet> expression() {
            Predicate<Packet> left = unary();
            while (at < tokens.size()) {
                String word = tokens.get(at);
                if (word.equals("and") || word.equals("&&")) {
                    at++;
                    left = left.and(unary());
                } else if (word.equals("or") || word.equals("||")) {
                    at++;
                    left = left.or(unary());
                } else {
                    break;
                }
            }
            return left;
        }

        private Predicate<Packet> unary() {
            String word = next("a filter word");
            if (word.equals("not") || word.equals("!")) {
                return unary().negate();
            }
            if (word.equals("(")) {
                Predicate<Packet> inner = expression();
                if (at >= tokens.size() || !tokens.get(at).equals(")")) {
                    throw error("'(' is not closed");
                }
                at++;
                return inner;
            }
            return primitive(word);
        }

        private Predicate<Packet> primitive(String word) {
            switch (word) {
                case "ip":
                    return p -> p.etherType() == PacketDecoder.ETHERTYPE_IP;
                case "ip6":
                    return p -> p.etherType() == PacketDecoder.ETHERTYPE_IPV6;
                case "arp":
                    return p -> p.etherType() == PacketDecoder.ETHERTYPE_ARP;
                case "icmp":
                    return p -> p.etherType() == PacketDecoder.ETHERTYPE_IP && p.ipProtocol() == IpDecoder.ICMP;
                case "icmp6":
                    return p -> p.etherType() == PacketDecoder.ETHERTYPE_IPV6 && p.ipProtocol() == IpDecoder.ICMPV6;
                case "tcp":
                case "udp": {
                    Protocol protocol = word.equals("tcp") ? Protocol.TCP : Protocol.UDP;
                    int number = word.equals("tcp") ? IpDecoder.TCP : IpDecoder.UDP;
                    Predicate<Packet> isIt = p -> (p.etherType() == PacketDecoder.ETHERTYPE_IP
                            || p.etherType() == PacketDecoder.ETHERTYPE_IPV6) && p.ipProtocol() == number;
                    if (at < tokens.size() && (tokens.get(at).equals("port") || isDirection(tokens.get(at))
                            && at + 1 < tokens.size() && tokens.get(at + 1).equals("port"))) {
                        return qualified(next("port"), protocol);
                    }
                    return isIt;
                }
                case "src":
                case "dst":
                case "host":
                case "port":
                    return qualified(word, null);
                default:
                    if (lastKind != null && at >= 2 && isJoin(tokens.get(at - 2))) {
                        return value(lastKind, lastDirection, lastProtocol, word);
                    }
                    throw error("unknown word '" + word + "'");
            }
        }

        /** [src|dst] host A, [src|dst] port P, src|dst A, after an optional tcp/udp. */
        private Predicate<Packet> qualified(String word, Protocol protocol) {
            String direction = null;
            if (isDirection(word)) {
                direction = word;
                word = next("'host', 'port' or an address after '" + direction + "'");
                if (!word.equals("host") && !word.equals("port")) {
                    at--; // src A: an address with the host qualifier implied
                    word = "host";
                }
            }
            String kind = word;
            if (protocol != null && !kind.equals("port")) {
                throw error("'" + (protocol == Protocol.TCP ? "tcp" : "udp") + "' qualifies only a port here");
            }
            String value = next(kind.equals("port") ? "a port number after 'port'" : "an address after 'host'");
            lastKind = kind;
            lastDirection = direction;
            lastProtocol = protocol;
            return value(kind, direction, protocol, value);
        }

        private Predicate<Packet> value(String kind, String direction, Protocol protocol, String value) {
            boolean src = direction == null || direction.equals("src");
            boolean dst = direction == null || direction.equals("dst");
            if (kind.equals("host")) {
                InetAddress address;
                try {
                    address = Addresses.parse(value);
                } catch (IllegalArgumentException e) {
                    throw error("'" + value + "' after 'host' is not an IPv4 or IPv6 address (names are not looked up)");
                }
                return p -> (src && address.equals(p.src())) || (dst && address.equals(p.dst()));
            }
            int port;
            try {
                port = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535 || !value.chars().allMatch(Character::isDigit)) {
                throw error("'" + value + "' after 'port' is not a port number (0-65535)");
            }
            int p0 = port;
            return p -> (protocol == null ? p.protocol() == Protocol.TCP || p.protocol() == Protocol.UDP : p.protocol() == protocol)
                    && ((src && p.srcPort() == p0) || (dst && p.dstPort() == p0));
        }

        private static boolean isDirection(String word) {
            return word.equals("src") || word.equals("dst");
        }

        private static boolean isJoin(String word) {
            return word.equals("and") || word.equals("&&") || word.equals("or") || word.equals("||");
        }

        private String next(String expected) {
            if (at >= tokens.size()) {
                throw error("expected " + expected + " at the end");
            }
            return tokens.get(at++);
        }

        FilterException error(String what) {
            return new FilterException("filter '" + source + "': " + what + (at > 0 ? " (word " + at + ")" : ""));
        }
    }
}
