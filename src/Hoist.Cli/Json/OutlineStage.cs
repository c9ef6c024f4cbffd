namespace Hoist.Cli.Json;

/// <summary>One stage in build order. <see cref="BaseKind"/> is <c>image</c>, <c>stage</c>, <c>scratch</c> or <c>context</c> (a directory or git <c>--build-context</c>).</summary>
public sealed record OutlineStage(
    int Index,
    string? Name,
    string Base,
    string BaseKind,
    string Platform,
    bool IsTarget,
    IReadOnlyList<OutlineDependency> DependsOn,
    IReadOnlyList<OutlineImage> ExternalImages,
    IReadOnlyList<OutlineArg> Args,
    IReadOnlyList<OutlineSecret> Secrets,
    IReadOnlyList<OutlineCacheMount> CacheMounts,
    string? Description);
