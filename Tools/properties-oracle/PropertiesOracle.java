// The reference for PropertiesParser: what java.util.Properties makes of a properties file.
//
//   java Tools/properties-oracle/PropertiesOracle.java FILE...         prints each file's result
//   java Tools/properties-oracle/PropertiesOracle.java --out DIR FILE... writes DIR/NAME.expected
//
// Output, one JSON object per line, keys sorted (String.compareTo), every character outside
// printable ASCII written as a JSON unicode escape (backslash, u, four hex digits):
//   {"key":"a","value":"b"}
// or, when the file is refused, a single line {"error":"KIND"} with KIND one of
// invalid-utf8, malformed-unicode-escape, unpaired-surrogate.
//
// The file is read the way our parser reads it, which is where it differs from a bare
// Properties.load(InputStream) (that one decodes ISO-8859-1):
//   - the bytes are decoded as UTF-8 with errors REPORTED (a plain InputStreamReader would
//     replace them silently), after dropping one leading byte order mark (EF BB BF), which
//     Java's UTF-8 decoder would otherwise keep as U+FEFF at the start of the first key;
//   - the decoded text goes through Properties.load(Reader), unchanged JDK code;
//   - an entry whose key or value holds half of a surrogate pair is refused (a Java String can
//     hold one, a Swift String cannot), even when a later duplicate replaces it.
import java.io.*;
import java.nio.ByteBuffer;
import java.nio.charset.*;
import java.nio.file.*;
import java.util.*;

public class PropertiesOracle {
    public static void main(String[] args) throws IOException {
        Path outDir = null;
        List<String> files = new ArrayList<>(Arrays.asList(args));
        if (!files.isEmpty() && files.get(0).equals("--out")) {
            outDir = Paths.get(files.get(1));
            files = files.subList(2, files.size());
        }
        for (String file : files) {
            String result = run(Files.readAllBytes(Paths.get(file)));
            if (outDir == null) {
                System.out.print(result);
            } else {
                String name = Paths.get(file).getFileName().toString().replaceFirst("\\.properties$", "");
                Files.write(outDir.resolve(name + ".expected"), result.getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    static String run(byte[] bytes) throws IOException {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                .toString();
        } catch (CharacterCodingException e) {
            return "{\"error\":\"invalid-utf8\"}\n";
        }
        // load() calls put() once per entry, so every entry is seen, also those a later duplicate replaces.
        boolean[] unpaired = {false};
        Properties properties = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                unpaired[0] |= hasUnpairedSurrogate((String) key) || hasUnpairedSurrogate((String) value);
                return super.put(key, value);
            }
        };
        try {
            properties.load(new StringReader(text));
        } catch (IllegalArgumentException e) {
            // Our parser stops at the first problem: an unpaired surrogate in an earlier entry.
            return unpaired[0] ? "{\"error\":\"unpaired-surrogate\"}\n" : "{\"error\":\"malformed-unicode-escape\"}\n";
        }
        if (unpaired[0]) {
            return "{\"error\":\"unpaired-surrogate\"}\n";
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            sorted.put(key, properties.getProperty(key));
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> entry : sorted.entrySet()) {
            out.append("{\"key\":").append(json(entry.getKey()))
               .append(",\"value\":").append(json(entry.getValue())).append("}\n");
        }
        return out.toString();
    }

    static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
