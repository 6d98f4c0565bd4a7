package dev.nslab.testing

/**
 * The witness for captures: tcpdump's own reading of a pcap file ({@code tcpdump -n -r}, with a
 * pcap-filter expression compiled by libpcap when given), one
 * line a packet as it prints them (hex dumps of undecoded bytes, on lines of their own, left out;
 * trailing blanks trimmed).
 */
class Tcpdump {
    static List<String> read(File pcap, String filter = null) {
        def p = new ProcessBuilder(['tcpdump', '-n', '-r', pcap.path] + (filter ? filter.split(/\s+/).toList() : [])).start()
        def out = new StringBuilder(), err = new StringBuilder()
        p.waitForProcessOutput(out, err)
        if (p.exitValue() != 0) {
            throw new IllegalStateException("tcpdump -n -r ${pcap} ${filter ?: ''} exited ${p.exitValue()}: $err")
        }
        out.readLines().findAll { !it.startsWith('\t') }*.replaceAll(/\s+$/, '')
    }

    /** What tcpdump says about the file itself (its first line on stderr: link type, snapshot length). */
    static String header(File pcap) {
        def p = new ProcessBuilder('tcpdump', '-n', '-r', pcap.path).start()
        def out = new StringBuilder(), err = new StringBuilder()
        p.waitForProcessOutput(out, err)
        err.readLines().find { it.startsWith('reading from file') }
    }
}
