package ncdesign.core.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;
import ncdesign.api.param.ParamSpec;

/**
 * A discovered plugin: its provider, its declarations as read (and checked) once at discovery, and where it came from.
 *
 * @param kind        loss, backbone, metric or evaluator
 * @param name        the provider's name
 * @param description one line
 * @param module      the JPMS module that provides it ("(class path)" for unnamed modules)
 * @param version     the module's version, or "-"
 * @param source      "module path" or the plugin jar's file name
 * @param provider    the provider itself
 * @param parameters  the provider's parameter declarations, read once at discovery
 * @param location    the jar (or folder) the module was loaded from, or null when unknown
 */
public record PluginInfo(
        PluginKind kind,
        String name,
        String description,
        String module,
        String version,
        String source,
        PluginProvider<?> provider,
        List<ParamSpec> parameters,
        Path location) {

    public PluginInfo {
        parameters = List.copyOf(parameters);
    }

    /** A plugin whose declarations are read from the provider now, with no known location (tests, fakes). */
    public PluginInfo(PluginKind kind, String name, String description, String module, String version, String source,
                      PluginProvider<?> provider) {
        this(kind, name, description, module, version, source, provider, provider.parameters(), null);
    }

    /** SHA-256 of the plugin's jar (hex), for provenance; null when it was not loaded from a jar file. */
    public String sha256() {
        if (location == null || !Files.isRegularFile(location)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(location)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }
}
