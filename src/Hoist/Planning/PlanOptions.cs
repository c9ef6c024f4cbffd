using Hoist.Oci;

namespace Hoist.Planning;

/// <summary>What the user asked of a build that changes its plan: target stage, build args and platforms.</summary>
public sealed record PlanOptions
{
    /// <summary>Stage to build (case-insensitive); null means the last stage, as <c>docker build</c> does.</summary>
    public string? Target { get; init; }

    /// <summary>
    /// <c>--build-arg</c> values as written: <c>K=V</c>, or <c>K</c> alone to take the value from the environment
    /// (left unset when the environment has no such variable).
    /// </summary>
    public IReadOnlyList<string> BuildArgs { get; init; } = [];

    /// <summary>Where <c>K</c>-only build args get their value; injectable so tests do not depend on the process.</summary>
    public Func<string, string?> EnvironmentLookup { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The platform the build runs on (BUILDPLATFORM).</summary>
    public Platform BuildPlatform { get; init; } = Platform.Host;

    /// <summary>The platform the image is built for (TARGETPLATFORM); null means the build platform.</summary>
    public Platform? TargetPlatform { get; init; }

    /// <summary>The Dockerfile's escape character (<c># escape=</c>), used when expanding variables.</summary>
    public char EscapeChar { get; init; } = '\\';

    /// <summary>
    /// The HEAD commit time of the git checkout holding the context: the epoch when no build arg, environment variable
    /// or global ARG default gives one (BuildKit's <c>SOURCE_DATE_EPOCH=context</c>); null when there is none or the
    /// user asked for none. Read by the caller: planning does no I/O.
    /// </summary>
    public long? ContextSourceDateEpoch { get; init; }

    /// <summary>Only the stages are listed (<c>hoist targets</c>): a FROM whose base expands to nothing (a build arg
    /// without a default) is shown as written instead of refused.</summary>
    public bool ListingOnly { get; init; }

    /// <summary><c>--build-context</c> values by name: each replaces the stage or image of its name (BuildKit's named
    /// contexts).</summary>
    public IReadOnlyDictionary<string, NamedContext> NamedContexts { get; init; } = new Dictionary<string, NamedContext>();

    public Platform EffectiveTargetPlatform => TargetPlatform ?? BuildPlatform;

    /// <summary>Resolves <see cref="BuildArgs"/> into name → value; a later <c>--build-arg</c> for a name wins.</summary>
    public IReadOnlyDictionary<string, string> ResolveBuildArgs()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in BuildArgs)
        {
            var equals = spec.IndexOf('=');
            var name = equals < 0 ? spec : spec[..equals];
            if (name.Length == 0)
            {
                throw new HoistException($"invalid build arg \"{spec}\": expected NAME=VALUE or NAME");
            }
            if (equals >= 0)
            {
                values[name] = spec[(equals + 1)..];
            }
            else if (EnvironmentLookup(name) is { } fromEnvironment)
            {
                values[name] = fromEnvironment;
            }
            else
            {
                // docker: `--build-arg K` with K unset in the environment leaves the arg unset.
                values.Remove(name);
            }
        }
        // buildx and buildctl pass the client's $SOURCE_DATE_EPOCH as the build arg unless the user gave one.
        if (!values.ContainsKey(SourceDateEpoch.Name) && EnvironmentLookup(SourceDateEpoch.Name) is { Length: > 0 } epoch)
        {
            values[SourceDateEpoch.Name] = epoch;
        }
        return values;
    }
}
