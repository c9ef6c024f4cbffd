using Hoist.Oci;

namespace Hoist.Checks;

/// <summary>The inputs of a check besides the Dockerfile: the same target, build args and platforms as the build.</summary>
public sealed record CheckOptions
{
    /// <summary>The stage built; null checks every stage (as <c>--call=check</c> without <c>--target</c>).</summary>
    public string? Target { get; init; }

    /// <summary>
    /// The check of a build: without <see cref="Target"/> the default target (the last stage) is built, and only the
    /// stages it needs are dispatched. BuildKit's build reports the dispatch rules (UndefinedVar, JSONArgsRecommended, …)
    /// of the stages it builds only; <c>--call=check</c> dispatches every stage. Whole-file and FROM rules cover every
    /// stage either way.
    /// </summary>
    public bool ForBuild { get; init; }

    /// <summary>Resolved <c>--build-arg</c> values (name → value).</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The predefined platform ARGs (BUILDPLATFORM, TARGETPLATFORM, …) with their values, as planning defines them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> PlatformArgs { get; init; } = [];

    /// <summary>The platform stages are built for unless their FROM says otherwise.</summary>
    public Platform TargetPlatform { get; init; } = Platform.Host;

    /// <summary>Whether a context-relative source path (or a parent of it) is excluded by .dockerignore; null: no file.</summary>
    public Func<string, bool>? IsIgnored { get; init; }

    /// <summary>Whether the build context has a context-relative path; null when there is no context to look at.</summary>
    public Func<string, bool>? ContextHasPath { get; init; }

    /// <summary>Facts about a base image by its expanded name, when known; null when nothing is known.</summary>
    public Func<string, BaseImageFacts?> BaseImage { get; init; } = _ => null;

    /// <summary>The names <c>--build-context</c> gives (no image is pulled for them, so no image rule applies).</summary>
    public IReadOnlySet<string> NamedContexts { get; init; } = new HashSet<string>();

    /// <summary>The name of the build arg that replaces the <c># check=</c> directive.</summary>
    public const string CheckBuildArg = "BUILDKIT_DOCKERFILE_CHECK";
}
