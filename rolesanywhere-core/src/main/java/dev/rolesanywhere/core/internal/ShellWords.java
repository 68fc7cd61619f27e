package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way a POSIX shell would for the simple lines found in AWS config files:
 * blanks separate words, single quotes keep everything literally, double quotes keep blanks and honour {@code \"}
 * and {@code \\}. Outside quotes a backslash escapes only a blank, a quote or another backslash and is otherwise kept,
 * so Windows paths such as {@code C:\certs\leaf.pem} survive unquoted. No expansion of variables, globs or {@code ~}:
 * nothing is executed.
 */
public final class ShellWords {
    private ShellWords() {
    }

    public static List<String> split(String line, String source) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unterminated('\'', source);
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = readDoubleQuoted(line, i + 1, word, source);
                inWord = true;
            } else if (c == '\\' && i + 1 < n && isEscapable(line.charAt(i + 1))) {
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static int readDoubleQuoted(String line, int start, StringBuilder word, String source) {
        int i = start;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw unterminated('"', source);
    }

    private static boolean isEscapable(char c) {
        return Character.isWhitespace(c) || c == '\'' || c == '"' || c == '\\';
    }

    private static ConfigurationException unterminated(char quote, String source) {
        return new ConfigurationException("Unterminated " + quote + " quote in " + source
                + ": close the quote, or escape a literal quote with a backslash");
    }
}
