namespace Hoist.Analysis.Sbom;

/// <summary>The SBOM scanners, and the packages they found in a merged filesystem (files a later layer deleted or
/// replaced do not count), each listed once, in a stable order.</summary>
public static class PackageScanners
{
    public static IReadOnlyList<FileInspector> All() =>
    [
        new DpkgStatusScanner(), new ApkDatabaseScanner(), new NpmPackageScanner(), new NpmLockScanner(),
        new PythonMetadataScanner(), new GoBinaryScanner(), new JarScanner(), new DotnetDepsScanner(), new OsReleaseScanner(),
    ];

    public static IReadOnlyList<SoftwarePackage> Collect(MergedFileSystem fileSystem)
    {
        var found = fileSystem.Root.Descendants().SelectMany(n => n.Evidence).OfType<PackagesEvidence>().SelectMany(e => e.Packages).ToList();
        // A lock file entry whose package is installed in the image is the same package: keep the installed copy.
        var installed = found.Where(p => p.Ecosystem == "npm" && !p.Location.EndsWith("/package-lock.json", StringComparison.Ordinal))
            .Select(p => p.InstallPath).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return found
            .Where(p => !(p.Location.EndsWith("/package-lock.json", StringComparison.Ordinal) && p.InstallPath is { } at && installed.Contains(at)))
            .DistinctBy(p => (p.Ecosystem, p.FullName, p.Version, p.Location, p.InstallPath))
            .OrderBy(p => p.Ecosystem, StringComparer.Ordinal)
            .ThenBy(p => p.FullName, StringComparer.Ordinal)
            .ThenBy(p => p.Version, StringComparer.Ordinal)
            .ThenBy(p => p.Location, StringComparer.Ordinal)
            .ThenBy(p => p.InstallPath, StringComparer.Ordinal)
            .ToList();
    }
}
