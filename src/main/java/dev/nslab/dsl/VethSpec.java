package dev.nslab.dsl;

import dev.nslab.model.Link;
import dev.nslab.model.Veth;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

/**
 * {@code veth 'NAME' ... peer 'NAME' ...}: a veth pair. The words before
 * {@code peer} describe this end, the words after it the peer end.
 */
public class VethSpec extends LinkSpec<VethSpec> {

    private VethPeerSpec peer;

    VethSpec(Recorder recorder, String name, String namespace) {
        super(recorder, name, namespace);
    }

    /**
     * Names the peer end. In a chain, the words that follow describe the peer. The
     * peer lives in the host unless its own words say {@code netns}.
     */
    public VethPeerSpec peer(String name) {
        recorder.given("peer", name);
        if (peer != null) {
            recorder.mistake(describe() + " already has peer '" + peer.name + "' (line " + peer.location.line() + ")");
            return new VethPeerSpec(recorder, this, name); // the words after it go nowhere
        }
        peer = new VethPeerSpec(recorder, this, name);
        return peer;
    }

    /** Names the peer end and describes it in a block: {@code peer('veth2') { netns 'ns1' }}. */
    public VethPeerSpec peer(String name,
                             @DelegatesTo(value = VethPeerSpec.class, strategy = Closure.DELEGATE_FIRST)
                             Closure<?> block) {
        return recorder.block(peer(name), block);
    }

    @Override
    String kind() {
        return "veth";
    }

    @Override
    Link toLink() {
        if (peer == null) {
            throw new DslException(location, describe() + " has no peer: add peer 'NAME'");
        }
        return new Veth(attrs(), peer.attrs());
    }
}
