package dev.nslab.netlink.nl

import spock.lang.Specification
import spock.lang.Tag

import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * Whatever bytes arrive, decoding and every typed getter either work or throw NlDecodeException:
 * never IndexOutOfBounds, NegativeArraySize or the like. Seeds are fixed so failures repeat.
 */
@Tag('plain-jvm')
class NlCodecFuzzSpec extends Specification {

    static final List<String> CAPTURES = [Iproute2Captures, TcCaptures].collectMany { c ->
        c.declaredFields.findAll { java.lang.reflect.Modifier.isStatic(it.modifiers) && it.type == String }
                .collect { c."${it.name}" as String }
    }

    def "random bytes with a plausible header (seed #seed) decode or fail with NlDecodeException only"() {
        given:
        Random random = new Random(seed)

        expect:
        5000.times {
            byte[] bytes = new byte[random.nextInt(200)]
            random.nextBytes(bytes)
            if (bytes.length >= 16 && random.nextBoolean()) {
                // Random lengths and types rarely look like netlink; make half of them plausible.
                ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder())
                header.putInt(0, random.nextInt(bytes.length + 8))
                header.putShort(4, [2, 3, 16, 17, 18, 20, 21, 24, 25, 88, 36, 40][random.nextInt(12)] as short)
            }
            decodesOrFailsCleanly(bytes)
        }

        where:
        seed << [1L, 2L, 3L, 42L]
    }

    def "captured messages with random bytes changed (seed #seed) decode or fail with NlDecodeException only"() {
        given:
        Random random = new Random(seed)

        expect:
        CAPTURES.each { capture ->
            byte[] original = Hex.bytes(capture)
            150.times {
                byte[] bytes = original.clone()
                (1 + random.nextInt(4)).times {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256)
                }
                decodesOrFailsCleanly(random.nextInt(8) == 0 ? Arrays.copyOf(bytes, random.nextInt(bytes.length)) : bytes)
            }
        }

        where:
        seed << [7L, 8L]
    }

    def "every truncation of every capture decodes or fails with NlDecodeException only"() {
        expect:
        CAPTURES.each { capture ->
            byte[] bytes = Hex.bytes(capture)
            (0..bytes.length).each { decodesOrFailsCleanly(Arrays.copyOf(bytes, it)) }
        }
    }

    private static void decodesOrFailsCleanly(byte[] bytes) {
        try {
            NlCodec.decode(ByteBuffer.wrap(bytes)).each { readEverything(it) }
        } catch (NlDecodeException expected) {
            assert expected.message
        }
    }

    /** Calls every getter, each in its own try: one malformed attribute must not hide another's bug. */
    private static void readEverything(NlMessage message) {
        List<Closure> getters = []
        if (message instanceof LinkView) {
            getters += [{ message.ifname() }, { message.mtu() }, { message.master() }, { message.link() },
                        { message.address() }, { message.alias() }, { message.operstate() }, { message.carrier() },
                        { message.linkNetnsId() }, { message.netNsFd() }, { message.kind() }, { message.slaveKind() },
                        { message.infoData() }, { message.slaveData() }, { readPeer(message.vethPeer()) }]
        }
        if (message instanceof AddrMessage) {
            getters += [{ message.local() }, { message.address() }, { message.label() }, { message.flags() },
                        { message.isTentative() }]
        }
        if (message instanceof RouteMessage) {
            getters += [{ message.dst() }, { message.gateway() }, { message.prefsrc() }, { message.oif() },
                        { message.priority() }, { message.table() }]
        }
        if (message instanceof TcMessage) {
            getters += [{ message.kind() }, { readOptions(message.options()) }, { message.isClass() }]
        }
        if (message instanceof LinkView) {
            getters += [{ message.linkKind() }]
        }
        if (message instanceof ErrorMessage) {
            getters += [{ message.extAckMessage() }, { message.extAckOffset() }, { message.extAckMissingType() }]
        }
        getters += [{ readAttributesDeeply(message) }, { NlCodec.encode(message) }]
        getters.each { getter ->
            try {
                getter()
            } catch (NlDecodeException expected) {
                assert expected.message
            }
        }
    }

    /** What tc -j would print of the options: rates, buckets, latencies, chances. */
    private static void readOptions(TcOptions options) {
        if (options instanceof Tbf) {
            [options.rate(), options.peakrate(), options.burstBytes(), options.minburst(), options.latencyUsec()]
        } else if (options instanceof HtbClass) {
            [options.rate(), options.ceil(), options.burst(), options.cburst()]
        } else if (options instanceof Netem) {
            [options.delayNs(), options.loss().fraction(), options.rate()?.rate()]
        }
    }

    private static void readPeer(VethPeer peer) {
        if (peer != null) {
            [peer.ifname(), peer.netNsFd(), peer.mtu()]
        }
    }

    /** Reads every attribute as every type, and every one as a nest, as far as it goes. */
    private static void readAttributesDeeply(NlMessage message) {
        Attrs attrs = message.hasProperty('attrs') ? message.attrs() : message.hasProperty('extAck') ? message.extAck() : null
        attrs?.each { readDeeply(it, 3) }
    }

    private static void readDeeply(Attr attr, int depth) {
        [{ attr.u8() }, { attr.u16() }, { attr.u32() }, { attr.u16BigEndian() }, { attr.u32BigEndian() },
         { attr.string() }, { attr.inetAddress() }].each {
            try {
                it()
            } catch (NlDecodeException expected) {
                assert expected.message
            }
        }
        if (depth > 0) {
            try {
                attr.nested().each { readDeeply(it, depth - 1) }
            } catch (NlDecodeException expected) {
                assert expected.message
            }
        }
    }
}
