package dev.nslab.dsl;

import dev.nslab.model.Namespace;

/** The peer end of a veth: the words after {@code peer 'NAME'}. It lives in the host unless it says {@code netns}. */
public class VethPeerSpec extends LinkEndSpec<VethPeerSpec> {

    private final VethSpec veth;

    VethPeerSpec(Recorder recorder, VethSpec veth, String name) {
        super(recorder, name, Namespace.HOST);
        this.veth = veth;
    }

    @Override
    String describe() {
        return "peer '" + name + "' of " + veth.describe();
    }
}
