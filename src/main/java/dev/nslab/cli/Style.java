package dev.nslab.cli;

import dev.nslab.sys.Environment;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.util.regex.Pattern;

/**
 * How text output looks: {@code --color=auto|always|never} (declared once, on the top command,
 * inherited by every subcommand) beside {@code NO_COLOR}, and box-drawing characters only where the
 * locale can show them.
 */
final class Style {
    enum When { auto, always, never }

    private static final Pattern UTF8 = Pattern.compile("(?i).*\\.utf-?8(@.*)?");

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto", scope = ScopeType.INHERIT,
            description = "Colour the output: auto (in a terminal, unless NO_COLOR is set), always or never (default: ${DEFAULT-VALUE}).")
    When when = When.auto;

    /** The style of the command line {@code spec} belongs to (its top command holds the option). */
    static Style of(CommandSpec spec) {
        return spec.root().userObject() instanceof Main main ? main.style : new Style();
    }

    /** Whether to write colour codes: --color, else a terminal without NO_COLOR (https://no-color.org). */
    boolean colour() {
        return switch (when) {
            case always -> true;
            case never -> false;
            case auto -> Environment.terminal() && (Environment.get("NO_COLOR") == null || Environment.get("NO_COLOR").isEmpty());
        };
    }

    /**
     * Whether the locale's character set is UTF-8 (LC_ALL, else LC_CTYPE, else LANG, as setlocale(3)
     * decides; none set is the C locale, ASCII): otherwise trees are drawn with ASCII.
     */
    static boolean unicode() {
        for (String name : new String[]{"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = Environment.get(name);
            if (value != null && !value.isEmpty()) {
                return UTF8.matcher(value).matches();
            }
        }
        return false;
    }

    /** The four pieces of a tree: a branch, the last branch, a line going on, and nothing going on. */
    record Tree(String branch, String last, String through, String blank) {
        static final Tree UNICODE = new Tree("\u251c\u2500 ", "\u2514\u2500 ", "\u2502  ", "   ");
        static final Tree ASCII = new Tree("|- ", "`- ", "|  ", "   ");

        static Tree forLocale() {
            return unicode() ? UNICODE : ASCII;
        }
    }
}
