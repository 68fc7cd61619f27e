package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.MalformedCredentialsException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites one profile's properties in the text of an AWS shared credentials file, leaving every other byte as it was.
 *
 * <p>The text is handled as ISO-8859-1 so that any byte sequence, valid UTF-8 or not, round-trips unchanged; the
 * structure of the file (brackets, {@code =}, line ends) is ASCII and the values written are ASCII.
 *
 * <p>Rules, in the order the SDKs read the file:
 * <ul>
 *   <li>The profile is the section headed {@code [NAME]} (spaces inside the brackets ignored). A {@code [profile NAME]}
 *       section is a different section: the SDKs ignore that form in the credentials file, so it is left alone.</li>
 *   <li>Each property is written into the first {@code [NAME]} section: an existing line is replaced in place (with any
 *       continuation lines that follow it), a missing one is added after the section's last property.</li>
 *   <li>The same properties are removed from later duplicate {@code [NAME]} sections, because the SDKs merge duplicates
 *       and a later stale value would otherwise win. Their other properties stay.</li>
 *   <li>When the profile is absent a new section is appended, after a blank line.</li>
 *   <li>New lines use the file's own line ending ({@code \r\n} if its first line ends so, else {@code \n}).</li>
 * </ul>
 */
public final class CredentialsFileEditor {

    private CredentialsFileEditor() {
    }

    /**
     * Returns {@code original} with {@code properties} set in the profile {@code profile}.
     *
     * @param original   the current file content (ISO-8859-1 view of its bytes); empty for a new file
     * @param profile    the profile name, without brackets
     * @param properties property names and ASCII values, written in this order when added
     * @throws MalformedCredentialsException when a name or value holds a line break or another control character,
     *                                       which would end the line and start another in the file
     */
    public static String update(String original, String profile, Map<String, String> properties) {
        String name = checkProfileName(profile);
        checkProperties(properties);
        List<Line> lines = Line.split(original);
        String eol = lineEnding(lines);

        int first = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (name.equals(lines.get(i).sectionName())) {
                first = i;
                break;
            }
        }
        List<String> out = new ArrayList<>(lines.size() + properties.size() + 2);
        if (first < 0) {
            for (Line line : lines) {
                out.add(line.text());
            }
            appendSection(out, original, name, properties, eol);
            return String.join("", out);
        }

