// Run by gmavenplus at package time (pom.xml, execution package-tree), with nslab's classes and
// run-time libraries on the class path. Lays out in target/deb the files of the .deb besides the
// jar (jdeb packs them), from the command line's own model where there is one, so that the man
// pages, the completion and the systemd template say what `nslab --help` and `nslab unit` say:
//   usr/bin/nslab, usr/share/nslab/{launch.bash,nslab-client.c,examples/}   the launcher
//   usr/share/man/man1/nslab*.1.gz             picocli's ManPageGenerator -> AsciiDoc -> roff (Asciidoctor)
//   usr/share/bash-completion/completions/nslab, usr/share/zsh/vendor-completions/_nslab
//   usr/lib/systemd/system/nslab@.service      SystemdUnit.template
//   usr/lib/systemd/system/nslab-daemon.service SystemdUnit.daemonService
//   etc/iproute2/rt_protos.d/nslab.conf        the route protocol nslab tags its routes with
//   etc/nslab/                                 where the template's scripts go
//   usr/share/doc/nslab/copyright
import dev.nslab.cli.Main
import org.asciidoctor.Asciidoctor
import org.asciidoctor.Options
import org.asciidoctor.SafeMode
import picocli.AutoComplete
import picocli.codegen.docgen.manpage.ManPageGenerator

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.zip.Deflater
import java.util.zip.GZIPOutputStream

Path base = project.basedir.toPath()
Path target = Paths.get(project.build.directory)
Path root = target.resolve('deb')
root.toFile().deleteDir()

Path put(Path root, String path, String text) {
    Path file = root.resolve(path)
    Files.createDirectories(file.parent)
    Files.writeString(file, text)
    file
}

void copy(Path from, Path root, String path) {
    Path file = root.resolve(path)
    Files.createDirectories(file.parent)
    Files.copy(from, file)
}

/** gzip -9n: best compression, no name, no time stamp (the same page makes the same bytes) */
class MaxGzip extends GZIPOutputStream {
    MaxGzip(OutputStream out) {
        super(out)
        (this.'def' as Deflater).setLevel(Deflater.BEST_COMPRESSION)
    }
}

void gzip(Path from, Path to) {
    Files.createDirectories(to.parent)
    try (OutputStream gz = new MaxGzip(Files.newOutputStream(to))) {
        gz.write(Files.readAllBytes(from))
    }
}

def cl = Main.commandLine() // every subcommand

// the launcher: the same logic as ./nslab (src/main/sh/launch.bash), with the installed paths
copy(base.resolve('src/deb/nslab'), root, 'usr/bin/nslab')
copy(base.resolve('src/main/sh/launch.bash'), root, 'usr/share/nslab/launch.bash')
copy(base.resolve('src/main/c/nslab-client.c'), root, 'usr/share/nslab/nslab-client.c')
Files.list(base.resolve('dsl-examples')).sorted().each { Path f ->
    if (f.fileName.toString().endsWith('.netns.groovy')) {
        copy(f, root, "usr/share/nslab/examples/${f.fileName}")
    }
}
Files.list(base.resolve('dsl-examples/teaching')).sorted().each { Path f -> // the labs for teachers, and their README
    copy(f, root, "usr/share/nslab/examples/teaching/${f.fileName}")
}

// man pages: AsciiDoc from picocli's model of the commands, roff from Asciidoctor. Asciidoctor
// runs on JRuby, whose start costs 15-20 s of CPU: it runs again only when the AsciiDoc changed.
Path adoc = target.resolve('man/adoc')
Path roff = target.resolve('man/roff')
adoc.toFile().deleteDir()
Files.createDirectories(adoc)
if (ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, cl.commandSpec) != 0) {
    throw new IllegalStateException('picocli ManPageGenerator failed')
}
List<Path> sources = Files.list(adoc).sorted().toList()
Path madeFrom = roff.resolve('.made-from')
String digest = java.security.MessageDigest.getInstance('SHA-256').with { md ->
    sources.each { md.update(it.fileName.toString().bytes); md.update(Files.readAllBytes(it)) }
    md.digest().encodeHex().toString()
}
if (!Files.exists(madeFrom) || Files.readString(madeFrom) != digest) {
    roff.toFile().deleteDir()
    Files.createDirectories(roff)
    Asciidoctor asciidoctor = Asciidoctor.Factory.create()
    try {
        sources.each { Path page ->
            asciidoctor.convertFile(page.toFile(), Options.builder().backend('manpage').safe(SafeMode.UNSAFE)
                    .toDir(roff.toFile()).mkDirs(true).build())
        }
    } finally {
        asciidoctor.shutdown()
    }
    Files.writeString(madeFrom, digest)
}
List<Path> pages = Files.list(roff).filter { it.fileName.toString().endsWith('.1') }.sorted().toList()
if (pages.size() != sources.size()) {
    throw new IllegalStateException("Asciidoctor made ${pages.size()} man pages of ${sources.size()}")
}
pages.each { Path page -> gzip(page, root.resolve("usr/share/man/man1/${page.fileName}.gz")) }

// completion: picocli's bash script; zsh runs the same through its bashcompinit
String bash = AutoComplete.bash('nslab', cl)
put(root, 'usr/share/bash-completion/completions/nslab', bash)
put(root, 'usr/share/zsh/vendor-completions/_nslab', '''\
#compdef nslab
# zsh completion for nslab: picocli's bash completion, run through zsh's bashcompinit. Sourced,
# not inlined: its aliases must be defined before its functions are read.
autoload -U +X bashcompinit && bashcompinit
source /usr/share/bash-completion/completions/nslab
_bash_complete -F _complete_nslab -o default "$@"
''')

put(root, 'usr/lib/systemd/system/nslab@.service', dev.nslab.cli.SystemdUnit.template(['/usr/bin/nslab']))
put(root, 'usr/lib/systemd/system/nslab-daemon.service', dev.nslab.cli.SystemdUnit.daemonService(['/usr/bin/nslab']))
put(root, 'etc/iproute2/rt_protos.d/nslab.conf',
        "# nslab tags the routes it makes with this protocol number: ip route shows them as proto nslab\n"
                + "${dev.nslab.netlink.Requests.ROUTE_PROTOCOL}\tnslab\n")
Files.createDirectories(root.resolve('etc/nslab'))
put(root, 'usr/share/doc/nslab/copyright', Files.readString(base.resolve('src/deb/copyright')))
log.info("target/deb: launcher, ${pages.size()} man pages, bash and zsh completion, nslab@.service, rt_protos.d/nslab.conf")
