// Run by gmavenplus before the resources are copied (pom.xml, execution git-commit): records the
// commit this tree is at, and whether tracked files differ from it, as the properties
// nslab.git.commit and nslab.git.dirty, which version.properties takes in for `nslab --version`.
// A tree that is not a git work tree of its own (a source archive, even one unpacked inside
// another repository), or a machine without git, records no commit: --version then says so.
String git(String... args) {
    try {
        def p = (['git', '-C', project.basedir.path] + args.toList()).execute()
        def out = new StringBuilder()
        p.consumeProcessOutput(out, new StringBuilder())
        return p.waitFor() == 0 ? out.toString().trim() : null
    } catch (IOException noGit) {
        return null
    }
}

String top = git('rev-parse', '--show-toplevel')
boolean own = top != null && new File(top).canonicalPath == project.basedir.canonicalPath
String commit = own ? git('rev-parse', '--short=12', 'HEAD') : null
String changes = commit == null ? null : git('status', '--porcelain', '--untracked-files=no')
project.properties['nslab.git.commit'] = commit ?: ''
project.properties['nslab.git.dirty'] = changes ? 'true' : 'false'
log.info(commit == null ? 'not a git work tree: no commit recorded' : "commit ${commit}${changes ? ' with uncommitted changes' : ''}")