        Map<String, String> pending = new LinkedHashMap<>(properties);
        String currentSection = null;
        boolean inFirst = false;
        int lastPropertyIndex = -1;
        boolean skippingContinuation = false;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String section = line.sectionName();
            if (section != null) {
                if (inFirst) {
                    insertPending(out, lastPropertyIndex, pending, eol);
                }
                currentSection = section;
                inFirst = i == first;
                skippingContinuation = false;
                out.add(line.text());
                if (inFirst) {
                    lastPropertyIndex = out.size() - 1;
                }
                continue;
            }
            if (skippingContinuation && line.isContinuation()) {
                continue;
            }
            if (!line.isBlankOrComment()) {
                // The SDKs skip blank and comment lines inside a value: an indented line after them still continues it.
                skippingContinuation = false;
            }
            String key = line.propertyName();
            boolean ourProfile = name.equals(currentSection);
            if (ourProfile && key != null && properties.containsKey(key)) {
                skippingContinuation = true;
                if (inFirst && pending.containsKey(key)) {
                    out.add(key + " = " + pending.remove(key) + line.ending(""));
                    lastPropertyIndex = out.size() - 1;
                }
                // A repeated key in the first section, or any of ours in a later duplicate section, is dropped.
                continue;
            }
            out.add(line.text());
            // New properties go after any indented line too: placed before one, they would take it as their own.
            if (inFirst && (key != null || line.isContinuation())) {
                lastPropertyIndex = out.size() - 1;
            }
        }
        if (inFirst) {
            insertPending(out, lastPropertyIndex, pending, eol);
        }
        return String.join("", out);
    }

    private static String checkProfileName(String profile) {
        if (profile == null || profile.trim().isEmpty()) {
            throw new ConfigurationException("The profile name is empty; pass --profile NAME (for example --profile default)");
        }
        String name = profile.trim();
        if (name.startsWith("profile ") || name.startsWith("profile\t")) {
            throw new ConfigurationException("Profile names in the credentials file take no 'profile ' prefix; pass --profile "
                    + name.substring("profile".length()).trim());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '[' || c == ']' || c == '\r' || c == '\n' || c == '#' || c == ';') {
                throw new ConfigurationException("The profile name contains '" + (c == '\r' || c == '\n' ? "a line break" : c)
                        + "', which cannot appear in a credentials file section name; choose a name without it");
            }
        }
        // The file is handled byte for byte as ISO-8859-1; the name must be compared in the same form.
        return new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /**
     * Refuses what would not stay on its own line. The values come from a network response: core checks them already,
     * but this is the last step before a line of text becomes something the AWS SDKs act on (a
     * {@code credential_process} line runs a program), so it checks again, on its own terms.
     */
    private static void checkProperties(Map<String, String> properties) {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String key = property.getKey();
            if (isUnsafe(key) || key.isEmpty() || key.indexOf('=') >= 0) {
                throw new MalformedCredentialsException(key, "A credentials file property name must be one line "
                        + "without '=' and control characters; nothing was written");
            }
            if (property.getValue() == null || isUnsafe(property.getValue())) {
                // The value is never quoted: it is a secret, and its control characters would garble the message.
                throw new MalformedCredentialsException(key, "The value for " + key + " is missing or holds a line "
                        + "break or another control character, so it cannot be written as one line of the "
                        + "credentials file; nothing was written");
            }
        }
    }

    private static boolean isUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    private static void insertPending(List<String> out, int afterIndex, Map<String, String> pending, String eol) {
        if (pending.isEmpty()) {
            return;
        }
        String previous = out.get(afterIndex);
        if (!endsWithNewline(previous)) {
            out.set(afterIndex, previous + eol);
        }
        List<String> added = new ArrayList<>();
        for (Map.Entry<String, String> e : pending.entrySet()) {
            added.add(e.getKey() + " = " + e.getValue() + eol);
        }
        out.addAll(afterIndex + 1, added);
        pending.clear();
    }

    private static void appendSection(List<String> out, String original, String name, Map<String, String> properties,
            String eol) {
        StringBuilder section = new StringBuilder();
        if (!original.isEmpty()) {
            if (!endsWithNewline(original)) {
                section.append(eol);
            }
            if (!original.endsWith(eol + eol) && !original.equals(eol)) {
                section.append(eol);
            }
        }
        section.append('[').append(name).append(']').append(eol);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            section.append(e.getKey()).append(" = ").append(e.getValue()).append(eol);
        }
        out.add(section.toString());
    }

    private static boolean endsWithNewline(String s) {
        return s.endsWith("\n") || s.endsWith("\r");
    }

    private static String lineEnding(List<Line> lines) {
        for (Line line : lines) {
            if (line.text().endsWith("\r\n")) {
                return "\r\n";
            }
            if (line.text().endsWith("\n")) {
                return "\n";
            }
        }
        return "\n";
    }

    /** One physical line with its own terminator (none for a last line without one). */
    private static final class Line {
        private final String text;

        private Line(String text) {
            this.text = text;
        }

        static List<Line> split(String s) {
            List<Line> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == '\n') {
                    lines.add(new Line(s.substring(start, i + 1)));
                    start = i + 1;
                }
            }
            if (start < s.length()) {
                lines.add(new Line(s.substring(start)));
            }
            return lines;
        }

        String text() {
            return text;
        }

        String ending(String none) {
            if (text.endsWith("\r\n")) {
                return "\r\n";
            }
            if (text.endsWith("\n")) {
                return "\n";
            }
            return none;
        }

        private String content() {
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            return text.substring(0, end);
        }

        /**
         * The section name for a {@code [name]} header, else null. Read as the SDKs read it: the line starts with
         * {@code [} (nothing before it, not even a blank), everything from the first {@code #} or {@code ;} is a
         * comment, and the rest ends in {@code ]}. A looser reading would write into a line such as {@code [a][b]} or
         * {@code  [a]} that the SDKs do not take for a header, and the new credentials would never be found.
         */
        String sectionName() {
            String c = content();
            if (!c.startsWith("[")) {
                return null;
            }
            for (int i = 0; i < c.length(); i++) {
                if (c.charAt(i) == '#' || c.charAt(i) == ';') {
                    c = c.substring(0, i);
                    break;
                }
            }
            c = c.trim();
            if (c.length() < 2 || !c.startsWith("[") || !c.endsWith("]")) {
                return null;
            }
            return c.substring(1, c.length() - 1).trim();
        }

        /** The property name of a {@code name = value} line, else null (comments, blanks, continuations). */
        String propertyName() {
            String c = content();
            if (c.isEmpty() || isBlank(c.charAt(0)) || isBlankOrComment()) {
                return null;
            }
            String t = c.trim();
            int eq = t.indexOf('=');
            return eq <= 0 ? null : t.substring(0, eq).trim();
        }

        /**
         * An indented non-blank line continues the property above it. As in the SDKs, only a space or tab indents
         * and only spaces and tabs make a line blank; other control characters are content.
         */
        boolean isContinuation() {
            String c = content();
            return !c.isEmpty() && isBlank(c.charAt(0)) && !isBlankOrComment();
        }

        /** A line the SDKs skip: only spaces and tabs, or a comment starting in the first column. */
        boolean isBlankOrComment() {
            String c = content();
            if (c.startsWith("#") || c.startsWith(";")) {
                return true;
            }
            for (int i = 0; i < c.length(); i++) {
                if (!isBlank(c.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }
    }
}
