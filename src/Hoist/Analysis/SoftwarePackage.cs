namespace Hoist.Analysis;

/// <summary>
/// A package found in an image. <paramref name="Ecosystem"/> is the package-URL type (<c>deb</c>, <c>apk</c>,
/// <c>npm</c>, <c>pypi</c>, <c>golang</c>, <c>maven</c>, <c>nuget</c>); <paramref name="Location"/> is the file that
/// declares it.
/// </summary>
public sealed record SoftwarePackage(string Ecosystem, string Name, string Version, string Location)
{
    /// <summary>Maven group or npm scope (with its <c>@</c>), when the ecosystem has one.</summary>
    public string? Namespace { get; init; }

    /// <summary>The license the package declares, verbatim.</summary>
    public string? License { get; init; }

    public string? Architecture { get; init; }

    /// <summary>The source package (Debian Source:, Alpine origin) when it differs from the name.</summary>
    public string? SourceName { get; init; }

    /// <summary>Where a package manager installs it (an npm package's directory), to list it once when both its
    /// lock file entry and its installed copy are found.</summary>
    public string? InstallPath { get; init; }

    public string FullName => Namespace is null ? Name : Ecosystem == "npm" ? $"{Namespace}/{Name}" : $"{Namespace}:{Name}";
}
