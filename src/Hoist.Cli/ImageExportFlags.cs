using System.Globalization;
using System.Text.RegularExpressions;
using Hoist.Archives;
using Hoist.Building.Engine;
using Hoist.Formats;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary>
/// buildx's image output options, read from every <c>-o</c> (<c>compression=</c>, <c>compression-level=</c>,
/// <c>force-compression=</c>, <c>oci-mediatypes=</c>, <c>annotation[-TYPE].KEY=</c>) and from <c>--annotation</c>.
/// The outputs share the build's layers, so two outputs asking for different formats are an error.
/// </summary>
public static partial class ImageExportFlags
{
    private static readonly string[] FormatKeys = ["compression", "compression-level", "force-compression", "oci-mediatypes"];

    public static ImageExportFormat Read(IReadOnlyList<BuildOutput> outputs, IReadOnlyList<string> annotationFlags, IReadOnlyList<Platform> platforms)
    {
        var formats = outputs.Select(o => FormatKeys.Where(o.Attributes.ContainsKey).Select(k => $"{k}={o.Attributes[k]}"))
            .Select(f => string.Join(',', f)).Where(f => f.Length > 0).Distinct().ToList();
        if (formats.Count > 1) throw new HoistException($"--output: the outputs ask for different layer formats ({string.Join(" and ", formats)}): they share the build's layers");
        var attributes = outputs.FirstOrDefault(o => FormatKeys.Any(o.Attributes.ContainsKey))?.Attributes ?? new Dictionary<string, string>();
        var compression = attributes.TryGetValue("compression", out var name) ? Compression(name) : LayerCompression.Gzip;
        var annotations = Annotations([.. annotationFlags.Select(a => ("--annotation", a)), .. outputs.SelectMany(OutputAnnotations)], platforms);
        // As BuildKit: zstd layers only exist under OCI media types, so they turn them on.
        var ociMediaTypes = compression == LayerCompression.Zstd || !attributes.TryGetValue("oci-mediatypes", out var oci) || Boolean("oci-mediatypes", oci);
        if (!ociMediaTypes && annotations.Index.Count + annotations.IndexDescriptor.Count + annotations.ManifestDescriptor.Count
            + annotations.PlatformManifestDescriptor.Count > 0)
        {
            throw new HoistException("cannot export annotations with \"oci-mediatypes=false\" (index, index-descriptor and manifest-descriptor annotations need OCI media types)");
        }
        return new ImageExportFormat
        {
            Compression = compression,
            CompressionLevel = attributes.TryGetValue("compression-level", out var level) ? Level(compression, level) : null,
            OciMediaTypes = ociMediaTypes,
            ForceCompression = attributes.TryGetValue("force-compression", out var force) && Boolean("force-compression", force),
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

    /// <summary><c>-o type=image,annotation.K=V,annotation-index.K=V,annotation-manifest[linux/amd64].K=V</c>: the same as
    /// <c>--annotation [TYPE[PLATFORM]:]K=V</c> (BuildKit's exporter attribute keys).</summary>
    private static IEnumerable<(string Origin, string Text)> OutputAnnotations(BuildOutput output)
    {
        foreach (var (key, value) in output.Attributes)
        {
            if (!key.StartsWith("annotation", StringComparison.Ordinal)) continue;
            var dot = key.IndexOf('.');
            if (dot < 0) throw new HoistException($"--output {key}={value}: expected annotation[-TYPE].KEY=VALUE");
            var prefix = key[..dot];
            var type = prefix == "annotation" ? ""
                : prefix.StartsWith("annotation-", StringComparison.Ordinal) ? prefix["annotation-".Length..] + ":"
                : prefix.StartsWith("annotation[", StringComparison.Ordinal) ? "manifest" + prefix["annotation".Length..] + ":"
                : throw new HoistException($"--output {key}={value}: expected annotation[-TYPE][[PLATFORM]].KEY=VALUE");
            yield return ("--output", $"{type}{key[(dot + 1)..]}={value}");
        }
    }

    /// <summary>
    /// buildx's <c>[TYPE[PLATFORM][,TYPE…]:]KEY=VALUE</c>; without a type the annotation goes on the manifest. A
    /// platform qualifies a manifest or manifest-descriptor annotation (an index or index-descriptor one ignores it, as
    /// BuildKit's key does); a single-platform build has no per-platform manifests, so BuildKit leaves qualified ones
    /// out, and a multi-platform build must build the platform named.
    /// </summary>
    private static ImageAnnotations Annotations(IReadOnlyList<(string Origin, string Text)> specs, IReadOnlyList<Platform> platforms)
    {
        var manifest = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        var descriptor = new Dictionary<string, string>(StringComparer.Ordinal);
        var indexDescriptor = new Dictionary<string, string>(StringComparer.Ordinal);
        var platformManifest = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var platformDescriptor = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (origin, text) in specs)
        {
            var equals = text.IndexOf('=');
            if (equals <= 0) throw new HoistException($"{origin} {text}: expected [TYPE:]KEY=VALUE");
            var (left, value) = (text[..equals], text[(equals + 1)..]);
            var colon = left.IndexOf(':');
            var types = colon < 0 ? ["manifest"] : left[..colon].Split(',');
            var key = colon < 0 ? left : left[(colon + 1)..];
            if (key.Length == 0) throw new HoistException($"{origin} {text}: the annotation has no key");
            foreach (var typeAndPlatform in types)
            {
                var (type, platform) = TypeAndPlatform(origin, text, typeAndPlatform);
                var target = (type, platform) switch
                {
                    ("index", _) => index,
                    ("manifest", null) => manifest,
                    ("manifest-descriptor", null) => descriptor,
                    ("manifest", { } p) => ForPlatform(platformManifest, origin, text, p, platforms),
                    ("manifest-descriptor", { } p) => ForPlatform(platformDescriptor, origin, text, p, platforms),
                    ("index-descriptor", _) => indexDescriptor,
                    _ => throw new HoistException($"{origin} {text}: unknown annotation type \"{type}\" (manifest, index, manifest-descriptor, index-descriptor)"),
                };
                target[key] = value;
            }
        }
        // BuildKit's check: a single platform's manifest descriptor is the image's own (an oci output's index.json entry).
        if (platforms.Count <= 1 && (index.Count > 0 || indexDescriptor.Count > 0))
        {
            throw new HoistException("index annotations not supported for single platform export (build several --platform values for an index)");
        }
        return new ImageAnnotations
        {
            Manifest = manifest, Index = index, ManifestDescriptor = descriptor, IndexDescriptor = indexDescriptor,
            PlatformManifest = platformManifest.ToDictionary(p => p.Key, IReadOnlyDictionary<string, string> (p) => p.Value, StringComparer.Ordinal),
            PlatformManifestDescriptor = platformDescriptor.ToDictionary(p => p.Key, IReadOnlyDictionary<string, string> (p) => p.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>buildx's <c>^([a-z-]+)(?:\[([A-Za-z0-9_/-]+)\])?$</c>, with its messages.</summary>
    private static (string Type, Platform? Platform) TypeAndPlatform(string origin, string text, string typeAndPlatform)
    {
        var match = AnnotationType().Match(typeAndPlatform);
        if (!match.Success)
        {
            throw new HoistException($"{origin} {text}: invalid annotation type \"{typeAndPlatform}\", expected type and optional platform in square brackets");
        }
        if (!match.Groups[2].Success) return (match.Groups[1].Value, null);
        try
        {
            return (match.Groups[1].Value, Platform.Parse(match.Groups[2].Value));
        }
        catch (HoistException e)
        {
            throw new HoistException($"{origin} {text}: {e.Message}", e);
        }
    }

    [GeneratedRegex(@"^([a-z-]+)(?:\[([A-Za-z0-9_/-]+)\])?$")]
    private static partial Regex AnnotationType();

    /// <summary>The annotations of <paramref name="platform"/>: a throw-away set for a single-platform build (BuildKit
    /// leaves them out), an error for a platform a multi-platform build does not build (BuildKit's message).</summary>
    private static Dictionary<string, string> ForPlatform(Dictionary<string, Dictionary<string, string>> byPlatform, string origin, string text,
        Platform platform, IReadOnlyList<Platform> platforms)
    {
        if (platforms.Count <= 1) return new Dictionary<string, string>(StringComparer.Ordinal);
        var key = ImageAnnotations.Key(platform);
        if (!platforms.Any(p => ImageAnnotations.Key(p) == key))
        {
            throw new HoistException($"{origin} {text}: invalid annotation: no platform {key} found in source");
        }
        if (!byPlatform.TryGetValue(key, out var annotations)) byPlatform[key] = annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        return annotations;
    }
}
