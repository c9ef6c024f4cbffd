using System.Globalization;

namespace Hoist.Planning;

/// <summary>
/// SOURCE_DATE_EPOCH as BuildKit's Dockerfile frontend reads it (docs/build-repro.md): a special build arg, which
/// the client fills from its own environment when the user did not pass it (buildx and buildctl do), and which a
/// global <c>ARG SOURCE_DATE_EPOCH=N</c> default supplies when neither does.
/// </summary>
public static class SourceDateEpoch
{
    public const string Name = "SOURCE_DATE_EPOCH";

    /// <summary>The epoch in seconds (null when none is given) and where it came from. <c>--build-arg</c> wins over the
    /// environment (which <see cref="PlanOptions.ResolveBuildArgs"/> has already merged in), both win over the global
    /// ARG's default, and that over <paramref name="contextEpoch"/> (the context's git HEAD commit time).</summary>
    public static (long? Seconds, SourceDateEpochOrigin Origin) Resolve(
        IReadOnlyDictionary<string, string> buildArgs, IReadOnlyList<ResolvedArg> globalArgs, long? contextEpoch)
    {
        // An empty value given explicitly means "no epoch", as in BuildKit: it also keeps the later sources out.
        if (buildArgs.TryGetValue(Name, out var given)) return Found(Parse(given), SourceDateEpochOrigin.BuildArg);
        if (globalArgs.LastOrDefault(a => a.Name == Name)?.Value is { } value) return Found(Parse(value), SourceDateEpochOrigin.DockerfileDefault);
        return contextEpoch is { } fromGit ? (fromGit, SourceDateEpochOrigin.GitCommit) : (null, SourceDateEpochOrigin.None);
    }

    private static (long?, SourceDateEpochOrigin) Found(long? seconds, SourceDateEpochOrigin origin) =>
        (seconds, seconds is null ? SourceDateEpochOrigin.None : origin);

    /// <summary>An empty value means "not set", as in BuildKit; anything else must be a non-negative integer.</summary>
    public static long? Parse(string text)
    {
        if (text.Length == 0) return null;
        if (text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return seconds;
        }
        throw new HoistException($"invalid {Name} \"{text}\": expected a non-negative integer (seconds since 1970-01-01 UTC)");
    }
}
