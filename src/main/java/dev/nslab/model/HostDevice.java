package dev.nslab.model;

import java.util.Objects;

/**
 * An existing host device that a link of the lab is built on (a macvlan's parent,
 * a vxlan's dev) without being declared in the script. The lab does not create it;
 * the runner must check that it exists and, since using it touches a device the
 * lab did not create, that the user passed {@code --allow-host-devices}.
 *
 * @param name     the device name in the host
 * @param usedBy   what refers to it, for messages: {@code parent of macvlan 'mv0'}
 * @param location where the reference was declared
 */
public record HostDevice(String name, String usedBy, SourceLocation location) {

    public HostDevice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(usedBy, "usedBy");
        Objects.requireNonNull(location, "location");
    }
}
