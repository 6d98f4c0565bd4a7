package dev.nslab.dsl;

import dev.nslab.model.Link;
import dev.nslab.model.Vxlan;

import java.net.InetAddress;

/** {@code vxlan 'NAME' id VNI} with {@code remote}, {@code local}, {@code group}, {@code dstport}, {@code dev}. */
public class VxlanSpec extends LinkSpec<VxlanSpec> {

    private Integer id;
    private InetAddress remote;
    private InetAddress local;
    private InetAddress group;
    private Integer dstport;
    private String dev;

    VxlanSpec(Recorder recorder, String name, String namespace) {
        super(recorder, name, namespace);
    }

    /** Sets the VXLAN network identifier, 0..16777215. */
    public VxlanSpec id(int vni) {
        this.id = vni;
        return touched();
    }

    /** Sets the unicast remote endpoint. */
    public VxlanSpec remote(String address) {
        this.remote = recorder.address("remote", address);
        return touched();
    }

    /** Sets the local source address. */
    public VxlanSpec local(String address) {
        this.local = recorder.address("local", address);
        return touched();
    }

    /** Sets the multicast group (instead of {@code remote}); needs {@code dev}. */
    public VxlanSpec group(String address) {
        this.group = recorder.address("group", address);
        return touched();
    }

    /** Sets the UDP destination port (the kernel's default is 4789). */
    public VxlanSpec dstport(int port) {
        this.dstport = port;
        return touched();
    }

    /** Names the underlying device; same rules as a macvlan's {@code parent}. */
    public VxlanSpec dev(String device) {
        this.dev = device;
        return touched();
    }

    @Override
    String kind() {
        return "vxlan";
    }

    @Override
    Link toLink() {
        if (id == null) {
            throw new DslException(location, describe() + " has no id: add id VNI");
        }
        return new Vxlan(attrs(), id, remote, local, group, dstport, dev);
    }
}
