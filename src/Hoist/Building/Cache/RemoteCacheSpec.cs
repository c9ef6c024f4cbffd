using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Building.Cache;

/// <summary>
/// A <c>--cache-to</c> or <c>--cache-from</c> value, as buildx spells it: <c>type=registry,ref=HOST/REPO:TAG</c> (a bare
/// reference means that) or <c>type=local,dest=DIR</c> (export) / <c>type=local,src=DIR</c> (import); exports take
/// <c>mode=min|max</c> and Hoist's <c>mounts=true</c> (also carry the contents of <c>RUN --mount=type=cache</c>
/// directories).
/// </summary>
public sealed record RemoteCacheSpec
{
    public required RemoteCacheType Type { get; init; }

    /// <summary>The registry reference (type registry).</summary>
    public ImageReference? Reference { get; init; }

    /// <summary>The OCI layout directory (type local).</summary>
    public string? Directory { get; init; }

    public RemoteCacheMode Mode { get; init; } = RemoteCacheMode.Min;

    /// <summary>Export the cache mounts the build used with the cache.</summary>
    public bool Mounts { get; init; }

    /// <summary>The location as the user wrote it, for messages.</summary>
    public string Name => Type == RemoteCacheType.Registry ? Reference!.ToString() : Directory!;

    /// <summary>Parses <paramref name="text"/> for <paramref name="option"/> (named in errors); <c>mode</c> and
    /// <c>mounts</c> are only accepted by <c>--cache-to</c> (<paramref name="export"/>).</summary>
    public static RemoteCacheSpec Parse(string text, string option, bool export)
    {
        var fields = Fields(text, option);
        HoistException Fail(string cause) => new($"invalid {option} \"{text}\": {cause}");
        var type = fields.GetValueOrDefault("type") ?? throw Fail(fields.ContainsKey("dest") || fields.ContainsKey("src")
            ? "missing type=local" : "missing type=registry");
        var location = (type, export) switch
        {
            ("registry", _) => "ref",
            ("local", true) => "dest",
            ("local", false) => "src",
            _ => throw Fail($"cache type \"{type}\" is not supported (registry or local)"),
        };
        if (fields.Keys.FirstOrDefault(k => k != "type" && k != location && !(export && k is "mode" or "mounts")) is { } unknown)
        {
            throw Fail($"unknown field \"{unknown}\"");
        }
        var value = fields.GetValueOrDefault(location);
        if (string.IsNullOrEmpty(value)) throw Fail(location == "ref" ? "missing ref=HOST/REPO:TAG" : $"missing {location}=DIR");
        ImageReference? reference = null;
        if (location == "ref" && !ImageReference.TryParse(value!, out reference, out var error)) throw Fail(error);
        return new RemoteCacheSpec
        {
            Type = location == "ref" ? RemoteCacheType.Registry : RemoteCacheType.Local,
            Reference = reference,
            Directory = location == "ref" ? null : Path.GetFullPath(value!),
            Mode = fields.GetValueOrDefault("mode") switch
            {
                null or "min" => RemoteCacheMode.Min,
                "max" => RemoteCacheMode.Max,
                var mode => throw Fail($"mode must be min or max, not \"{mode}\""),
            },
            Mounts = fields.GetValueOrDefault("mounts") switch
            {
                null or "false" => false,
                "true" => true,
                var mounts => throw Fail($"mounts must be true or false, not \"{mounts}\""),
            },
        };
    }

    private static Dictionary<string, string> Fields(string text, string option)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!text.Contains('=', StringComparison.Ordinal))
        {
            fields["type"] = "registry";
            fields["ref"] = text;
            return fields;
        }
        foreach (var field in SpecFields.Split(text, trim: true))
        {
            var (key, value) = SpecFields.ParseField(field);
            if (value is null || key.Length == 0) throw new HoistException($"invalid {option} \"{text}\": expected KEY=VALUE fields, got \"{field}\"");
            fields[key.ToLowerInvariant()] = value;
        }
        return fields;
    }
}
