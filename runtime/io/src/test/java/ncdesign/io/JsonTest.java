package ncdesign.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON record format (what summary.json, metrics.jsonl and the tests rely on) and reading it back. */
class JsonTest {

    enum Kind { A_KIND }

    record Point(int x) {
    }

    @Test
    void doublesNineSignificantDigitsIntegralWithPointZeroNonFiniteAsNull() {
        assertThat(Json.write(3.0)).isEqualTo("3.0");
        assertThat(Json.write(-2.0)).isEqualTo("-2.0");
        assertThat(Json.write(0.0)).isEqualTo("0.0");
        assertThat(Json.write(1e15)).isEqualTo("1.00000000e+15".replaceAll("0+e", "e").replace(".e", ".0e"));
        assertThat(Json.write(0.1)).isEqualTo("0.100000000".replaceAll("0+$", ""));
        assertThat(Json.write(Math.PI)).isEqualTo("3.14159265");
        assertThat(Json.write(1.0 / 3)).isEqualTo("0.333333333");
        assertThat(Json.write(1.5e-5)).isEqualTo("1.5e-05");
        assertThat(Json.write(2.5f)).isEqualTo("2.5");
        assertThat(Json.write(Double.NaN)).isEqualTo("null");
        assertThat(Json.write(Double.POSITIVE_INFINITY)).isEqualTo("null");
        assertThat(Json.write(Float.NEGATIVE_INFINITY)).isEqualTo("null");
        assertThat(Json.write(new double[] {1, Double.NaN, 0.25})).isEqualTo("[1.0,null,0.25]");
        assertThat(Json.write(7)).isEqualTo("7");
        assertThat(Json.write(7L)).isEqualTo("7");
        assertThat(Json.write(true)).isEqualTo("true");
        assertThat(Json.write(null)).isEqualTo("null");
    }

    @Test
    void compactInsertionOrderedNestedMapsAndLists() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", 1);
        m.put("alpha", List.of(1.0, "x", Map.of("k", Double.NaN)));
        m.put("mid", null);
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", List.of());
        inner.put("a", Map.of());
        m.put("inner", inner);
        m.put("kind", Kind.A_KIND);
        m.put("point", new Point(3));
        m.put("path", Path.of("runs", "a"));
        assertThat(Json.write(m)).isEqualTo("{\"zeta\":1,\"alpha\":[1.0,\"x\",{\"k\":null}],\"mid\":null,"
                + "\"inner\":{\"b\":[],\"a\":{}},\"kind\":\"A_KIND\",\"point\":\"Point[x=3]\",\"path\":\"runs/a\"}"
                        .replace("runs/a", Path.of("runs", "a").toString()));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(Json.write("a\"b\\c\nd\re\tf\u0001g\u001fh/é€"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh/é€\"");
        assertThat(Json.write("\b\f")).isEqualTo("\"\\u0008\\u000c\"");
        assertThat(Json.write(Map.of("k\"ey", 1))).isEqualTo("{\"k\\\"ey\":1}");
    }

    @Test
    void bytesAreThoseOfTheFormerWriter() {
        Random r = new Random(42);
        for (int i = 0; i < 2000; i++) {
            Object v = random(r, 3);
            assertThat(Json.write(v)).as("value %s", v).isEqualTo(LegacyJson.write(v));
        }
        double[] specials = {0.0, -0.0, 1e-300, 1e300, 123456789.123, 999999999.5, 1e14 + 0.5, 1e15, 1e16, -1e15,
            Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2, 1e-5, 1e-4, 123456.7891};
        for (double d : specials) {
            assertThat(Json.write(d)).as("%s", d).isEqualTo(LegacyJson.write(d));
            assertThat(Json.write((float) d)).as("%sf", d).isEqualTo(LegacyJson.write((float) d));
        }
    }

    @Test
    void roundTrips(@TempDir Path tmp) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", 3);
        m.put("step", 12345678901L);
        m.put("big", new BigInteger("123456789012345678901234567890"));
        m.put("acc", 0.987654321);
        m.put("nan", Double.NaN);
        m.put("flag", false);
        m.put("names", List.of("a", "b\"c"));
        m.put("nested", Map.of("x", List.of(1.0, 2.5)));
        String text = Json.write(m);
        Map<String, Object> back = Json.readMap(text);
        assertThat(back.keySet()).containsExactly("epoch", "step", "big", "acc", "nan", "flag", "names", "nested");
        assertThat(back.get("epoch")).isEqualTo(3);
        assertThat(back.get("step")).isEqualTo(12345678901L);
        assertThat(back.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(back.get("acc")).isEqualTo(0.987654321);
        assertThat(back).containsEntry("nan", null);
        assertThat(back.get("flag")).isEqualTo(false);
        assertThat(back.get("names")).isEqualTo(List.of("a", "b\"c"));
        assertThat(back.get("nested")).isEqualTo(Map.of("x", List.of(1.0, 2.5)));
        assertThat(Json.write(back)).isEqualTo(text.replace("\"nan\":null", "\"nan\":null"));
        assertThat(Json.read("[1,2.0,\"x\",null]")).isEqualTo(Arrays.asList(1, 2.0, "x", null));

        Path f = tmp.resolve("summary.json");
        AtomicFiles.writeString(f, text + "\n");
        assertThat(Json.readMap(f)).isEqualTo(back);
        Path lines = tmp.resolve("metrics.jsonl");
        Files.writeString(lines, Json.write(Map.of("epoch", 1)) + "\n" + Json.write(Map.of("epoch", 2)) + "\n\n");
        assertThat(Json.readLines(lines)).containsExactly(Map.of("epoch", 1), Map.of("epoch", 2));
    }

    private static Object random(Random r, int depth) {
        int kind = r.nextInt(depth > 0 ? 9 : 6);
        return switch (kind) {
            case 0 -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20) * (r.nextBoolean() ? 1 : -1);
            case 1 -> (double) (r.nextInt(2000) - 1000);
            case 2 -> r.nextFloat() * 100;
            case 3 -> r.nextInt();
            case 4 -> randomString(r);
            case 5 -> r.nextBoolean() ? Boolean.TRUE : r.nextBoolean() ? null : Double.NaN;
            case 6 -> {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    l.add(random(r, depth - 1));
                }
                yield l;
            }
            case 7 -> {
                double[] a = new double[r.nextInt(4)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = r.nextInt(5) == 0 ? Double.POSITIVE_INFINITY : r.nextGaussian();
                }
                yield a;
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    m.put(randomString(r), random(r, depth - 1));
                }
                yield m;
            }
        };
    }

    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(6); i > 0; i--) {
            sb.append((char) (r.nextInt(4) == 0 ? r.nextInt(0x30) : 0x20 + r.nextInt(0x2000)));
        }
        return sb.toString();
    }
}
