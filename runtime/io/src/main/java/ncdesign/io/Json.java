package ncdesign.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.module.SimpleSerializers;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.type.ArrayType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON for run records, on Jackson: the one place that writes and reads the JSON files of a run ({@code summary.json},
 * {@code metrics.jsonl}, ...).
 *
 * <p>Written JSON is compact, with map keys in insertion order; doubles and floats are written with up to 9
 * significant digits ({@code 0.123456789}, {@code 1.0e-05}), integral ones as {@code 3.0}, NaN and ±Infinity as
 * {@code null}; {@code double[]} as a list of such numbers; any value that is not a map, list, string, number or
 * boolean as its {@code toString()}. Read JSON gives maps (insertion-ordered), lists, strings, {@code Integer}/{@code
 * Long}/{@code BigInteger}, {@code Double}, booleans and null.
 */
public final class Json {
    private static final ObjectMapper MAPPER = mapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private Json() {
    }

    /** {@code o} as compact JSON text. */
    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses one JSON value (object, array, string, number, boolean or null). */
    public static Object read(String json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses one JSON object (a map in the file's key order). */
    public static Map<String, Object> readMap(String json) {
        try {
            return MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a file holding one JSON object; a file that is empty, truncated, not JSON or not an object fails with a
     * {@link JsonFileException} naming the file and the line.
     */
    public static Map<String, Object> readMap(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return parseObject(text);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw malformed(file, e instanceof JsonProcessingException jp && jp.getLocation() != null
                    ? Math.max(1, jp.getLocation().getLineNr()) : 1, e);
        }
    }

    /** Reads a JSON-lines file: one object per non-blank line; a line that does not parse fails as {@link JsonLines#read}. */
    public static List<Map<String, Object>> readLines(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.read(file)) {
            out.add(line.value());
        }
        return out;
    }

    /** One JSON object; {@code null} or another kind of value is an {@link IllegalArgumentException}. */
    static Map<String, Object> parseObject(String text) throws JsonProcessingException {
        Map<String, Object> m = MAPPER.readValue(text, MAP);
        if (m == null) {
            throw new IllegalArgumentException("null where a JSON object was expected");
        }
        return m;
    }

    /** The error for line {@code line} of {@code file}, which did not parse as a JSON object. */
    static JsonFileException malformed(Path file, int line, Exception e) {
        String reason = e instanceof JsonProcessingException jp ? jp.getOriginalMessage() : e.getMessage();
        reason = String.valueOf(reason).lines().findFirst().orElse("").replaceAll(" \\(start marker at .*", "").trim();
        if (reason.startsWith("No content to map")) {
            return new JsonFileException(file, line, "empty where a JSON object was expected; the file is truncated or corrupt", e);
        }
        return new JsonFileException(file, line, "not a valid JSON object (" + reason + "); the file is truncated or corrupt", e);
    }

    /** Convenience for tests and callers: a list view of varargs. */
    public static List<Object> list(Object... items) {
        return List.of(items);
    }

    private static ObjectMapper mapper() {
        SimpleModule m = new SimpleModule("ncdesign-json");
        m.setSerializers(new RecordSerializers());
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS); // "{...}{" or "{...} x" is not one value
        mapper.registerModule(m);
        mapper.getFactory().setCharacterEscapes(new Escapes());
        mapper.getSerializerProvider().setNullKeySerializer(new NullKey());
        return mapper;
    }

    /** A double as text: 9 significant digits, integral as {@code 3.0}; {@code null} for NaN and ±Infinity. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return null;
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return (long) d + ".0";
        }
        return String.format(Locale.ROOT, "%.9g", d).replaceAll("0+(e|$)", "$1").replaceAll("\\.(e|$)", ".0$1");
    }

    private static void writeDouble(double d, JsonGenerator gen) throws IOException {
        String s = number(d);
        if (s == null) {
            gen.writeNull();
        } else {
            gen.writeNumber(s);
        }
    }

    /** Doubles and floats in the record format, {@code double[]} as lists of them, anything unknown as its text. */
    private static final class RecordSerializers extends SimpleSerializers {
        private static final long serialVersionUID = 1L;

        @Override
        public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription beanDesc) {
            Class<?> c = type.getRawClass();
            if (c == Double.class || c == Float.class || c == double.class || c == float.class) {
                return DoubleSerializer.INSTANCE;
            }
            if (Number.class.isAssignableFrom(c) || c.isPrimitive() || c == Boolean.class || CharSequence.class.isAssignableFrom(c)
                    || c == Object.class || Map.class.isAssignableFrom(c) || Iterable.class.isAssignableFrom(c) && !Path.class.isAssignableFrom(c)
                    || c.isArray()) {
                return null; // Jackson's own
            }
            return ToStringSerializer.instance;
        }

        @Override
        public JsonSerializer<?> findArraySerializer(SerializationConfig config, ArrayType type, BeanDescription beanDesc,
                TypeSerializer elementTypeSerializer, JsonSerializer<Object> elementValueSerializer) {
            return type.getRawClass() == double[].class ? DoubleArraySerializer.INSTANCE : null;
        }
    }

    private static final class DoubleSerializer extends StdSerializer<Number> {
        private static final long serialVersionUID = 1L;
        static final DoubleSerializer INSTANCE = new DoubleSerializer();

        private DoubleSerializer() {
            super(Number.class);
        }

        @Override
        public void serialize(Number value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            writeDouble(value.doubleValue(), gen);
        }
    }

    private static final class DoubleArraySerializer extends StdSerializer<double[]> {
        private static final long serialVersionUID = 1L;
        static final DoubleArraySerializer INSTANCE = new DoubleArraySerializer();

        private DoubleArraySerializer() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartArray(value, value.length);
            for (double d : value) {
                writeDouble(d, gen);
            }
            gen.writeEndArray();
        }
    }

    /** A {@code null} map key as {@code "null"}, as {@code String.valueOf} would. */
    private static final class NullKey extends StdSerializer<Object> {
        private static final long serialVersionUID = 1L;

        NullKey() {
            super(Object.class);
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeFieldName("null");
        }
    }

    /** Control characters other than newline, return and tab as a lower-case 4-digit unicode escape, as the record files always had. */
    private static final class Escapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] codes;

        Escapes() {
            codes = standardAsciiEscapesForJSON();
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    codes[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return codes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch < 0x20 ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch)) : null; // others as they are
        }
    }
}
