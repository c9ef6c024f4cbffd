using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Building.Cache;

/// <summary>
/// A <c>--cache-to</c> or <c>--cache-from</c> value: <c>type=registry,ref=HOST/REPO:TAG[,mode=min|max]</c> (a bare
/// reference means <c>type=registry,ref=</c> it, as in buildx). Only the registry type is supported.
/// </summary>
public sealed record RemoteCacheSpec(ImageReference Reference, RemoteCacheMode Mode)
{
    /// <summary>Parses <paramref name="text"/> for <paramref name="option"/> (named in errors); <c>mode</c> is only
    /// accepted by <c>--cache-to</c> (<paramref name="export"/>).</summary>
    public static RemoteCacheSpec Parse(string text, string option, bool export)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!text.Contains('=', StringComparison.Ordinal))
        {
            fields["type"] = "registry";
            fields["ref"] = text;
        }
        else
        {
            foreach (var field in SpecFields.Split(text, trim: true))
            {
                var (key, value) = SpecFields.ParseField(field);
                if (value is null || key.Length == 0) throw new HoistException($"invalid {option} \"{text}\": expected KEY=VALUE fields, got \"{field}\"");
                fields[key] = value;
            }
        }
        var type = fields.GetValueOrDefault("type");
        var reference = fields.GetValueOrDefault("ref");
        var mode = fields.GetValueOrDefault("mode");
        if (type is not null && type != "registry")
        {
            throw new HoistException($"invalid {option} \"{text}\": cache type \"{type}\" is not supported (only registry)");
        }
        if (fields.Keys.FirstOrDefault(k => k.ToLowerInvariant() is not ("type" or "ref") && !(export && k.Equals("mode", StringComparison.OrdinalIgnoreCase))) is { } unknown)
        {
            throw new HoistException($"invalid {option} \"{text}\": unknown field \"{unknown}\"");
        }
        if (type is null) throw new HoistException($"invalid {option} \"{text}\": missing type=registry");
        if (string.IsNullOrEmpty(reference)) throw new HoistException($"invalid {option} \"{text}\": missing ref=HOST/REPO:TAG");
        if (!ImageReference.TryParse(reference, out var parsed, out var error)) throw new HoistException($"invalid {option} \"{text}\": {error}");
        var cacheMode = mode switch
        {
            null or "min" => RemoteCacheMode.Min,
            "max" => RemoteCacheMode.Max,
            _ => throw new HoistException($"invalid {option} \"{text}\": mode must be min or max, not \"{mode}\""),
        };
        return new RemoteCacheSpec(parsed, cacheMode);
    }
}
