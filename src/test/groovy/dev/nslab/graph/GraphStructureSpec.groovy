package dev.nslab.graph

import dev.nslab.dsl.ScriptRunner
import dev.nslab.model.Bridge
import dev.nslab.model.Namespace
import dev.nslab.model.Topology
import dev.nslab.model.Veth
import groovy.json.JsonSlurper
import spock.lang.Specification
import spock.lang.Tag

import java.nio.file.Paths

/**
 * The drawings' structure as Graphviz itself lays it out ({@code dot -Tjson}, the witness): which
 * box holds which node, where each cable's labels are, where the nodes end up. The expectations
 * come from the lab's script (its namespaces, bridges, veths), never from the drawing's own ids.
 */
@Tag('plain-jvm')
class GraphStructureSpec extends Specification {

    /** The layout Graphviz made of {@code dot}: its JSON, with no warning on stderr. */
    static Map layout(String dot) {
        def (rc, json, err) = GraphSpec.pipe(['dot', '-Tjson'], dot)
        assert rc == 0 && err == '': err
        new JsonSlurper().parseText(json) as Map
    }

    static Topology lab(String name) {
        new ScriptRunner().load(Paths.get("dsl-examples/${name}.netns.groovy"))
    }

    static String title(String ns) {
        Namespace.isHost(ns) ? 'host' : 'netns ' + ns
    }

    /** The first line of each node's label, by Graphviz's object id. */
    static Map<Integer, String> names(Map g) {
        g.objects.findAll { !it.nodes }.collectEntries { [(it._gvid): it.label.split('\\\\n')[0]] }
    }

    /** The namespace box (cluster) of each node, by the box's title. */
    static Map<Integer, String> boxOf(Map g) {
        Map<Integer, String> box = [:]
        g.objects.findAll { it.nodes }.each { c -> c.nodes.each { box[it] = c.label.replace(' (router)', '') } }
        box
    }

    def "#example: every bridge is drawn inside its namespace's box, every namespace is a box of its own"() {
        given:
        Topology t = lab(example)
        Map g = layout(LabGraph.of(t, null).dot())
        def names = names(g)
        def box = boxOf(g)

        expect:
        t.declaredNamespaces().every { ns -> g.objects.count { it.nodes && it.label.replace(' (router)', '') == title(ns.name()) } == 1 }
        t.links().findAll { it instanceof Bridge }.every { b ->
            names.any { id, name -> name == b.name() && box[id] == title(b.namespace()) }
        }

        where:
        example << GraphSpec.EXAMPLES
    }

    def "#example: each veth is one cable from its namespace (or bridge) to its peer's, its names and addresses at its ends"() {
        given:
        Topology t = lab(example)
        Map g = layout(LabGraph.of(t, null).dot())
        def box = boxOf(g)
        def veths = t.links().findAll { it instanceof Veth }

        expect:
        veths.every { Veth v ->
            def ends = [v.attrs(), v.peer()]
            g.edges.count { e ->
                def labels = [e.taillabel ?: e.label, e.headlabel ?: e.label]*.split('\\\\n')*.getAt(0)
                def boxes = [box[e.tail], box[e.head]]
                [[0, 1], [1, 0]].any { i, j ->
                    labels[0] == ends[i].name() && labels[1] == ends[j].name()
                            && boxes[0] == title(ends[i].namespace()) && boxes[1] == title(ends[j].namespace())
                            && (e.taillabel == null || ends[i].addresses().every { a -> e.taillabel.contains(a.toString()) })
                }
            } == 1
        }
        // labels at the ends, never in the middle, except the port names at a star's hub
        g.edges.findAll { it.label && !(it.label in ['vxlan']) }.every { t.declaredNamespaces().size() > 8 }

        where:
        example << GraphSpec.EXAMPLES
    }

    def "namespaces whose names differ only in - _ . are three boxes, three nodes, in DOT and Mermaid"() {
        given:
        Topology t = new ScriptRunner().load('collide.netns.groovy', """
            namespace('a-b') { veth 'eth0' addr '10.0.0.1/24' peer 'eth0' netns 'a_b' addr '10.0.0.2/24' }
            namespace('a_b')
            namespace('a.b') { veth 'eth0' addr '10.0.1.1/24' peer 'eth1' netns 'a_b' addr '10.0.1.2/24' }
            """.stripIndent())
        def graph = LabGraph.of(t, null)
        Map g = layout(graph.dot())

        expect:
        g.objects.findAll { it.nodes }*.label.sort() == ['netns a-b', 'netns a.b', 'netns a_b']
        names(g).values().sort() == ['a-b', 'a.b', 'a_b']
        g.edges.size() == 2
        g.edges.collect { [g.objects[it.tail].label, g.objects[it.head].label] } as Set == [['a-b', 'a_b'], ['a.b', 'a_b']] as Set
        GraphSpec.pipe(['node', GraphSpec.MERMAID], graph.mermaid())[0] == 0
        graph.mermaid().readLines().count { it.contains('["a') } == 3
    }

    def "a router is marked and every namespace lists its routes"() {
        given:
        Map g = layout(LabGraph.of(lab('router'), null).dot())
        def byName = g.objects.findAll { !it.nodes }.collectEntries { [(it.label.split('\\\\n')[0]): it.label.split('\\\\n') as List] }

        expect:
        g.objects.findAll { it.nodes }*.label.sort() == ['host', 'netns left', 'netns r (router)', 'netns right']
        byName.r == ['r', 'router: forwarding on']
        byName.left == ['left', 'routes:', 'default via 10.1.0.1']
        byName.right == ['right', 'routes:', 'default via 10.2.0.1']
    }

    def "a chain is laid out as a chain: left to right in one row"() {
        given:
        Topology t = new ScriptRunner().load('chain.netns.groovy', """
            namespace('a') { veth 'eth0' addr '10.0.1.1/24' peer 'eth0' netns 'r1' addr '10.0.1.2/24' }
            namespace('r1') { veth 'eth1' addr '10.0.2.1/24' peer 'eth0' netns 'r2' addr '10.0.2.2/24' }
            namespace('r2') { veth 'eth1' addr '10.0.3.1/24' peer 'eth0' netns 'b' addr '10.0.3.2/24' }
            namespace('b')
            """.stripIndent())
        Map g = layout(LabGraph.of(t, null).dot())
        def pos = g.objects.findAll { !it.nodes }.collectEntries { [(it.label.split('\\\\n')[0]): it.pos.split(',')*.toDouble()] }
        def (x0, y0, width, height) = g.bb.split(',')*.toDouble()

        expect:
        pos.a[0] < pos.r1[0] && pos.r1[0] < pos.r2[0] && pos.r2[0] < pos.b[0]
        ['r1', 'r2', 'b'].every { Math.abs(pos[it][1] - pos.a[1]) < 1 }
        width > 3 * height
    }

    def "a star of 50 is about as wide as tall, not one column of 50"() {
        given:
        Map g = layout(LabGraph.of(lab('star'), null).dot())
        def (x0, y0, width, height) = g.bb.split(',')*.toDouble()

        expect:
        g.objects.count { it.nodes } == 51
        Math.max(width, height) / Math.min(width, height) < 2
        height < 3000
    }
}
