package dev.nslab.netlink;

import dev.nslab.netlink.nl.DoneMessage;
import dev.nslab.netlink.nl.ErrorMessage;
import dev.nslab.netlink.nl.NlMessage;
import dev.nslab.netlink.nl.NlWriter;
import dev.nslab.netlink.nl.Rtnl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of a {@link Netlink} handle that are answered with data: dumps, and lookups (a
 * GET answered by the object and an ack). Only replies from the kernel to this port with the
 * request's seq count; a refusal throws {@link NetlinkException} naming what the kernel pointed at.
 */
final class Wire {
    private static final int DUMP_ATTEMPTS = 10;
    private final Transport socket;
    private final NlWriter writer = new NlWriter();

    Wire(Transport socket) {
        this.socket = socket;
    }

    /**
     * Sends a dump request and reads every part up to NLMSG_DONE. A dump the kernel marks
     * interrupted (NLM_F_DUMP_INTR: the state changed under it) is redone, and so is one whose
     * replies overran the buffer: nothing is ever planned from a partial picture.
     */
    List<NlMessage> dump(Request request) {
        for (int attempt = 0; attempt < DUMP_ATTEMPTS; attempt++) {
            int seq = send(request);
            List<NlMessage> parts = new ArrayList<>();
            boolean interrupted = false;
            try {
                boolean done = false;
                while (!done) {
                    for (NlMessage m : socket.receiveMessages(false)) {
                        if (m.header().seq() != seq || m.header().pid() != socket.portId()) {
                            continue;
                        }
                        interrupted |= (m.header().flags() & Rtnl.NLM_F_DUMP_INTR) != 0;
                        if (m instanceof DoneMessage d) {
                            if (d.error() < 0) {
                                throw new NetlinkException(request.command(), -d.error(), null);
                            }
                            done = true;
                        } else if (m instanceof ErrorMessage e) {
                            if (e.error() != 0) {
                                throw refused(request, e);
                            }
                            done = true;
                        } else {
                            parts.add(m);
                        }
                    }
                }
            } catch (NetlinkOverrunException e) {
                drainQuietly();
                continue;
            }
            if (!interrupted) {
                return parts;
            }
        }
        throw new NetlinkStateUnknownException("'" + request.command() + "': dump interrupted "
                + DUMP_ATTEMPTS + " times in a row (the state keeps changing)");
    }

    /** Sends one request that is answered by data and an ack (a GET), and returns the data. */
    List<NlMessage> exchange(Request request) {
        return exchangeAll(List.of(request)).get(0);
    }

    /**
     * {@link #exchange} for many requests, a window of {@link Batch#DEFAULT_WINDOW} in flight at
     * a time: a lab of 500 namespaces costs two round trips, not 500. The answers come in the
     * requests' order.
     */
    List<List<NlMessage>> exchangeAll(List<Request> requests) {
        List<List<NlMessage>> answers = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += Batch.DEFAULT_WINDOW) {
            int to = Math.min(requests.size(), from + Batch.DEFAULT_WINDOW);
            Map<Integer, Integer> pending = new HashMap<>();
            int[] start = new int[to - from];
            writer.reset();
            for (int i = from; i < to; i++) {
                int seq = socket.nextSeq();
                start[i - from] = writer.size();
                requests.get(i).encoder().write(writer, seq);
                pending.put(seq, i);
                answers.add(new ArrayList<>());
            }
            socket.send(writer.toByteArray(), 0, writer.size());
            while (!pending.isEmpty()) {
                for (NlMessage m : socket.receiveMessages(false)) {
                    Integer i = m.header().pid() == socket.portId() ? pending.get(m.header().seq()) : null;
                    if (i == null) {
                        continue;
                    }
                    if (m instanceof ErrorMessage e) {
                        pending.remove(m.header().seq());
                        if (e.error() != 0) {
                            int at = start[i - from];
                            int end = i + 1 < to ? start[i + 1 - from] : writer.size();
                            throw new NetlinkException(requests.get(i).command(), -e.error(), e.extAckMessage(),
                                    Batch.pointedAt(e, writer.slice(at, end)));
                        }
                    } else {
                        answers.get(i).add(m);
                    }
                }
            }
        }
        return answers;
    }

    /** The kernel's refusal of {@code request}, the one message in the writer. */
    private NetlinkException refused(Request request, ErrorMessage e) {
        return new NetlinkException(request.command(), -e.error(), e.extAckMessage(),
                Batch.pointedAt(e, writer.slice(0, writer.size())));
    }

    private int send(Request request) {
        int seq = socket.nextSeq();
        writer.reset();
        request.encoder().write(writer, seq);
        socket.send(writer.toByteArray(), 0, writer.size());
        return seq;
    }

    private void drainQuietly() {
        while (true) {
            try {
                if (socket.receive(true) == null) {
                    return;
                }
            } catch (NetlinkOverrunException again) {
                // keep draining
            }
        }
    }
}
