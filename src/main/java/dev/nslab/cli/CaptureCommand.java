package dev.nslab.cli;

import dev.nslab.capture.Capture;
import dev.nslab.capture.Filter;
import dev.nslab.capture.LinkType;
import dev.nslab.capture.Packet;
import dev.nslab.capture.PcapWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {"Capture the packets of one interface of a namespace (AF_PACKET, inside the namespace): one line a packet"
                + " on stdout, as tcpdump -n prints it, and/or a pcap file (nanosecond) for tcpdump -r or Wireshark.",
                "Ends with Ctrl-C, after -c packets or after --timeout seconds, with 'N packets captured' on stderr."})
final class CaptureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NS", description = "the namespace")
    String namespace;
    @Parameters(index = "1", paramLabel = "IF", description = "the interface in it")
    String ifname;
    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "End after N packets (that the filter keeps).")
    int count;
    @Option(names = {"-w", "--write"}, paramLabel = "FILE.pcap",
            description = "Write the packets to a pcap file ('-': to stdout) instead of printing them (unless --print).")
    String pcap;
    @Option(names = "--print", description = "Print the lines on stdout even with -w FILE.")
    boolean print;
    @Option(names = "--timeout", paramLabel = "S", description = "End after S seconds (decimals allowed).")
    Double timeout;
    @Option(names = "--direction", description = "Begin each line with In or Out, as tcpdump -i any does.")
    boolean direction;
    @Option(names = "--filter", arity = "1..*", paramLabel = "WORDS",
            description = "Keep only these packets: host A, src host A, dst host A, port P, src port P, dst port P, tcp,"
                    + " udp, icmp, icmp6, arp, ip, ip6, joined by and, or, not and parentheses, as in tcpdump.")
    List<String> filterWords;

    @Override
    public Integer call() {
        Filter filter = Filter.parse(filterWords == null ? "" : String.join(" ", filterWords));
        if (count < 0) {
            throw new IllegalArgumentException("-c needs a positive count, not " + count);
        }
        if (timeout != null && !(timeout > 0)) {
            throw new IllegalArgumentException("--timeout needs a positive number of seconds, not " + timeout);
        }
        boolean toStdout = "-".equals(pcap);
        if (toStdout && print) {
            throw new IllegalArgumentException("--print and -w - would both write to stdout");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean lines = pcap == null || print;
        Capture.Builder builder = Capture.on(namespace, ifname).filter(filter).limit(count).keep(0);
        if (lines) {
            builder.onPacket(p -> {
                out.println(direction ? lineWithDirection(p) : p.line());
                out.flush();
            });
        }
        if (toStdout) {
            builder.pcap(new FileOutputStream(FileDescriptor.out));
        } else if (pcap != null) {
            builder.pcap(Path.of(pcap));
        }
        Capture capture = builder.start();
        try {
            Signals.onStop(capture::stop);
            if (!Options.quiet()) {
                err.println("listening on " + namespace + "/" + ifname + ", link-type " + linkTypeName(capture.linkType())
                        + ", snapshot length " + PcapWriter.SNAPLEN + " bytes");
                err.flush();
            }
            if (timeout != null) {
                capture.awaitEnd(Duration.ofNanos((long) (timeout * 1e9)));
            } else {
                while (!capture.awaitEnd(Duration.ofHours(1))) {
                    // until Ctrl-C, -c or the interface's end
                }
            }
        } finally {
            capture.close();
        }
        err.println(capture.count() + (capture.count() == 1 ? " packet" : " packets") + " captured");
        if (capture.dropped() > 0) {
            err.println(capture.dropped() + (capture.dropped() == 1 ? " packet" : " packets") + " dropped by kernel");
        }
        String ended = capture.ended();
        if (capture.failure() != null || ended != null && ended.startsWith("interface")) {
            err.println("nslab: the capture ended: " + ended);
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    /** tcpdump's wording for the link type, as it says it when it starts listening. */
    private static String linkTypeName(LinkType type) {
        return type == LinkType.ETHERNET ? "EN10MB (Ethernet)" : "RAW (Raw IP)";
    }

    private static String lineWithDirection(Packet p) {
        String line = p.line();
        int space = line.indexOf(' ');
        return line.substring(0, space + 1) + p.direction().word() + " " + line.substring(space + 1);
    }
}
