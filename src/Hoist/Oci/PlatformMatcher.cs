using System.Globalization;

namespace Hoist.Oci;

/// <summary>
/// containerd's platform matching (<c>platforms.Normalize</c> and <c>platforms.Only</c>), which docker pull and
/// BuildKit use to pick an image for a platform: both sides are normalised (aarch64 is arm64, arm64/v8 is arm64, arm
/// without a variant is arm/v7), an exact match ranks first, then what the platform can also run: lower arm variants,
/// arm64's 32-bit arm, lower amd64 microarchitecture levels, and 386 on amd64. <c>os.version</c> is ignored, as
/// containerd ignores it on Linux.
/// </summary>
public static class PlatformMatcher
{
    /// <summary>containerd's <c>Normalize</c>: the canonical spelling of os, architecture and variant.</summary>
    public static Platform Normalize(Platform platform)
    {
        var os = platform.Os.ToLowerInvariant() is "macos" ? "darwin" : platform.Os.ToLowerInvariant();
        var variant = string.IsNullOrEmpty(platform.Variant) ? null : platform.Variant.ToLowerInvariant();
        (string architecture, variant) = (platform.Architecture.ToLowerInvariant(), variant) switch
        {
            ("i386", var v) => ("386", v),
            ("x86_64" or "x86-64" or "amd64", "v1") => ("amd64", null),
            ("x86_64" or "x86-64" or "amd64", var v) => ("amd64", v),
            ("aarch64" or "arm64", "8" or "v8" or "v8.0") => ("arm64", null),
            ("aarch64" or "arm64", var v) => ("arm64", v),
            ("armhf", _) => ("arm", "v7"),
            ("armel", _) => ("arm", "v6"),
            ("arm", null or "7") => ("arm", "v7"),
            ("arm", "5" or "6" or "8") => ("arm", "v" + variant),
            (var a, var v) => (a, v),
        };
        return platform with { Os = os, Architecture = architecture, Variant = variant };
    }

    /// <summary>
    /// How well <paramref name="candidate"/> serves <paramref name="wanted"/>: 0 is an exact match, higher is a
    /// fallback the platform can still run, null is no match.
    /// </summary>
    public static int? Rank(Platform candidate, Platform wanted)
    {
        var have = Normalize(candidate);
        var order = Preference(Normalize(wanted));
        for (var i = 0; i < order.Count; i++)
        {
            if (have.Os == order[i].Os && have.Architecture == order[i].Architecture && have.Variant == order[i].Variant) return i;
        }
        return null;
    }

    public static bool Matches(Platform candidate, Platform wanted) => Rank(candidate, wanted) is not null;

    /// <summary>docker run's and inspect's refusal when a name exists, but not for the platform asked for.</summary>
    public static void Require(string image, Platform actual, Platform? wanted)
    {
        if (wanted is not null && !Matches(actual, wanted))
        {
            throw new HoistException($"image \"{image}\" does not match the specified platform: wanted {wanted}, actual: {actual}");
        }
    }

    /// <summary>The entry ranked best for <paramref name="wanted"/> (the first of equals), or null when none matches.</summary>
    public static T? Best<T>(IEnumerable<T> candidates, Func<T, Platform?> platformOf, Platform wanted) where T : class =>
        candidates
            .Select(c => (Candidate: c, Rank: platformOf(c) is { } p ? Rank(p, wanted) : null))
            .Where(c => c.Rank is not null)
            .OrderBy(c => c.Rank)
            .Select(c => c.Candidate)
            .FirstOrDefault();

    /// <summary>containerd's <c>platformVector</c>: the platform, then what it can also run, best first.</summary>
    private static List<Platform> Preference(Platform platform)
    {
        var order = new List<Platform> { platform };
        switch (platform.Architecture)
        {
            case "amd64":
                for (var level = VariantNumber(platform.Variant) - 1; level >= 1; level--)
                {
                    order.Add(platform with { Variant = level == 1 ? null : $"v{level}" });
                }
                order.Add(platform with { Architecture = "386", Variant = null });
                break;
            case "arm":
                for (var level = VariantNumber(platform.Variant) - 1; level >= 5; level--) order.Add(platform with { Variant = $"v{level}" });
                break;
            case "arm64":
                order.AddRange(Preference(platform with { Architecture = "arm", Variant = "v8" }));
                break;
        }
        return order;
    }

    private static int VariantNumber(string? variant) =>
        variant is ['v', .. var digits] && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
