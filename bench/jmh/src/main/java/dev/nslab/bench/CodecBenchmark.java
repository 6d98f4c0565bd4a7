package dev.nslab.bench;

import dev.nslab.netlink.LinkKind;
import dev.nslab.netlink.NewLink;
import dev.nslab.netlink.Request;
import dev.nslab.netlink.Requests;
import dev.nslab.netlink.nl.AddrMessage;
import dev.nslab.netlink.nl.ErrorMessage;
import dev.nslab.netlink.nl.LinkMessage;
import dev.nslab.netlink.nl.NlCodec;
import dev.nslab.netlink.nl.NlMessage;
import dev.nslab.netlink.nl.NlWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The rtnetlink codec alone: no socket, no kernel. Encoding writes requests the way
 * {@code Batch.execute} does (one reused {@link NlWriter}, then the copy that goes to
 * {@code sendmsg}); decoding reads kernel replies from a direct buffer, as
 * {@code NetlinkSocket.receive} does.
 *
 * <p>The defaults below are a short run that suits a shared 2-core machine; JMH's own
 * command-line options override them (bench/codec forwards its arguments). Five warm-up
 * seconds, not three: with three, the first measured second of decodeVethDumpReply still ran
 * at half speed on such a machine, its C2 compilation not yet done.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {

    static final int BATCH_SIZE = 500;

    // star N's numbers (bench/README.md): the bridge, and the index each peer asks for in its namespace
    private static final int BRIDGE_INDEX = 4;
    private static final int PEER_INDEX = 2;
    // any open fd would do: encoding only copies the number into IFLA_NET_NS_FD
    private static final int FIRST_NAMESPACE_FD = 10;

    private Request vethRequest;
    private Request addrRequest;
    private Request[] vethBatch;
    private NlWriter writer;
    private int seq;

    private ByteBuffer vethDumpReply;
    private ByteBuffer ack;
    private ByteBuffer addressExistsError;

    @Setup
    public void setUp() throws Exception {
        vethRequest = starVeth(1);
        addrRequest = Requests.addrAdd(PEER_INDEX, "pbp1", InetAddress.getByName("10.200.0.2"), 16, false);
        vethBatch = new Request[BATCH_SIZE];
        for (int i = 0; i < BATCH_SIZE; i++) {
            vethBatch[i] = starVeth(i + 1);
        }
        writer = new NlWriter();
        vethDumpReply = KernelReplies.inReceiveBuffer(KernelReplies.LINK_DUMP_VETH3);
        ack = KernelReplies.inReceiveBuffer(KernelReplies.ACK);
        addressExistsError = KernelReplies.inReceiveBuffer(KernelReplies.ERROR_ADDRESS_EXISTS);
        checkFixtures();
    }

    /** The host end of star N's veth i, as bench/StarApi.java asks for it. */
    private static Request starVeth(int i) {
        LinkKind.Veth peerInNamespace = new LinkKind.Veth("pbp" + i, FIRST_NAMESPACE_FD + i, PEER_INDEX, null, null);
        return Requests.linkAdd(NewLink.of("pbv" + i, peerInNamespace).withMaster(BRIDGE_INDEX).up(true));
    }

    @Benchmark
    public byte[] encodeVethPeerInOtherNamespace() {
        writer.reset();
        vethRequest.encoder().write(writer, ++seq);
        return writer.toByteArray();
    }

    @Benchmark
    public byte[] encodeAddrAdd() {
        writer.reset();
        addrRequest.encoder().write(writer, ++seq);
        return writer.toByteArray();
    }

    /** Scored per message: JMH multiplies invocations per second by 500, so the figure is msgs/s. */
    @Benchmark
    @OperationsPerInvocation(BATCH_SIZE)
    public byte[] encodeBatchOf500Veths() {
        writer.reset();
        for (Request request : vethBatch) {
            request.encoder().write(writer, ++seq);
        }
        return writer.toByteArray();
    }

    @Benchmark
    public List<NlMessage> decodeVethDumpReply() {
        return NlCodec.decode(vethDumpReply);
    }

    @Benchmark
    public List<NlMessage> decodeAck() {
        return NlCodec.decode(ack);
    }

    /** With the text read, as Batch does for every refused request: it is parsed only when asked for. */
    @Benchmark
    public void decodeErrorWithExtAckText(Blackhole blackhole) {
        ErrorMessage error = (ErrorMessage) NlCodec.decode(addressExistsError).get(0);
        blackhole.consume(error);
        blackhole.consume(error.extAckMessage());
    }

    @Benchmark
    public byte[] roundTripVethDumpReply() {
        return NlCodec.encode(NlCodec.decode(vethDumpReply).get(0));
    }

    /**
     * Fails the run before anything is measured if a fixture does not decode to what it is meant
     * to be: a fast benchmark of the wrong path would be worse than none.
     */
    private void checkFixtures() {
        LinkMessage veth = (LinkMessage) only(decodeBytes(encodeVethPeerInOtherNamespace()));
        check("pbv1".equals(veth.ifname()) && veth.isUp() && veth.master() == BRIDGE_INDEX
                        && "pbp1".equals(veth.vethPeer().ifname()) && veth.vethPeer().netNsFd() == FIRST_NAMESPACE_FD + 1
                        && veth.vethPeer().ifi().index() == PEER_INDEX,
                "the veth request decodes back to " + veth);

        AddrMessage addr = (AddrMessage) only(decodeBytes(encodeAddrAdd()));
        check("10.200.0.2".equals(addr.local().getHostAddress()) && addr.ifa().prefixLen() == 16,
                "the address request decodes back to " + addr);

        List<NlMessage> batch = decodeBytes(encodeBatchOf500Veths());
        check(batch.size() == BATCH_SIZE && "pbv500".equals(((LinkMessage) batch.get(BATCH_SIZE - 1)).ifname()),
                "the batch decodes back to " + batch.size() + " messages");

        LinkMessage dumped = (LinkMessage) only(decodeVethDumpReply());
        check("veth3".equals(dumped.ifname()) && "veth".equals(dumped.kind()) && dumped.linkNetnsId() == 0,
                "the dump reply decodes to " + dumped);

        ErrorMessage acked = (ErrorMessage) only(decodeAck());
        check(acked.isAck(), "the ack decodes to " + acked);

        ErrorMessage refused = (ErrorMessage) only(NlCodec.decode(addressExistsError));
        check(refused.errno() == 17 && "ipv4: Address already assigned".equals(refused.extAckMessage()),
                "the error decodes to " + refused);

        check(Arrays.equals(roundTripVethDumpReply(), KernelReplies.bytes(KernelReplies.LINK_DUMP_VETH3)),
                "the dump reply does not encode back to the captured bytes");
    }

    private static List<NlMessage> decodeBytes(byte[] bytes) {
        return NlCodec.decode(ByteBuffer.wrap(bytes));
    }

    private static NlMessage only(List<NlMessage> messages) {
        check(messages.size() == 1, "expected one message, got " + messages.size());
        return messages.get(0);
    }

    private static void check(boolean holds, String otherwise) {
        if (!holds) {
            throw new IllegalStateException(otherwise);
        }
    }
}
