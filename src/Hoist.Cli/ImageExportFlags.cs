using System.Globalization;
using Hoist.Archives;
using Hoist.Building.Engine;
using Hoist.Formats;

namespace Hoist.Cli;

/// <summary>
/// buildx's image output options, read from every <c>-o</c> (<c>compression=</c>, <c>compression-level=</c>,
/// <c>force-compression=</c>, <c>oci-mediatypes=</c>, <c>annotation[-TYPE].KEY=</c>) and from <c>--annotation</c>.
/// The outputs share the build's layers, so two outputs asking for different formats are an error.
/// </summary>
public static class ImageExportFlags
{
    private static readonly string[] FormatKeys = ["compression", "compression-level", "force-compression", "oci-mediatypes"];

    public static ImageExportFormat Read(IReadOnlyList<BuildOutput> outputs, IReadOnlyList<string> annotationFlags, bool multiPlatform)
    {
        var formats = outputs.Select(o => FormatKeys.Where(o.Attributes.ContainsKey).Select(k => $"{k}={o.Attributes[k]}"))
            .Select(f => string.Join(',', f)).Where(f => f.Length > 0).Distinct().ToList();
        if (formats.Count > 1) throw new HoistException($"--output: the outputs ask for different layer formats ({string.Join(" and ", formats)}): they share the build's layers");
        var attributes = outputs.FirstOrDefault(o => FormatKeys.Any(o.Attributes.ContainsKey))?.Attributes ?? new Dictionary<string, string>();
        var compression = attributes.TryGetValue("compression", out var name) ? Compression(name) : LayerCompression.Gzip;
        if (attributes.TryGetValue("force-compression", out var force) && Boolean("force-compression", force))
        {
            throw new HoistException("--output force-compression=true is not supported yet: layers that exist already (base images, cache hits) "
                + "keep their compression; only the layers the build writes follow compression=");
        }
        var annotations = Annotations([.. annotationFlags.Select(a => ("--annotation", a)), .. outputs.SelectMany(OutputAnnotations)], multiPlatform);
        return new ImageExportFormat
        {
            Compression = compression,
            CompressionLevel = attributes.TryGetValue("compression-level", out var level) ? Level(compression, level) : null,
            // As BuildKit: zstd layers only exist under OCI media types, so they turn them on.
            OciMediaTypes = compression == LayerCompression.Zstd
                || !attributes.TryGetValue("oci-mediatypes", out var oci) || Boolean("oci-mediatypes", oci),
            Annotations = annotations,
        };
    }

    private static LayerCompression Compression(string name) => name switch
    {
        "gzip" => LayerCompression.Gzip,
        "zstd" => LayerCompression.Zstd,
        "uncompressed" => LayerCompression.None,
        "estargz" => throw new HoistException("--output compression=estargz is not supported (gzip, zstd or uncompressed)"),
        _ => throw new HoistException($"--output: unsupported compression type {name} (gzip, zstd or uncompressed)"),
    };

    /// <summary>BuildKit's ranges: gzip 0-9, zstd 0-22 (0 is the default level).</summary>
    private static int? Level(LayerCompression compression, string text)
    {
        var most = compression == LayerCompression.Zstd ? 22 : 9;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level > most)
        {
            throw new HoistException($"--output compression-level={text}: expected 0-{most} for {compression.ToString().ToLowerInvariant()}");
        }
        return compression == LayerCompression.None ? null : level == 0 && compression == LayerCompression.Zstd ? null : level;
    }

    private static bool Boolean(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new HoistException($"--output {key}=\"{value}\" is not true or false"),
    };

    /// <summary><c>-o type=image,annotation.K=V,annotation-index.K=V</c>: the same as <c>--annotation [TYPE:]K=V</c>.</summary>
    private static IEnumerable<(string Origin, string Text)> OutputAnnotations(BuildOutput output)
    {
        foreach (var (key, value) in output.Attributes)
        {
            if (!key.StartsWith("annotation", StringComparison.Ordinal)) continue;
            var dot = key.IndexOf('.');
            if (dot < 0) throw new HoistException($"--output {key}={value}: expected annotation[-TYPE].KEY=VALUE");
            var type = key[..dot] == "annotation" ? "" : key["annotation-".Length..dot] + ":";
            yield return ("--output", $"{type}{key[(dot + 1)..]}={value}");
        }
    }

    /// <summary>buildx's <c>[TYPE[,TYPE…]:]KEY=VALUE</c>; without a type the annotation goes on the manifest.</summary>
    private static ImageAnnotations Annotations(IReadOnlyList<(string Origin, string Text)> specs, bool multiPlatform)
    {
        var manifest = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        var descriptor = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (origin, text) in specs)
        {
            var equals = text.IndexOf('=');
            if (equals <= 0) throw new HoistException($"{origin} {text}: expected [TYPE:]KEY=VALUE");
            var (left, value) = (text[..equals], text[(equals + 1)..]);
            var colon = left.IndexOf(':');
            var types = colon < 0 ? ["manifest"] : left[..colon].Split(',');
            var key = colon < 0 ? left : left[(colon + 1)..];
            if (key.Length == 0) throw new HoistException($"{origin} {text}: the annotation has no key");
            foreach (var type in types)
            {
                var target = type switch
                {
                    "manifest" => manifest,
                    "index" => index,
                    "manifest-descriptor" => descriptor,
                    _ when type.Contains('[') => throw new HoistException($"{origin} {text}: platform-specific annotations ({type}) are not supported yet"),
                    "index-descriptor" => throw new HoistException($"{origin} {text}: index-descriptor annotations are not supported yet"),
                    _ => throw new HoistException($"{origin} {text}: unknown annotation type \"{type}\" (manifest, index, manifest-descriptor)"),
                };
                target[key] = value;
            }
        }
        if (!multiPlatform && (index.Count > 0 || descriptor.Count > 0))
        {
            throw new HoistException("index annotations not supported for single platform export (build several --platform values for an index)");
        }
        return new ImageAnnotations { Manifest = manifest, Index = index, ManifestDescriptor = descriptor };
    }
}
