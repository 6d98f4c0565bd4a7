package dev.nslab.cli;

import java.util.List;

/**
 * A subcommand whose last words are another command and its arguments ({@code exec NS CMD...},
 * {@code sandbox FILE CMD...}): as {@code ip netns exec} does, option parsing stops at the first
 * positional word, so the command's own options ({@code ping -c1}) need no {@code --} before them.
 */
interface RunsACommand {
    /**
     * @return {@code words} without a {@code --} in front: picocli stops parsing options at the
     *         first positional word and keeps a {@code --} after it as a word, while
     *         {@code nslab exec NS -- CMD} is still how many people write it
     */
    static List<String> withoutSeparator(List<String> words) {
        return !words.isEmpty() && words.get(0).equals("--") ? words.subList(1, words.size()) : words;
    }
}
